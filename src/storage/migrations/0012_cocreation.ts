import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Frozen copies of the domain's words as they were when this migration was written: an old migration
// must do today what it did then, whatever the domain's lists become (a later migration changes a check).
const FORUM_SECTORS = ['government', 'civil-society', 'private', 'academia', 'international', 'other'] as const;
const PROPOSAL_CHANNELS = ['workshop', 'web', 'written'] as const;
const PROPOSAL_STATUSES = ['received', 'inadmissible'] as const;
const PROPOSER_KINDS = ['person', 'organisation'] as const;
const SMART_MIN = 0;
const SMART_MAX = 3;

/**
 * Co-creation and the multistakeholder forum (issue 7): a plan's call for proposals, its workshops,
 * the proposals received, the candidate commitments they are grouped into (each proposal into at most
 * one) with their SMART scores, prioritisation and the commitment each approved candidate became; the
 * forum's member organisations (from, until) and meetings. All written through AuditedWriter.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  // No row: the call is closed.
  await table('cocreation_calls')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('cocreation_calls_open', sql`open in (0, 1)`)
    .execute();
  await db.schema.createIndex('cocreation_calls_plan').unique().on('cocreation_calls').column('plan_id').execute();

  await table('workshops')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    // As the coordinator writes them: "sociedad civil, academia, sector público".
    .addColumn('sectors', 'text')
    .addColumn('participants', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('workshops_plan').on('workshops').columns(['plan_id', 'held_on']).execute();

  await table('candidate_commitments')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    // SMART scores, each 0–3 (domain/cocreation.ts), null until scored.
    .addColumn('score_specific', 'integer')
    .addColumn('score_measurable', 'integer')
    .addColumn('score_achievable', 'integer')
    .addColumn('score_relevant', 'integer')
    .addColumn('score_time_bound', 'integer')
    .addColumn('prioritised', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('commitment_id', 'integer', (c) => c.references('commitments.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('candidate_commitments_prioritised', sql`prioritised in (0, 1)`)
    .addCheckConstraint(
      'candidate_commitments_scores',
      sql.raw(
        ['specific', 'measurable', 'achievable', 'relevant', 'time_bound']
          .map((k) => `(score_${k} is null or score_${k} between ${SMART_MIN} and ${SMART_MAX})`)
          .join(' and '),
      ),
    )
    .execute();
  await db.schema.createIndex('candidate_commitments_plan').on('candidate_commitments').column('plan_id').execute();
  await db.schema.createIndex('candidate_commitments_commitment').on('candidate_commitments').column('commitment_id').execute();

  await table('proposals')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('workshop_id', 'integer', (c) => c.references('workshops.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('proposer', 'text', (c) => c.notNull())
    .addColumn('proposer_kind', 'text', (c) => c.notNull())
    .addColumn('sector', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('received'))
    // The candidate it was grouped into (at most one).
    .addColumn('candidate_id', 'integer', (c) => c.references('candidate_commitments.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('proposals_channel', oneOf('channel', PROPOSAL_CHANNELS))
    .addCheckConstraint('proposals_kind', oneOf('proposer_kind', PROPOSER_KINDS))
    .addCheckConstraint('proposals_status', oneOf('status', PROPOSAL_STATUSES))
    .execute();
  await db.schema.createIndex('proposals_plan').on('proposals').column('plan_id').execute();
  await db.schema.createIndex('proposals_candidate').on('proposals').column('candidate_id').execute();

  // The public form's rate limit: when an address sent a proposal, as sha256 of the address. Operational
  // data, like sign-in attempts: not audited (an address must never reach the public history).
  await table('proposal_submissions')
    .addColumn('sender_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('proposal_submissions_sender').on('proposal_submissions').columns(['sender_hash', 'created_at']).execute();

  await table('forum_members')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('member_from', 'text', (c) => c.notNull())
    .addColumn('member_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('forum_members_sector', oneOf('sector', FORUM_SECTORS))
    .addCheckConstraint('forum_members_dates', sql`member_until is null or member_until >= member_from`)
    .execute();
  await db.schema.createIndex('forum_members_plan').on('forum_members').column('plan_id').execute();

  await table('forum_meetings')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull())
    .addColumn('minutes_url', 'text')
    .addColumn('agreements', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forum_meetings_plan').on('forum_meetings').columns(['plan_id', 'held_on']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
