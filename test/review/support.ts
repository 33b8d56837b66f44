import type { Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';

/** The rows the review's operations write, to prove a refused one changed nothing. */
export async function reviewSnapshot(store: Store) {
  return {
    reviews: await store.db.selectFrom('irm_reviews').selectAll().orderBy('id').execute(),
    recommendations: await store.db.selectFrom('irm_recommendations').selectAll().orderBy('id').execute(),
    commitments: await store.db.selectFrom('commitments').selectAll().orderBy('id').execute(),
    audit: await store.db.selectFrom('audit_log').select(['id']).orderBy('id').execute(),
  };
}

/** A plan of a government with one theme (there is no workspace form to make plans yet). */
export async function addPlan(
  store: Store,
  values: { governmentId: number; title: string; start: number; end: number },
): Promise<{ planId: number; themeId: number }> {
  const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString(), context: 'test plan' });
  const planId = await w.insert('plans', {
    government_id: values.governmentId,
    title: values.title,
    lang: 'es',
    period_start: values.start,
    period_end: values.end,
    approval_instrument: null,
    approval_date: null,
    status: 'active',
    ogp_number: null,
  });
  const themeId = await w
    .forPlan(planId)
    .insert('themes', { plan_id: planId, position: 0, title: 'Transparencia', intro: null, synthesis: null, lang: 'es' });
  return { planId, themeId };
}

export async function addGovernment(store: Store, name: string): Promise<number> {
  const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString(), context: 'test government' });
  return w.insert('governments', { name, kind: 'national', country_code: null, lang: 'es' });
}
