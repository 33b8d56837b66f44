import type { Kysely } from 'kysely';
import type { PlanStatus } from '../domain/types.js';
import type { Database, Row } from './schema.js';

/**
 * What setting up governments, plans and themes reads (issue 19); writes go through the AuditedWriter.
 * Also which plan a public address is about (planOfEntity), for the rule that a plan in borrador is not
 * public (http/public-plans.ts).
 */
type Db = Kysely<Database>;

export function listGovernmentRows(db: Db): Promise<Row<'governments'>[]> {
  return db.selectFrom('governments').selectAll().orderBy('name').orderBy('id').execute();
}

/** A government's name in another language, and its plans' and themes' titles: the translations of some rows. */
export function translationsOf(db: Db, entity: 'governments' | 'plans' | 'themes', ids: number[]): Promise<Row<'translations'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('translations').selectAll().where('entity', '=', entity).where('entity_id', 'in', ids).execute();
}

/** Another government already named so (names are unique). */
export function governmentNamed(db: Db, name: string, exceptId: number | null): Promise<{ id: number } | undefined> {
  let q = db.selectFrom('governments').select('id').where('name', '=', name);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

/** Every plan of a government, drafts too (the workspace's list), newest period first. */
export function plansOfGovernment(db: Db, governmentId: number): Promise<Row<'plans'>[]> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('government_id', '=', governmentId)
    .orderBy('period_end', (ob) => ob.desc().nullsLast())
    .orderBy('id', 'desc')
    .execute();
}

/** Commitments per theme of a plan (a theme holding some cannot be removed). */
export async function commitmentsPerTheme(db: Db, planId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('commitments')
    .select(['theme_id', db.fn.countAll<number>().as('n')])
    .where('plan_id', '=', planId)
    .groupBy('theme_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.theme_id), Number(r.n)]));
}

/** The plan's consultations of its draft (not of a self-assessment round): their dates (and the day one closed early). */
export function draftConsultations(db: Db, planId: number) {
  return db
    .selectFrom('consultations')
    .select(['id', 'title', 'starts_on', 'ends_on', 'closed_on'])
    .where('plan_id', '=', planId)
    .where('round_id', 'is', null)
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * What a public address names, as its route's schema titles it (idOf('plan'), pathIds({ id: 'commitment' })…)
 * → the plan it belongs to and that plan's stage. Undefined when the thing does not exist (the route
 * answers its own 404) or belongs to no plan.
 */
export const PLAN_ENTITIES = ['plan', 'commitment', 'theme', 'round', 'consultation', 'proposal', 'evidence', 'alert'] as const;
export type PlanEntity = (typeof PLAN_ENTITIES)[number];

export async function planStatusOf(db: Db, entity: PlanEntity, id: number): Promise<{ id: number; status: string } | undefined> {
  const viaPlan = (table: 'themes' | 'rounds' | 'consultations' | 'proposals' | 'alerts') =>
    db
      .selectFrom(table)
      .innerJoin('plans', 'plans.id', `${table}.plan_id`)
      .select(['plans.id', 'plans.status'])
      .where(`${table}.id`, '=', id)
      .executeTakeFirst();
  const row =
    entity === 'plan'
      ? await db.selectFrom('plans').select(['id', 'status']).where('id', '=', id).executeTakeFirst()
      : entity === 'commitment'
        ? await db
            .selectFrom('commitments')
            .innerJoin('plans', 'plans.id', 'commitments.plan_id')
            .select(['plans.id', 'plans.status'])
            .where('commitments.id', '=', id)
            .executeTakeFirst()
        : entity === 'evidence'
          ? await db
              .selectFrom('evidence')
              .innerJoin('commitments', 'commitments.id', 'evidence.commitment_id')
              .innerJoin('plans', 'plans.id', 'commitments.plan_id')
              .select(['plans.id', 'plans.status'])
              .where('evidence.id', '=', id)
              .executeTakeFirst()
          : await viaPlan(
              entity === 'theme'
                ? 'themes'
                : entity === 'round'
                  ? 'rounds'
                  : entity === 'consultation'
                    ? 'consultations'
                    : entity === 'proposal'
                      ? 'proposals'
                      : 'alerts',
            );
  return row ? { id: Number(row.id), status: row.status } : undefined;
}

/** A correction of an imported plan's stage as the plan's pages show it (decision 033). */
export interface StageCorrection {
  from: PlanStatus;
  to: PlanStatus;
  reason: string;
  at: string;
}

/** The corrections of an imported plan's stage, oldest first. */
export async function stageCorrections(db: Db, planId: number): Promise<StageCorrection[]> {
  const rows = await db
    .selectFrom('plan_stage_corrections')
    .select(['from_status', 'to_status', 'reason', 'created_at'])
    .where('plan_id', '=', planId)
    .orderBy('id')
    .execute();
  return rows.map((k) => ({ from: k.from_status as PlanStatus, to: k.to_status as PlanStatus, reason: k.reason, at: k.created_at }));
}
