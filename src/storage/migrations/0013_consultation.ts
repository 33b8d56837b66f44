import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Public consultation of a draft (issue 7): the consultation (a plan, or one self-assessment round of
 * it, open between two dates), the people who comment by e-mail and their one-time confirm links, the
 * comments with their moderation and answer; and the shared rate-limit events of every public form.
 *
 * Consultations and comments are written through the audited writer (moderation and answers are
 * public acts). A commenter's e-mail address lives apart, in consultation_authors, which is
 * operational data and never audited — like follows — so it never reaches the public history.
 */
// Copied, not imported: a migration stays as it shipped even if the domain's lists change.
const CONSULTATION_TARGETS = ['draft', 'commitment', 'section'] as const;
const COMMENT_ANSWERS = ['accepted', 'partly', 'not-accepted'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  await table('consultations')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    // Null: the draft is the plan itself; set: the draft is this self-assessment round of the plan.
    .addColumn('round_id', 'integer', (c) => c.references('rounds.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    // Both days count as open (domain/consultation.ts).
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addCheckConstraint('consultations_dates', sql`starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('consultations_plan').on('consultations').column('plan_id').execute();

  await table('consultation_authors')
    // Lower-cased.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addCheckConstraint('consultation_authors_lang', oneOf('lang', ['es', 'en']))
    .execute();
  await db.schema.createIndex('consultation_authors_email').unique().on('consultation_authors').column('email').execute();

  // One-time links that confirm an address (sha256 of the token in the link).
  await table('consultation_tokens')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.notNull().references('consultation_authors.id').onDelete('cascade'))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('consultation_tokens_hash').unique().on('consultation_tokens').column('token_hash').execute();

  await table('consultation_comments')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('commitment_id', 'integer', (c) => c.references('commitments.id').onDelete('set null'))
    .addColumn('section_id', 'integer', (c) => c.references('plan_sections.id').onDelete('set null'))
    // Exactly one of the two: a confirmed address, or a civil-society account.
    .addColumn('author_id', 'integer', (c) => c.references('consultation_authors.id').onDelete('set null'))
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // The name the author chose to show (may be empty: "anonymous").
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden_reason', 'text')
    .addColumn('hidden_by', 'text')
    .addColumn('hidden_at', 'text')
    .addColumn('answer', 'text')
    .addColumn('answer_reason', 'text')
    .addColumn('answer_changes', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text')
    .addCheckConstraint('consultation_comments_target', oneOf('target', CONSULTATION_TARGETS))
    .addCheckConstraint('consultation_comments_answer', sql`answer is null or ${oneOf('answer', COMMENT_ANSWERS)}`)
    .addCheckConstraint('consultation_comments_hidden', sql`hidden in (0, 1)`)
    .execute();
  await db.schema
    .createIndex('consultation_comments_consultation')
    .on('consultation_comments')
    .columns(['consultation_id', 'posted_at'])
    .execute();

  // Shared by every public form (services/abuse.ts): one row per counted action; old rows are pruned.
  await table('rate_events')
    // What is limited: 'comment', 'alert', 'proposal'…
    .addColumn('action', 'text', (c) => c.notNull())
    // Who: 'ip:…', 'email:…', 'user:12'.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_events_action_key_at').on('rate_events').columns(['action', 'key', 'at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
