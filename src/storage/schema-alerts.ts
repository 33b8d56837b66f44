import type { Generated } from 'kysely';

/** Civil-society alerts, holidays and each plan's count of working days (migration 0014). */
export interface AlertTables {
  alerts: {
    id: Generated<number>;
    plan_id: number;
    commitment_id: number;
    activity_id: number | null;
    /** The commitment's lead agency when the alert was raised. */
    agency_id: number | null;
    /** domain/alerts.ts ALERT_CATEGORIES */
    category: string;
    text: string;
    evidence_url: string | null;
    evidence_file_id: number | null;
    raised_by: number;
    raised_by_name: string;
    /** The app's day when raised (ISO date): the count starts the day after. */
    raised_on: string;
    /** The count the deadline was computed with. */
    working_days: number;
    /** The last day the answer is due on (ISO date), fixed when raised. */
    deadline: string;
    /** open | answered */
    status: Generated<string>;
    answer: string | null;
    answered_by: number | null;
    answered_by_name: string | null;
    answered_on: string | null;
    created_at: string;
    updated_at: string;
  };
  holidays: {
    id: Generated<number>;
    government_id: number;
    date: string;
    name: string;
    created_at: string;
  };
  plan_alert_settings: {
    id: Generated<number>;
    plan_id: number;
    working_days: number;
    created_at: string;
    updated_at: string;
  };
}
