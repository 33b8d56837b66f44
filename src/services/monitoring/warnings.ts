import { activityOverdue, type Warning } from '../../domain/warnings.js';
import type { Store } from '../../storage/connect.js';
import { listActivityFacts } from '../../storage/monitoring.js';

/** Every early warning of a plan on a date (ISO, YYYY-MM-DD): the facts read once, the domain's rules applied. */
export async function planWarnings(store: Store, planId: number, date: string): Promise<Warning[]> {
  const activities = await listActivityFacts(store.db, planId);
  return activities.map((a) => activityOverdue(a, date)).filter((w): w is Warning => w !== null);
}
