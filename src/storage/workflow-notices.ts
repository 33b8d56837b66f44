import { sql, type Kysely } from 'kysely';
import { roundOrder } from './plans.js';
import type { Database } from './schema.js';
import { agencyInRound } from './workspace.js';

/**
 * Workflow notices (issue 20): what was sent to a coordination for its decision, and who is told at once
 * when an assessment is returned or submitted, or a round published (migration 0025).
 */
type Db = Kysely<Database>;

export interface NoticeRecipient {
  id: number;
  email: string;
  name: string;
  lang: 'es' | 'en';
}

/** The assessments submitted and not yet decided in rounds under way of a government's plans (a completed plan's too: assessmentsOwedBy). */
export function submittedInGovernment(db: Db, governmentId: number) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('rounds as r', 'r.id', 'a.round_id')
    .innerJoin('plans as p', 'p.id', 'r.plan_id')
    .innerJoin('commitments as c', 'c.id', 'a.commitment_id')
    .leftJoin('users as u', 'u.id', 'a.submitted_by')
    .select([
      'r.id as round_id',
      'r.kind',
      'r.title as round_title',
      'r.lang',
      'r.cutoff_date',
      'c.id',
      'c.number',
      'c.title',
      'a.submitted_at',
      'u.name as submitted_by',
    ])
    .where('a.status', '=', 'submitted')
    .where('r.published', '=', 0)
    .where('p.government_id', '=', governmentId)
    .orderBy(roundOrder('r'))
    .orderBy('c.number')
    .execute();
}

const toRecipient = (r: { id: number; email: string; name: string; lang: string }): NoticeRecipient => ({
  id: r.id,
  email: r.email,
  name: r.name,
  lang: r.lang === 'en' ? 'en' : 'es',
});

function activeWithSettings(db: Db) {
  return db
    .selectFrom('users as u')
    .leftJoin('notification_settings as ns', 'ns.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name', 'u.lang'])
    .where('u.disabled', '=', 0);
}

/** The editors of the agency a round's assessment of a commitment belongs to (agencyInRound) who want notices at once. */
export async function editorsAtOnce(db: Db, roundId: number, commitmentId: number): Promise<NoticeRecipient[]> {
  const rows = await activeWithSettings(db)
    .where('u.role', '=', 'agency-editor')
    .where('ns.workflow_at_once', '=', 1)
    .where(
      'u.agency_id',
      '=',
      db
        .selectFrom('rounds as r')
        .select(sql<number>`${agencyInRound('c.id', 'r.cutoff_date')}`.as('agency'))
        .innerJoin('commitments as c', (j) => j.on('c.id', '=', commitmentId))
        .where('r.id', '=', roundId),
    )
    .orderBy('u.id')
    .execute();
  return rows.map(toRecipient);
}

/** A government's coordinators who want notices at once. */
export async function coordinatorsAtOnce(db: Db, governmentId: number): Promise<NoticeRecipient[]> {
  const rows = await activeWithSettings(db)
    .where('u.role', '=', 'coordinator')
    .where('u.government_id', '=', governmentId)
    .where('ns.workflow_at_once', '=', 1)
    .orderBy('u.id')
    .execute();
  return rows.map(toRecipient);
}

/** The reviewers of a government (or of every government) who have not turned notices off. */
export async function reviewersOf(db: Db, governmentId: number): Promise<NoticeRecipient[]> {
  const rows = await activeWithSettings(db)
    .where('u.role', '=', 'reviewer')
    .where((eb) => eb.or([eb('u.government_id', 'is', null), eb('u.government_id', '=', governmentId)]))
    .where((eb) => eb.or([eb('ns.digest', 'is', null), eb('ns.digest', '=', 1)]))
    .orderBy('u.id')
    .execute();
  return rows.map(toRecipient);
}

/** Whether the person wants workflow notices at once (no setting: no, the digest only). */
export async function workflowAtOnce(db: Db, userId: number): Promise<boolean> {
  const row = await db.selectFrom('notification_settings').select('workflow_at_once').where('user_id', '=', userId).executeTakeFirst();
  return Number(row?.workflow_at_once ?? 0) === 1;
}

export async function setWorkflowAtOnce(db: Db, userId: number, on: boolean, at: string): Promise<void> {
  await db
    .insertInto('notification_settings')
    .values({ user_id: userId, digest: 1, workflow_at_once: on ? 1 : 0, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ workflow_at_once: on ? 1 : 0, updated_at: at }))
    .execute();
}
