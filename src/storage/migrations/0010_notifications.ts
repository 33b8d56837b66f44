import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Notifications (issue 6, decision 016): every message is first a row of the outbox, drained over
 * SMTP with back-off; the daily digest's run per date, the warnings each person has been told about,
 * their choice to receive digests, people following a commitment by e-mail, their one-time links, and
 * how far the follow messages have read the audit log. Operational data: not audited (a follower's
 * address must never reach the public history), like sessions and sign-in attempts.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export const FOLLOW_STATUSES = ['pending', 'confirmed', 'ended'] as const;
export const NOTIFICATION_TOKEN_PURPOSES = ['digest-off', 'follow-confirm', 'unfollow'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  await table('outbox')
    // digest:<userId>:<date>, follow:<followId>:<auditId>, follow-confirm:<tokenId>: the same message is never queued twice.
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // Chosen when queued and sent with every attempt: a message sent again after a crash is recognisably the same one.
    .addColumn('message_id', 'text', (c) => c.notNull())
    // JSON of extra headers (List-Unsubscribe).
    .addColumn('headers', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addCheckConstraint('outbox_status', oneOf('status', OUTBOX_STATUSES))
    .addCheckConstraint('outbox_lang', oneOf('lang', ['es', 'en']))
    .execute();
  await db.schema.createIndex('outbox_dedupe_key').unique().on('outbox').column('dedupe_key').execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  // One row per kind and date: a second run of the same day finds it and builds nothing (and, across
  // instances, the unique index lets one of them take the day).
  await table('notification_runs')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('run_date', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('queued', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('notification_runs_kind_date').unique().on('notification_runs').columns(['kind', 'run_date']).execute();

  // The warnings a person has been told about in a digest (warningKey): only new ones are told again.
  await table('digest_told')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('warning_key', 'text', (c) => c.notNull())
    .addColumn('told_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('digest_told_user_key').unique().on('digest_told').columns(['user_id', 'warning_key']).execute();

  // No row: digests on (the default for anyone responsible for something).
  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('digest', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('notification_settings_digest', sql`digest in (0, 1)`)
    .execute();

  await table('follows')
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    // Lower-cased.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('ended_at', 'text')
    // The newest audit entry when the follow was confirmed: changes before it are not news to this follower.
    .addColumn('from_audit_id', 'integer')
    .addCheckConstraint('follows_status', oneOf('status', FOLLOW_STATUSES))
    .addCheckConstraint('follows_lang', oneOf('lang', ['es', 'en']))
    .execute();
  await db.schema.createIndex('follows_commitment_email').unique().on('follows').columns(['commitment_id', 'email']).execute();
  await db.schema.createIndex('follows_email').on('follows').column('email').execute();

  // One-time (confirm) and lasting (unsubscribe) links, stored as sha256 of the token in the link.
  await table('notification_tokens')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('follow_id', 'integer', (c) => c.references('follows.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('used_at', 'text')
    .addCheckConstraint('notification_tokens_purpose', oneOf('purpose', NOTIFICATION_TOKEN_PURPOSES))
    .execute();
  await db.schema.createIndex('notification_tokens_hash').unique().on('notification_tokens').column('token_hash').execute();
  await db.schema
    .createIndex('notification_tokens_follow')
    .on('notification_tokens')
    .columns(['follow_id', 'purpose', 'created_at'])
    .execute();

  // How far the follow messages have read the audit log.
  await db.schema
    .createTable('notification_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('audit_id', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
