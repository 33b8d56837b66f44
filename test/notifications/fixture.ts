import { actorOf, createAccount } from '../../src/services/accounts.js';
import type { Actor } from '../../src/domain/roles.js';
import type { Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';

/**
 * A small plan whose activities fall behind, for the notification tests. On 2026-03-02:
 *  - commitment 1 «Datos abiertos de escuelas» (MINEDU): activity 1 ended 2026-02-15, in progress → 15 days late;
 *    activity 2 ends 2026-03-12 (in the 14-day window).
 *  - commitment 2 «Portal de compras» (MINEDU), ends 2026-03-10: activity 1 done; activity 2 ended 2026-01-25,
 *    not started → 36 days late (critical).
 *  - commitment 3 «Historias clínicas» (MINSA): activity 1 ended 2026-02-27 → 3 days late; activity 2 ends
 *    2026-03-20 (beyond the window).
 * An open round: commitment 1's assessment returned, 2 not started, 3 submitted.
 * People: Ana (MINEDU editor, es), Beto (MINSA editor, es), Carla (coordinator, en), Dora (editor of an
 * agency that leads nothing), Eva (civil society).
 */
export interface Plan {
  planId: number;
  roundId: number;
  commitments: { c1: number; c2: number; c3: number };
  activities: { c1a1: number; c1a2: number; c2a1: number; c2a2: number; c3a1: number; c3a2: number };
  assessments: { c1: number; c3: number };
  people: { ana: Actor; beto: Actor; carla: Actor; dora: Actor; eva: Actor };
}

let counter = 0;

export async function buildPlan(store: Store): Promise<Plan> {
  const n = ++counter;
  const at = '2026-01-05T12:00:00.000Z';
  const w = new AuditedWriter(store.db, { actor: 'test', at, context: 'notifications fixture' });
  const government = await w.insert('governments', { name: `Perú ${n}`, kind: 'national', country_code: 'PE', lang: 'es' });
  const minedu = await w.insert('agencies', { government_id: government, name: 'Ministerio de Educación', acronym: 'MINEDU', lang: 'es' });
  const minsa = await w.insert('agencies', { government_id: government, name: 'Ministerio de Salud', acronym: 'MINSA', lang: 'es' });
  const other = await w.insert('agencies', { government_id: government, name: 'Ministerio de Cultura', acronym: 'MC', lang: 'es' });
  const planId = await w.insert('plans', {
    government_id: government,
    title: 'Plan de Acción 2026-2027',
    lang: 'es',
    period_start: 2026,
    period_end: 2027,
    approval_instrument: null,
    approval_date: null,
    status: 'active',
    ogp_number: null,
  });
  w.forPlan(planId);
  const theme = await w.insert('themes', {
    plan_id: planId,
    position: 1,
    title: 'Transparencia',
    intro: null,
    synthesis: null,
    lang: 'es',
  });
  const commitment = async (number: number, title: string, plannedEnd: string, agency: number) => {
    const id = await w.insert('commitments', {
      plan_id: planId,
      theme_id: theme,
      number,
      title,
      lang: 'es',
      problem: null,
      objective: null,
      description: null,
      relevance: null,
      ambition: null,
      additional_info: null,
      other_actors_government: null,
      other_actors_civil_society: null,
      other_fields: null,
      planned_start: '2026-01-01',
      planned_end: plannedEnd,
      ogp_id: null,
      supporting_institutions: null,
      policy_areas: null,
      continues_id: null,
    });
    w.forCommitment(id);
    await w.insert('commitment_agencies', {
      commitment_id: id,
      agency_id: agency,
      as_written: agency === minedu ? 'MINEDU' : 'MINSA',
      detail: null,
      valid_from: null,
      valid_to: null,
    });
    return id;
  };
  const activity = async (commitmentId: number, number: number, title: string, plannedEnd: string, status: string) => {
    w.forCommitment(commitmentId);
    return w.insert('activities', {
      commitment_id: commitmentId,
      number,
      title,
      details: null,
      lang: 'es',
      planned_start: '2026-01-01',
      planned_end: plannedEnd,
      weight: null,
      status,
      origin: 'user',
      deliverable: null,
    });
  };
  const c1 = await commitment(1, 'Datos abiertos de escuelas', '2026-12-31', minedu);
  const c1a1 = await activity(c1, 1, 'Inventario de datos', '2026-02-15', 'in-progress');
  const c1a2 = await activity(c1, 2, 'Publicar los datos', '2026-03-12', 'not-started');
  const c2 = await commitment(2, 'Portal de compras', '2026-03-10', minedu);
  const c2a1 = await activity(c2, 1, 'Diseño del portal', '2026-01-20', 'done');
  const c2a2 = await activity(c2, 2, 'Pruebas del portal', '2026-01-25', 'not-started');
  const c3 = await commitment(3, 'Historias clínicas', '2027-06-30', minsa);
  const c3a1 = await activity(c3, 1, 'Piloto en dos hospitales', '2026-02-27', 'in-progress');
  const c3a2 = await activity(c3, 2, 'Informe del piloto', '2026-03-20', 'not-started');

  w.forCommitment(null);
  const roundId = await w.insert('rounds', {
    plan_id: planId,
    position: 1,
    kind: 'periodic',
    title: 'Reporte del primer trimestre',
    lang: 'es',
    cutoff_date: '2026-02-28',
    published: 0,
    published_at: null,
  });
  const assessment = async (commitmentId: number, status: string, level: string) => {
    w.forCommitment(commitmentId);
    return w.insert('assessments', {
      round_id: roundId,
      commitment_id: commitmentId,
      level,
      results: 'Avances del trimestre.',
      additional_info: null,
      reasons: 'Retrasos en la contratación.',
      next_steps: null,
      lang: 'es',
      status,
      review_comment: status === 'returned' ? 'Falta la evidencia.' : null,
      submitted_at: null,
      submitted_by: null,
      decided_at: null,
      decided_by: null,
    });
  };
  const a1 = await assessment(c1, 'returned', 'limited');
  const a3 = await assessment(c3, 'submitted', 'limited');

  const person = async (
    name: string,
    role: 'agency-editor' | 'coordinator' | 'civil-society',
    lang: 'es' | 'en',
    extra: { agencyId?: number; governmentId?: number },
  ) => {
    const { account } = await createAccount(
      store,
      {
        email: `${name.toLowerCase()}-${n}@example.test`,
        name,
        role,
        lang,
        agencyId: extra.agencyId ?? null,
        governmentId: extra.governmentId ?? null,
      },
      { actor: 'test' },
    );
    return actorOf(account);
  };
  const people = {
    ana: await person('Ana', 'agency-editor', 'es', { agencyId: minedu }),
    beto: await person('Beto', 'agency-editor', 'es', { agencyId: minsa }),
    carla: await person('Carla', 'coordinator', 'en', { governmentId: government }),
    dora: await person('Dora', 'agency-editor', 'es', { agencyId: other }),
    eva: await person('Eva', 'civil-society', 'es', {}),
  };
  return {
    planId,
    roundId,
    commitments: { c1, c2, c3 },
    activities: { c1a1, c1a2, c2a1, c2a2, c3a1, c3a2 },
    assessments: { c1: a1, c3: a3 },
    people,
  };
}
