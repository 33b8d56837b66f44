/** Tables of accounts, sessions and one-time tokens (migration 0003). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccountTables {}
