/** Tables of the workspace: assessment workflow, corrections (migration 0005). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WorkspaceTables {}
