import type { Generated } from 'kysely';

/**
 * Tables of the early warnings' follow-up (migration 0009); the original planned end of activities and
 * commitments is a column of theirs (schema.ts).
 */
export interface MonitoringTables {
  /** A plan's thresholds and public traffic light; a plan without a row has DEFAULT_MONITORING_SETTINGS. */
  plan_monitoring_settings: {
    id: Generated<number>;
    plan_id: number;
    behind_points: number;
    stale_days: number;
    /** 0/1 */
    public_traffic_light: number;
    created_at: string;
    updated_at: string;
  };
  /** Someone answering a warning: a reason and a corrective action, or a new planned date (or both). */
  warning_acknowledgements: {
    id: Generated<number>;
    plan_id: number;
    commitment_id: number;
    warning_key: string;
    code: string;
    basis: Generated<string>;
    reason: string | null;
    corrective_action: string | null;
    new_planned_end: string | null;
    previous_planned_end: string | null;
    user_id: number | null;
    actor_name: string;
    created_at: string;
  };
}
