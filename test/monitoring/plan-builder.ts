import type { Store } from '../../src/storage/connect.js';
import type { Row } from '../../src/storage/schema.js';
import { AuditedWriter } from '../../src/storage/writer.js';

/**
 * A small plan for the early warnings, written as if on fixed days (every write's audit entry carries
 * the `at` given), so "no update for 60 days" is exact. Two agencies, two themes, four commitments:
 *   C1 (theme 1, agency AAA) 2040-01-01 → 2040-12-31: a1 2040-01-01 → 03-31 in progress, a2 04-01 → 06-30 not started;
 *   C2 (theme 1, agency BBB) 2040-01-01 → 2040-12-31: a3 01-01 → 06-30 in progress, a4 07-01 → 12-31 not started;
 *      latest level Limitado with no reasons;
 *   C3 (theme 2, agency AAA) no dates, one activity done; latest level Completo, no evidence;
 *   C4 (theme 2, agency BBB) no dates, no activities, no level.
 */
export interface BuiltPlan {
  governmentId: number;
  planId: number;
  agencies: { AAA: number; BBB: number };
  themes: [number, number];
  c: [number, number, number, number];
  a: { a1: number; a2: number; a3: number; a4: number };
}

export const writerAt = (store: Store, at: string) => new AuditedWriter(store.db, { actor: 'test', at, context: 'plan-builder' });

export async function buildPlan(store: Store, at = '2040-01-02T10:00:00.000Z'): Promise<BuiltPlan> {
  const w = writerAt(store, at);
  const governmentId = await w.insert('governments', { name: 'República de Prueba', kind: 'national', country_code: null, lang: 'es' });
  const AAA = await w.insert('agencies', { government_id: governmentId, name: 'Agencia de Datos', acronym: 'AAA', lang: 'es' });
  const BBB = await w.insert('agencies', { government_id: governmentId, name: 'Banco de Bienes', acronym: 'BBB', lang: 'es' });
  const planId = await w.insert('plans', {
    government_id: governmentId,
    title: 'Plan de Prueba 2040',
    lang: 'es',
    period_start: 2040,
    period_end: 2041,
    approval_instrument: null,
    approval_date: null,
    status: 'active',
    ogp_number: null,
  });
  w.forPlan(planId);
  const t1 = await w.insert('themes', { plan_id: planId, position: 1, title: 'Transparencia', intro: null, synthesis: null, lang: 'es' });
  const t2 = await w.insert('themes', { plan_id: planId, position: 2, title: 'Participación', intro: null, synthesis: null, lang: 'es' });
  const commitment = async (number: number, theme: number, agency: number, dates: [string, string] | null) => {
    w.forCommitment(null);
    const id = await w.insert('commitments', {
      plan_id: planId,
      theme_id: theme,
      number,
      title: `Compromiso ${number}`,
      lang: 'es',
      planned_start: dates?.[0] ?? null,
      planned_end: dates?.[1] ?? null,
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
    w.forCommitment(id);
    await w.insert('commitment_agencies', {
      commitment_id: id,
      agency_id: agency,
      as_written: agency === AAA ? 'Agencia de Datos' : 'Banco de Bienes',
      detail: null,
      valid_from: null,
      valid_to: null,
    });
    return id;
  };
  const activity = async (commitmentId: number, number: number, dates: [string, string] | null, status: string) => {
    w.forCommitment(commitmentId);
    return w.insert('activities', {
      commitment_id: commitmentId,
      number,
      title: `Actividad ${number}`,
      details: null,
      lang: 'es',
      planned_start: dates?.[0] ?? null,
      planned_end: dates?.[1] ?? null,
      weight: null,
      status,
      origin: 'user',
      deliverable: null,
    });
  };
  const c1 = await commitment(1, t1, AAA, ['2040-01-01', '2040-12-31']);
  const a1 = await activity(c1, 1, ['2040-01-01', '2040-03-31'], 'in-progress');
  const a2 = await activity(c1, 2, ['2040-04-01', '2040-06-30'], 'not-started');
  const c2 = await commitment(2, t1, BBB, ['2040-01-01', '2040-12-31']);
  const a3 = await activity(c2, 1, ['2040-01-01', '2040-06-30'], 'in-progress');
  const a4 = await activity(c2, 2, ['2040-07-01', '2040-12-31'], 'not-started');
  const c3 = await commitment(3, t2, AAA, null);
  await activity(c3, 1, null, 'done');
  const c4 = await commitment(4, t2, BBB, null);
  w.forCommitment(null);
  const round = await w.insert('rounds', {
    plan_id: planId,
    position: 0,
    kind: 'periodic',
    title: 'Evaluación periódica',
    lang: 'es',
    cutoff_date: '2039-12-31',
    published: 1,
    published_at: at,
  });
  const assess = async (commitmentId: number, level: string) => {
    w.forCommitment(commitmentId);
    await w.insert('assessments', {
      round_id: round,
      commitment_id: commitmentId,
      level,
      results: null,
      additional_info: null,
      reasons: null,
      next_steps: null,
      lang: 'es',
      review_comment: null,
      submitted_at: null,
      submitted_by: null,
      decided_at: null,
      decided_by: null,
    });
  };
  await assess(c2, 'limited');
  await assess(c3, 'complete');
  return { governmentId, planId, agencies: { AAA, BBB }, themes: [t1, t2], c: [c1, c2, c3, c4], a: { a1, a2, a3, a4 } };
}

export async function activityRow(store: Store, id: number): Promise<Row<'activities'>> {
  return store.db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
