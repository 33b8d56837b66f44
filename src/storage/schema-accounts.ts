import type { Generated } from 'kysely';

/** Tables of accounts, sessions and one-time tokens (migration 0003). Timestamps are ISO-8601 text in UTC. */
export interface AccountTables {
  users: UsersTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
  login_attempts: LoginAttemptsTable;
}

export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  /** One of ROLES (src/domain/roles.ts), checked by the database. */
  role: string;
  agency_id: number | null;
  government_id: number | null;
  /** 'es' | 'en': the language of the mail sent to this person. */
  lang: Generated<string>;
  /** argon2id, PHC string; null until the person sets a password. Never written to the audit log. */
  password_hash: string | null;
  /** 0 | 1 */
  disabled: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** sha256 (hex) of the session token; the token is only in the person's cookie. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AccountTokensTable {
  id: Generated<number>;
  /** sha256 (hex) of the one-time token sent in the link. */
  token_hash: string;
  user_id: number;
  purpose: 'set-password' | 'reset-password';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  /** 'email:ana@example.org' or 'ip:203.0.113.5'. */
  key: string;
  at: string;
  /** 0 | 1 */
  success: number;
}
