import { WORKSPACE_ROLES } from '../domain/permissions.js';
import type { Actor, Role } from '../domain/roles.js';
import type { AccountState } from './views/layout.js';

/**
 * Every route declares who may call it (`config: { permission }`); a route without a rule is refused
 * when the app is built. The rule is the coarse gate (which roles may call the route at all), checked
 * before the body is read; what a person may do to the very thing they ask about is domain/permissions.ts's
 * `can`, asked by the service.
 */
export const PERMISSIONS = [
  // Anyone: published data.
  'public:read',
  // Anyone: the account pages (sign in, forgotten password, set a password with a one-time link).
  'public:account',
  // Any signed-in account: sign out, its own account.
  'signed-in',
  // The workspace: coordinators, agency editors, reviewers, admins (what each may touch is checked by the service).
  'workspace',
  // Coordinators only: open and publish rounds, decide assessments, reorganise.
  'coordinator',
  // Independent reviewers (IRM) only: enter the review of commitments.
  'reviewer',
  // Admins only: accounts and agencies.
  'admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
  }
  interface FastifyRequest {
    /** The signed-in person, or null: set by the session plugin (src/http/auth.ts) on every request. */
    actor: Actor | null;
    /** The same person as the page header shows them, with a token for the sign-out form; null for a visitor. */
    account: AccountState | null;
  }
}

/** Which roles a route's rule lets through (null: anyone, signed in or not). */
export const RULE_ROLES: Record<Permission, readonly Role[] | null> = {
  'public:read': null,
  'public:account': null,
  'signed-in': ['admin', 'coordinator', 'agency-editor', 'reviewer', 'civil-society'],
  workspace: WORKSPACE_ROLES,
  coordinator: ['coordinator'],
  reviewer: ['reviewer'],
  admin: ['admin'],
};

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
