import type { Actor } from '../../src/domain/roles.js';
import type { Store } from '../../src/storage/connect.js';
import type { Row } from '../../src/storage/schema.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { buildPlan, type PlanSpec } from './plan-builder.js';

/** The small plans the tests share, written by buildPlan (plan-builder.ts). */

/**
 * A small plan for the early warnings, written as if on fixed days (every write's audit entry carries
 * the `at` given), so "no update for 60 days" is exact. Two agencies, two themes, four commitments:
 *   C1 (theme 1, agency AAA) 2040-01-01 → 2040-12-31: a1 2040-01-01 → 03-31 in progress, a2 04-01 → 06-30 not started;
 *   C2 (theme 1, agency BBB) 2040-01-01 → 2040-12-31: a3 01-01 → 06-30 in progress, a4 07-01 → 12-31 not started;
 *      latest level Limitado with no reasons;
 *   C3 (theme 2, agency AAA) no dates, one activity done; latest level Completo, no evidence;
 *   C4 (theme 2, agency BBB) no dates, no activities, no level.
 */
export interface EarlyWarningsPlan {
  governmentId: number;
  planId: number;
  agencies: { AAA: number; BBB: number };
  themes: [number, number];
  c: [number, number, number, number];
  a: { a1: number; a2: number; a3: number; a4: number };
}

export const writerAt = (store: Store, at: string) => new AuditedWriter(store.db, { actor: 'test', at, context: 'plan-builder' });

export async function buildEarlyWarningsPlan(store: Store, at = '2040-01-02T10:00:00.000Z'): Promise<EarlyWarningsPlan> {
  const year: [string, string] = ['2040-01-01', '2040-12-31'];
  const p = await buildPlan(store, {
    at,
    context: 'plan-builder',
    government: { name: 'República de Prueba', countryCode: null },
    agencies: { AAA: { name: 'Agencia de Datos', acronym: 'AAA' }, BBB: { name: 'Banco de Bienes', acronym: 'BBB' } },
    plan: { title: 'Plan de Prueba 2040', start: 2040, end: 2041 },
    themes: ['Transparencia', 'Participación'],
    commitments: {
      c1: {
        number: 1,
        title: 'Compromiso 1',
        theme: 0,
        agency: 'AAA',
        dates: year,
        activities: {
          a1: { number: 1, title: 'Actividad 1', dates: ['2040-01-01', '2040-03-31'], status: 'in-progress' },
          a2: { number: 2, title: 'Actividad 2', dates: ['2040-04-01', '2040-06-30'], status: 'not-started' },
        },
      },
      c2: {
        number: 2,
        title: 'Compromiso 2',
        theme: 0,
        agency: 'BBB',
        dates: year,
        activities: {
          a3: { number: 1, title: 'Actividad 1', dates: ['2040-01-01', '2040-06-30'], status: 'in-progress' },
          a4: { number: 2, title: 'Actividad 2', dates: ['2040-07-01', '2040-12-31'], status: 'not-started' },
        },
      },
      c3: {
        number: 3,
        title: 'Compromiso 3',
        theme: 1,
        agency: 'AAA',
        dates: null,
        activities: { c3a1: { number: 1, title: 'Actividad 1', dates: null, status: 'done' } },
      },
      c4: { number: 4, title: 'Compromiso 4', theme: 1, agency: 'BBB', dates: null },
    },
    round: { position: 0, title: 'Evaluación periódica', cutoff: '2039-12-31', published: true },
    assessments: { c2: { level: 'limited' }, c3: { level: 'complete' } },
  });
  const { c1, c2, c3, c4 } = p.commitments;
  const { a1, a2, a3, a4 } = p.activities;
  return {
    governmentId: p.governmentId,
    planId: p.planId,
    agencies: p.agencies,
    themes: [p.themes[0]!, p.themes[1]!],
    c: [c1, c2, c3, c4],
    a: { a1, a2, a3, a4 },
  };
}

