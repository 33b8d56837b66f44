import type { Kysely } from 'kysely';
import type { Level } from '../domain/levels.js';
import { isPublicEntry } from './audit.js';
import type { ActivityFacts, AlertFacts, CommitmentFacts } from '../domain/warnings.js';
import { roundOrder } from './plans.js';
import type { Database, Row } from './schema.js';

/** The facts the early warnings are evaluated on, per plan. */
type Db = Kysely<Database>;

export async function listActivityFacts(db: Db, planId: number): Promise<ActivityFacts[]> {
  const rows = await db
    .selectFrom('activities')
    .innerJoin('commitments', 'commitments.id', 'activities.commitment_id')
    .select([
      'activities.id',
      'activities.commitment_id',
      'commitments.plan_id',
      'activities.number',
      'activities.title',
      'activities.planned_start',
      'activities.planned_end',
      'activities.status',
      'activities.weight',
    ])
    .where('commitments.plan_id', '=', planId)
    .orderBy('commitments.number')
    .orderBy('activities.number')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    commitmentId: r.commitment_id,
    planId: r.plan_id,
    number: r.number,
    title: r.title,
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    status: r.status,
    weight: r.weight,
  }));
}

/**
 * What the commitment-level rules read, for every commitment of a plan: planned dates, creation, the
 * newest audit entry about it, the level and reasons of the latest round that gave it a level (any
 * stage, or only published rounds for what the public sees), and how much evidence it has.
 */
export async function listCommitmentFacts(db: Db, planId: number, options: { publishedOnly?: boolean } = {}): Promise<CommitmentFacts[]> {
  const commitments = await db
    .selectFrom('commitments')
    .select(['id', 'plan_id', 'number', 'title', 'planned_start', 'planned_end', 'created_at'])
    .where('plan_id', '=', planId)
    .orderBy('number')
    .execute();
  const updates = await db
    .selectFrom('audit_log')
    .select(['commitment_id', (eb) => eb.fn.max('at').as('last')])
    .where('plan_id', '=', planId)
    .where('commitment_id', 'is not', null)
    // Acknowledging a warning is not an update of the commitment: it would silence "no update" by itself.
    .where('entity', '!=', 'warning_acknowledgements')
    // For the public, a draft assessment is no update: its date would reveal work not yet published.
    .$if(options.publishedOnly === true, (q) => q.where(isPublicEntry))
    .groupBy('commitment_id')
    .execute();
  const evidence = await db
    .selectFrom('evidence')
    .innerJoin('commitments', 'commitments.id', 'evidence.commitment_id')
    .select(['evidence.commitment_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('commitments.plan_id', '=', planId)
    .groupBy('evidence.commitment_id')
    .execute();
  const levels = await db
    .selectFrom('assessments')
    .innerJoin('rounds', 'rounds.id', 'assessments.round_id')
    .select(['assessments.commitment_id', 'assessments.level', 'assessments.reasons'])
    .where('rounds.plan_id', '=', planId)
    .where('assessments.level', 'is not', null)
    .$if(options.publishedOnly === true, (q) => q.where('rounds.published', '=', 1))
    .orderBy(roundOrder('rounds', 'desc'))
    .execute();
  const last = new Map(updates.map((u) => [Number(u.commitment_id), String(u.last)]));
  const count = new Map(evidence.map((e) => [e.commitment_id, Number(e.n)]));
  const latest = new Map<number, { level: string; reasons: string | null }>();
  for (const l of levels) if (!latest.has(l.commitment_id)) latest.set(l.commitment_id, { level: l.level!, reasons: l.reasons });
  return commitments.map((c) => ({
    id: c.id,
    planId: c.plan_id,
    number: c.number,
    title: c.title,
    plannedStart: c.planned_start,
    plannedEnd: c.planned_end,
    createdAt: c.created_at,
    lastUpdate: last.get(c.id) ?? null,
    latestLevel: (latest.get(c.id)?.level as Level | undefined) ?? null,
    latestReasons: latest.get(c.id)?.reasons ?? null,
    evidenceCount: count.get(c.id) ?? 0,
  }));
}

/** The commitments of a plan as the board lists them: theme, current lead agency, planned end (and the original one). */
export function listBoardCommitments(db: Db, planId: number) {
  return db
    .selectFrom('commitments as c')
    .innerJoin('themes as t', 't.id', 'c.theme_id')
    .leftJoin('commitment_agencies as ca', (j) => j.onRef('ca.commitment_id', '=', 'c.id').on('ca.valid_to', 'is', null))
    .leftJoin('agencies as a', 'a.id', 'ca.agency_id')
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.planned_end',
      'c.original_planned_end',
      't.id as theme_id',
      't.title as theme_title',
      't.position as theme_position',
      'a.id as agency_id',
      'a.name as agency_name',
      'a.acronym as agency_acronym',
    ])
    .where('c.plan_id', '=', planId)
    .orderBy('t.position')
    .orderBy('c.number')
    .execute();
}

