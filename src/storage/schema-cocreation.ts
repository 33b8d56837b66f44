import type { Generated } from 'kysely';

/** Tables of co-creation and the multistakeholder forum (migration 0012). Dates YYYY-MM-DD, flags 0/1. */
interface Stamped {
  id: Generated<number>;
  plan_id: number;
  created_at: string;
  updated_at: string;
}

/** Records the coordinator edits carry a version (migration 0016): a save from an older one is a conflict. */
interface Versioned {
  version: Generated<number>;
}

export interface CocreationTables {
  /** The plan's call for proposals; a plan without a row has it closed. */
  cocreation_calls: Stamped & { open: number };
  workshops: Stamped & Versioned & { place: string; held_on: string; sectors: string | null; participants: number | null };
  proposals: Stamped &
    Versioned & {
      workshop_id: number | null;
      title: string;
      body: string;
      proposer: string;
      proposer_kind: string;
      sector: string | null;
      channel: string;
      submitted_on: string;
      status: Generated<string>;
      candidate_id: number | null;
    };
  candidate_commitments: Stamped &
    Versioned & {
      title: string;
      description: string | null;
      score_specific: number | null;
      score_measurable: number | null;
      score_achievable: number | null;
      score_relevant: number | null;
      score_time_bound: number | null;
      prioritised: Generated<number>;
      commitment_id: number | null;
    };
  forum_members: Stamped & Versioned & { name: string; sector: string; member_from: string; member_until: string | null };
  forum_meetings: Stamped & Versioned & { held_on: string; agenda: string; minutes_url: string | null; agreements: string | null };
}
