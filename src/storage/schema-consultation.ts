import type { Generated } from 'kysely';

/** Tables of public consultation and the shared rate limit (migration 0013). Timestamps ISO-8601 UTC, dates YYYY-MM-DD, booleans 0/1. */
export interface ConsultationTables {
  consultations: ConsultationsTable;
  consultation_authors: ConsultationAuthorsTable;
  consultation_tokens: ConsultationTokensTable;
  consultation_comments: ConsultationCommentsTable;
  rate_events: RateEventsTable;
}

export interface ConsultationsTable {
  id: Generated<number>;
  plan_id: number;
  round_id: number | null;
  title: string;
  starts_on: string;
  ends_on: string;
  opened_by: string;
  opened_at: string;
  /** Closed before ends_on by the coordination (migration 0022): the app's day it closed, why, who, when. */
  closed_on: string | null;
  closed_reason: string | null;
  closed_by: string | null;
  closed_at: string | null;
}

export interface ConsultationAuthorsTable {
  id: Generated<number>;
  email: string;
  lang: string;
  created_at: string;
  confirmed_at: string | null;
}

export interface ConsultationTokensTable {
  id: Generated<number>;
  token_hash: string;
  author_id: number;
  consultation_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** 'link': the mailed link (used once); 'session': the commenter cookie it was exchanged for. */
  purpose: Generated<string>;
}

export interface ConsultationCommentsTable {
  id: Generated<number>;
  consultation_id: number;
  target: string;
  commitment_id: number | null;
  section_id: number | null;
  author_id: number | null;
  author_user_id: number | null;
  author_name: string;
  body: string;
  posted_at: string;
  edited_at: string | null;
  hidden: Generated<number>;
  hidden_reason: string | null;
  hidden_by: string | null;
  hidden_at: string | null;
  answer: string | null;
  answer_reason: string | null;
  answer_changes: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

export interface RateEventsTable {
  id: Generated<number>;
  action: string;
  key: string;
  at: string;
}
