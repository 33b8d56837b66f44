import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { AuditedWriter } from '../../src/storage/writer.js';

/**
 * Indicators on the seeded 2015–2016 plan, for any test that needs a matrix (warnings, digests,
 * exports). Written as an import would (AuditedWriter, actor "test"), with fixed dates:
 *
 *   commitment 1 — "Entidades con datos abiertos publicados", up 10 → 50 entidades, 2015-07-01 → 2016-06-30,
 *                  quarterly, measured 20 (2015-10-01) and 30 (2016-01-01): on its path;
 *   commitment 2 — "Días para responder una solicitud", down 30 → 10 días, same dates, half-yearly,
 *                  measured 28 (2016-01-01): ~40 points behind, off path (critical with behindPoints 20);
 *   commitment 4 — "Personas capacitadas", up 0 → 1000 personas, same dates, monthly, never measured:
 *                  overdue from 2015-08-02, critical from 2015-09-02.
 */
export interface DemoIndicators {
  onPath: number;
  offPath: number;
  unmeasured: number;
}

export async function addDemoIndicators(store: Store, commitment: (n: number) => number): Promise<DemoIndicators> {
  const w = new AuditedWriter(store.db, { actor: 'test', at: '2016-01-02T12:00:00.000Z', context: 'test fixture: indicators' });
  const base = { lang: 'es', baseline_date: '2015-07-01', target_date: '2016-06-30', means_of_verification: null, activity_id: null };
  const add = async (
    n: number,
    values: { name: string; unit: string; direction: string; baseline_value: number; target_value: number; frequency: string },
    measurements: [value: number, date: string][],
  ) => {
    const c = (await commitmentSubject(store.db, commitment(n)))!;
    w.forPlan(c.plan_id).forCommitment(c.id);
    const id = await w.insert('indicators', { ...base, ...values, commitment_id: c.id, agency_id: c.agency_id });
    for (const [value, date] of measurements)
      await w.insert('indicator_measurements', {
        indicator_id: id,
        value,
        date,
        source: 'Informe de la entidad',
        note: null,
        recorded_by: null,
      });
    return id;
  };
  return {
    onPath: await add(
      1,
      {
        name: 'Entidades con datos abiertos publicados',
        unit: 'entidades',
        direction: 'up',
        baseline_value: 10,
        target_value: 50,
        frequency: 'quarterly',
      },
      [
        [20, '2015-10-01'],
        [30, '2016-01-01'],
      ],
    ),
    offPath: await add(
      2,
      {
        name: 'Días para responder una solicitud',
        unit: 'días',
        direction: 'down',
        baseline_value: 30,
        target_value: 10,
        frequency: 'half-yearly',
      },
      [[28, '2016-01-01']],
    ),
    unmeasured: await add(
      4,
      { name: 'Personas capacitadas', unit: 'personas', direction: 'up', baseline_value: 0, target_value: 1000, frequency: 'monthly' },
      [],
    ),
  };
}