export async function activityRow(store: Store, id: number): Promise<Row<'activities'>> {
  return store.db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

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
 * agency that leads nothing), Eva (civil society). Each call makes a government and people of its own.
 */
export interface LateActivitiesPlan {
  planId: number;
  roundId: number;
  commitments: { c1: number; c2: number; c3: number };
  activities: { c1a1: number; c1a2: number; c2a1: number; c2a2: number; c3a1: number; c3a2: number };
  assessments: { c1: number; c3: number };
  people: { ana: Actor; beto: Actor; carla: Actor; dora: Actor; eva: Actor };
}

let lateCount = 0;

export async function buildLateActivitiesPlan(store: Store): Promise<LateActivitiesPlan> {
  const n = ++lateCount;
  const from = (end: string): [string, string] => ['2026-01-01', end];
  const assessed = { results: 'Avances del trimestre.', reasons: 'Retrasos en la contratación.', level: 'limited' };
  const person = (name: string, role: 'agency-editor' | 'coordinator' | 'civil-society', lang: 'es' | 'en') => ({
    name,
    role,
    lang,
    email: `${name.toLowerCase()}-${n}@example.test`,
  });
  const spec = {
    at: '2026-01-05T12:00:00.000Z',
    context: 'notifications fixture',
    government: { name: `Perú ${n}`, countryCode: 'PE' },
    agencies: {
      minedu: { name: 'Ministerio de Educación', acronym: 'MINEDU' },
      minsa: { name: 'Ministerio de Salud', acronym: 'MINSA' },
      other: { name: 'Ministerio de Cultura', acronym: 'MC' },
    },
    plan: { title: 'Plan de Acción 2026-2027', start: 2026, end: 2027 },
    themes: ['Transparencia'],
    commitments: {
      c1: {
        number: 1,
        title: 'Datos abiertos de escuelas',
        theme: 0,
        agency: 'minedu',
        asWritten: 'MINEDU',
        dates: from('2026-12-31'),
        activities: {
          c1a1: { number: 1, title: 'Inventario de datos', dates: from('2026-02-15'), status: 'in-progress' },
          c1a2: { number: 2, title: 'Publicar los datos', dates: from('2026-03-12'), status: 'not-started' },
        },
      },
      c2: {
        number: 2,
        title: 'Portal de compras',
        theme: 0,
        agency: 'minedu',
        asWritten: 'MINEDU',
        dates: from('2026-03-10'),
        activities: {
          c2a1: { number: 1, title: 'Diseño del portal', dates: from('2026-01-20'), status: 'done' },
          c2a2: { number: 2, title: 'Pruebas del portal', dates: from('2026-01-25'), status: 'not-started' },
        },
      },
      c3: {
        number: 3,
        title: 'Historias clínicas',
        theme: 0,
        agency: 'minsa',
        asWritten: 'MINSA',
        dates: from('2027-06-30'),
        activities: {
          c3a1: { number: 1, title: 'Piloto en dos hospitales', dates: from('2026-02-27'), status: 'in-progress' },
          c3a2: { number: 2, title: 'Informe del piloto', dates: from('2026-03-20'), status: 'not-started' },
        },
      },
    },
    round: { position: 1, title: 'Reporte del primer trimestre', cutoff: '2026-02-28', published: false },
    assessments: {
      c1: { ...assessed, status: 'returned', reviewComment: 'Falta la evidencia.' },
      c3: { ...assessed, status: 'submitted' },
    },
    people: {
      ana: { ...person('Ana', 'agency-editor', 'es'), agency: 'minedu' },
      beto: { ...person('Beto', 'agency-editor', 'es'), agency: 'minsa' },
      carla: { ...person('Carla', 'coordinator', 'en'), government: true },
      dora: { ...person('Dora', 'agency-editor', 'es'), agency: 'other' },
      eva: person('Eva', 'civil-society', 'es'),
    },
  } satisfies PlanSpec;
  const { planId, roundId, commitments, activities, assessments, people } = await buildPlan(store, spec);
  return { planId, roundId, commitments, activities, assessments, people };
}
