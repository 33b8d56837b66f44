import { DEFAULT_MONITORING_SETTINGS, type MonitoringSettings } from '../../domain/warnings.js';
import type { Store } from '../../storage/connect.js';
import { findMonitoringSettings } from '../../storage/monitoring.js';

/** A plan's monitoring settings: its own row, or the defaults while it has none. */
export async function monitoringSettings(db: Store['db'], planId: number): Promise<MonitoringSettings> {
  const row = await findMonitoringSettings(db, planId);
  if (!row) return { ...DEFAULT_MONITORING_SETTINGS };
  return {
    behindPoints: Number(row.behind_points),
    staleDays: Number(row.stale_days),
    publicTrafficLight: Number(row.public_traffic_light) === 1,
  };
}
