import type { Actor, Role } from '../../src/domain/roles.js';
import { actorOf, createAccount } from '../../src/services/accounts.js';
import type { Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';

/**
 * The one way tests write a plan of their own: a description (PlanSpec) written row by row through
 * the audited writer, as the app would, every entry stamped `at`. The plans the tests share are in
 * plans.ts; a test that needs another shape describes it and calls buildPlan.
 */
type Dates = [start: string, end: string] | null;

export interface PlanSpec {
  /** The time of every write (the plan's creation, its audit entries). */
  at: string;
  /** The audit entries' context. */
  context: string;
  government: { name: string; countryCode: string | null };
  agencies: Record<string, { name: string; acronym: string }>;
  plan: { title: string; start: number; end: number };
  themes: string[];
  /** In the order they are written: each commitment, then its activities. */
  commitments: Record<string, CommitmentSpec>;
  /** One round, periodic. */
  round: { position: number; title: string; cutoff: string; published: boolean };
  /** The round's assessments, by the key of their commitment. */
  assessments: Record<string, AssessmentSpec>;
  /** Accounts, after the plan; an agency by its key, or the plan's government. */
  people?: Record<string, { name: string; email: string; role: Role; lang: 'es' | 'en'; agency?: string; government?: true }>;
}

export interface CommitmentSpec {
  number: number;
  title: string;
  /** Index in `themes`. */
  theme: number;
  /** Key in `agencies`; the report names it `asWritten` (default: the agency's name). */
  agency: string;
  asWritten?: string;
  dates: Dates;
  activities?: Record<string, { number: number; title: string; dates: Dates; status: string }>;
}

export interface AssessmentSpec {
  level: string;
  /** The column's default (draft) when not given. */
  status?: string;
  results?: string;
  reasons?: string;
  reviewComment?: string;
}

type Keys<T> = Extract<keyof T, string>;
type ActivityKeys<C> = { [K in keyof C]: C[K] extends { activities: infer A } ? Keys<A> : never }[keyof C];

export interface BuiltPlan<S extends PlanSpec> {
  governmentId: number;
  planId: number;
  roundId: number;
  themes: number[];
  agencies: Record<Keys<S['agencies']>, number>;
  commitments: Record<Keys<S['commitments']>, number>;
  activities: Record<ActivityKeys<S['commitments']>, number>;
  assessments: Record<Keys<S['assessments']>, number>;
  people: Record<Keys<NonNullable<S['people']>>, Actor>;
}

export async function buildPlan<const S extends PlanSpec>(store: Store, spec: S): Promise<BuiltPlan<S>> {
  const w = new AuditedWriter(store.db, { actor: 'test', at: spec.at, context: spec.context });
  const governmentId = await w.insert('governments', {
    name: spec.government.name,
    kind: 'national',
    country_code: spec.government.countryCode,
    lang: 'es',
  });
  const agencies: Record<string, number> = {};
  for (const [key, a] of Object.entries(spec.agencies))
    agencies[key] = await w.insert('agencies', { government_id: governmentId, name: a.name, acronym: a.acronym, lang: 'es' });
  const planId = await w.insert('plans', {
    government_id: governmentId,
    title: spec.plan.title,
    lang: 'es',
    period_start: spec.plan.start,
    period_end: spec.plan.end,
    approval_instrument: null,
    approval_date: null,
    status: 'active',
    ogp_number: null,
  });
  w.forPlan(planId);
  const themes: number[] = [];
  for (const [i, title] of spec.themes.entries())
    themes.push(await w.insert('themes', { plan_id: planId, position: i + 1, title, intro: null, synthesis: null, lang: 'es' }));

  const commitments: Record<string, number> = {};
  const activities: Record<string, number> = {};
  for (const [key, c] of Object.entries(spec.commitments)) {
    const agency = spec.agencies[c.agency];
    if (!agency) throw new Error(`commitment ${key}: no agency ${c.agency}`);
    w.forCommitment(null);
    const id = await w.insert('commitments', {
      plan_id: planId,
      theme_id: themes[c.theme]!,
      number: c.number,
      title: c.title,
      lang: 'es',
      planned_start: c.dates?.[0] ?? null,
      planned_end: c.dates?.[1] ?? null,
      ogp_id: null,
      supporting_institutions: null,
      policy_areas: null,
      continues_id: null,
      problem: null,
      objective: null,
      description: null,
      relevance: null,
      ambition: null,
      additional_info: null,
      other_actors_government: null,
      other_actors_civil_society: null,
      other_fields: null,
    });
    commitments[key] = id;
    w.forCommitment(id);
    await w.insert('commitment_agencies', {
      commitment_id: id,
      agency_id: agencies[c.agency]!,
      as_written: c.asWritten ?? agency.name,
      detail: null,
      valid_from: null,
      valid_to: null,
    });
    for (const [activityKey, a] of Object.entries(c.activities ?? {}))
      activities[activityKey] = await w.insert('activities', {
        commitment_id: id,
        number: a.number,
        title: a.title,
        details: null,
        lang: 'es',
        planned_start: a.dates?.[0] ?? null,
        planned_end: a.dates?.[1] ?? null,
        weight: null,
        status: a.status,
        origin: 'user',
        deliverable: null,
      });
  }

  w.forCommitment(null);
  const roundId = await w.insert('rounds', {
    plan_id: planId,
    position: spec.round.position,
    kind: 'periodic',
    title: spec.round.title,
    lang: 'es',
    cutoff_date: spec.round.cutoff,
    published: spec.round.published ? 1 : 0,
    published_at: spec.round.published ? spec.at : null,
  });
  const assessments: Record<string, number> = {};
  for (const [key, a] of Object.entries(spec.assessments)) {
    const commitmentId = commitments[key];
    if (commitmentId === undefined) throw new Error(`assessment of ${key}: no such commitment`);
    w.forCommitment(commitmentId);
    assessments[key] = await w.insert('assessments', {
      round_id: roundId,
      commitment_id: commitmentId,
      level: a.level,
      results: a.results ?? null,
      additional_info: null,
      reasons: a.reasons ?? null,
      next_steps: null,
      lang: 'es',
      ...(a.status === undefined ? {} : { status: a.status }),
      review_comment: a.reviewComment ?? null,
      submitted_at: null,
      submitted_by: null,
      decided_at: null,
      decided_by: null,
    });
  }

  const people: Record<string, Actor> = {};
  for (const [key, p] of Object.entries(spec.people ?? {})) {
    const { account } = await createAccount(
      store,
      {
        email: p.email,
        name: p.name,
        role: p.role,
        lang: p.lang,
        agencyId: p.agency === undefined ? null : agencies[p.agency]!,
        governmentId: p.government ? governmentId : null,
      },
      { actor: 'test', now: new Date() },
    );
    people[key] = actorOf(account);
  }
  return { governmentId, planId, roundId, themes, agencies, commitments, activities, assessments, people } as BuiltPlan<S>;
}
