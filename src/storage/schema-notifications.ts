import type { Generated } from 'kysely';

/** Tables of notifications (migration 0010, decision 016). Timestamps are ISO-8601 text in UTC, dates YYYY-MM-DD. */
export interface NotificationTables {
  outbox: OutboxTable;
  notification_runs: NotificationRunsTable;
  digest_told: DigestToldTable;
  notification_settings: NotificationSettingsTable;
  follows: FollowsTable;
  notification_tokens: NotificationTokensTable;
  notification_cursors: NotificationCursorsTable;
}

export interface OutboxTable {
  id: Generated<number>;
  dedupe_key: string;
  recipient: string;
  lang: string;
  subject: string;
  body: string;
  message_id: string;
  headers: string | null;
  /** pending → sending → sent; failed after the last attempt (kept). */
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface NotificationRunsTable {
  id: Generated<number>;
  kind: string;
  run_date: string;
  started_at: string;
  finished_at: string | null;
  queued: Generated<number>;
}

export interface DigestToldTable {
  id: Generated<number>;
  user_id: number;
  warning_key: string;
  told_on: string;
}

export interface NotificationSettingsTable {
  user_id: number;
  /** 0 | 1 */
  digest: number;
  /** 0 | 1: workflow notices (returned, submitted) also sent at once (migration 0025). */
  workflow_at_once: Generated<number>;
  updated_at: string;
}

export interface FollowsTable {
  id: Generated<number>;
  commitment_id: number;
  email: string;
  lang: string;
  status: string;
  created_at: string;
  confirmed_at: string | null;
  ended_at: string | null;
  from_audit_id: number | null;
}

export interface NotificationTokensTable {
  id: Generated<number>;
  token_hash: string;
  purpose: 'digest-off' | 'follow-confirm' | 'unfollow';
  user_id: number | null;
  follow_id: number | null;
  created_at: string;
  expires_at: string | null;
  used_at: string | null;
}

export interface NotificationCursorsTable {
  name: string;
  audit_id: number;
  updated_at: string;
}
