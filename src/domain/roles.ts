/** Who uses Vigía (see DESIGN.md): the roles of accounts, and the person behind a request. */
export const ROLES = ['admin', 'coordinator', 'agency-editor', 'reviewer', 'civil-society'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A signed-in person. `agencyId` is set for agency editors; `governmentId` for coordinators (and reviewers of one government). */
export interface Actor {
  userId: number;
  email: string;
  name: string;
  role: Role;
  agencyId: number | null;
  governmentId: number | null;
}
