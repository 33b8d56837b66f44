import type { Generated } from 'kysely';

/** Tables of the indicator matrix (migration 0008); the vocabularies are in domain/indicators.ts. */
export interface IndicatorTables {
  indicators: {
    id: Generated<number>;
    commitment_id: number;
    /** The activity it measures, when it measures one rather than the whole commitment. */
    activity_id: number | null;
    name: string;
    unit: string;
    /** 'up' when a higher value is better, 'down' when a lower one is. */
    direction: string;
    baseline_value: number;
    baseline_date: string;
    target_value: number;
    target_date: string;
    /** monthly, quarterly, half-yearly, yearly. */
    frequency: string;
    means_of_verification: string | null;
    /** The agency that measures it (agencies.id). */
    agency_id: number | null;
    lang: string;
    version: Generated<number>;
    created_at: string;
    updated_at: string;
  };
  indicator_measurements: {
    id: Generated<number>;
    indicator_id: number;
    value: number;
    date: string;
    source: string | null;
    note: string | null;
    recorded_by: number | null;
    version: Generated<number>;
    created_at: string;
    updated_at: string;
  };
}