/** Activities whose planned end was moved, with both dates. */
export function listMovedActivities(db: Db, planId: number) {
  return db
    .selectFrom('activities')
    .innerJoin('commitments', 'commitments.id', 'activities.commitment_id')
    .select([
      'activities.id',
      'activities.commitment_id',
      'activities.number',
      'activities.title',
      'activities.planned_end',
      'activities.original_planned_end',
    ])
    .where('commitments.plan_id', '=', planId)
    .where('activities.original_planned_end', 'is not', null)
    .orderBy('commitments.number')
    .orderBy('activities.number')
    .execute();
}

export function findMonitoringSettings(db: Db, planId: number): Promise<Row<'plan_monitoring_settings'> | undefined> {
  return db.selectFrom('plan_monitoring_settings').selectAll().where('plan_id', '=', planId).executeTakeFirst();
}

export function listAcknowledgements(db: Db, planId: number): Promise<Row<'warning_acknowledgements'>[]> {
  return db.selectFrom('warning_acknowledgements').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
}

/** What the early-warning rule alertOverdue reads, for every alert of a plan. */
export async function listAlertFacts(db: Db, planId: number): Promise<AlertFacts[]> {
  const rows = await db
    .selectFrom('alerts')
    .select(['id', 'commitment_id', 'plan_id', 'text', 'deadline', 'answered_on'])
    .where('plan_id', '=', planId)
    .orderBy('deadline')
    .orderBy('id')
    .execute();
  // The warning names the alert by the start of its text (an alert has no title of its own).
  return rows.map((r) => ({
    id: r.id,
    commitmentId: r.commitment_id,
    planId: r.plan_id,
    title: [...r.text].length > 80 ? `${[...r.text].slice(0, 79).join('')}…` : r.text,
    answerDue: r.deadline,
    answeredAt: r.answered_on,
  }));
}

/**
 * What a commitment's traffic light reads besides the warnings' facts (domain/traffic-light.ts): its
 * newest update and how many indicators it has. An update here leaves out the operation that created
 * the commitment, imports (their context starts with "import ", as services/import-report.ts and ogp-import.ts write it:
 * an import copies a report written earlier) and acknowledgements; for the public, public entries only.
 */
export async function listLightFacts(
  db: Db,
  planId: number,
  options: { publishedOnly?: boolean } = {},
): Promise<Map<number, { lastUpdate: string | null; indicatorCount: number }>> {
  const [updates, indicators] = await Promise.all([
    db
      .selectFrom('audit_log')
      .innerJoin('commitments', 'commitments.id', 'audit_log.commitment_id')
      .select(['audit_log.commitment_id', (eb) => eb.fn.max('audit_log.at').as('last')])
      .where('audit_log.plan_id', '=', planId)
      // The operation that created it (the commitment, its lead, its translation) shares its creation's time.
      .whereRef('audit_log.at', '>', 'commitments.created_at')
      .where('audit_log.entity', '!=', 'warning_acknowledgements')
      .where((eb) => eb.or([eb('audit_log.context', 'is', null), eb('audit_log.context', 'not like', 'import %')]))
      .$if(options.publishedOnly === true, (q) => q.where(isPublicEntry))
      .groupBy('audit_log.commitment_id')
      .execute(),
    db
      .selectFrom('indicators')
      .innerJoin('commitments', 'commitments.id', 'indicators.commitment_id')
      .select(['indicators.commitment_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('commitments.plan_id', '=', planId)
      .groupBy('indicators.commitment_id')
      .execute(),
  ]);
  const facts = new Map<number, { lastUpdate: string | null; indicatorCount: number }>();
  const of = (id: number) => facts.get(id) ?? facts.set(id, { lastUpdate: null, indicatorCount: 0 }).get(id)!;
  for (const u of updates) of(Number(u.commitment_id)).lastUpdate = String(u.last);
  for (const i of indicators) of(i.commitment_id).indicatorCount = Number(i.n);
  return facts;
}
