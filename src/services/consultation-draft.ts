import { consultationStatus, type ConsultationStatus } from '../domain/consultation.js';
import { isLevel, type Level } from '../domain/levels.js';
import type { ActivityStatus } from '../domain/types.js';
import * as commitmentStore from '../storage/commitments.js';
import * as consultationStore from '../storage/consultation.js';
import type { Store } from '../storage/connect.js';
import * as planStore from '../storage/plans.js';
import * as reportStore from '../storage/report.js';
import { datesOf, loadConsultation } from './consultation.js';

/**
 * The draft a consultation is about, as the public reads it on the consultation's page and in the
 * API (issue 7): for a self-assessment round, each commitment's assessment in that round — level,
 * results, reasons, next steps — and the report's narrative sections; for the plan, its commitments
 * as they stand. Only the consulted round is read out (never another unpublished one), and only from
 * the day the consultation opens: before that the draft may still be being written.
 */

export interface DraftAssessment {
  level: Level | null;
  results: string | null;
  reasons: string | null;
  nextSteps: string | null;
  additionalInfo: string | null;
  lang: string;
}

export interface DraftCommitment {
  id: number;
  number: number;
  title: string;
  lang: string;
  leadAgency: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  problem: string | null;
  objective: string | null;
  description: string | null;
  relevance: string | null;
  ambition: string | null;
  activities: { number: number; title: string; plannedStart: string | null; plannedEnd: string | null; status: ActivityStatus | null }[];
  /** For a round: its assessment in the consulted round (null: none written yet). For the plan: always null. */
  assessment: DraftAssessment | null;
}

export interface ConsultationDraft {
  kind: 'plan' | 'round';
  round: { id: number; title: string; cutoffDate: string | null } | null;
  /** False while the consultation has not opened: nothing of the draft is shown then. */
  shown: boolean;
  status: ConsultationStatus;
  commitments: DraftCommitment[];
  sections: { id: number; key: string; title: string; body: string | null; lang: string }[];
}

export async function consultationDraft(store: Store, consultationId: number, today: string): Promise<ConsultationDraft> {
  const c = await loadConsultation(store, consultationId);
  const db = store.db;
  const status = consultationStatus(datesOf(c), today);
  const round = c.round_id === null ? undefined : await consultationStore.roundOfPlan(db, c.round_id, c.plan_id);
  const base = {
    kind: c.round_id === null ? ('plan' as const) : ('round' as const),
    round: round ? { id: Number(round.id), title: round.title, cutoffDate: round.cutoff_date } : null,
    status,
  };
  if (status === 'upcoming') return { ...base, shown: false, commitments: [], sections: [] };

  const [commitments, agencies, sections, assessments] = await Promise.all([
    commitmentStore.listCommitments(db, c.plan_id),
    reportStore.listCurrentLeadAgencyRows(db, c.plan_id),
    planStore.listSections(db, c.plan_id),
    round ? reportStore.listPlanAssessments(db, c.plan_id) : Promise.resolve([]),
  ]);
  // The plan's assessments of every round are read; only the consulted round's leave this function.
  const ofRound = new Map(assessments.filter((a) => round && a.round_id === Number(round.id)).map((a) => [a.commitment_id, a]));
  const activities = await Promise.all(commitments.map((x) => commitmentStore.listActivities(db, x.id)));
  return {
    ...base,
    shown: true,
    commitments: commitments.map((x, i) => {
      const a = ofRound.get(x.id);
      return {
        id: x.id,
        number: x.number,
        title: x.title,
        lang: x.lang,
        leadAgency: agencies.find((g) => g.commitment_id === x.id)?.agency_name ?? null,
        plannedStart: x.planned_start,
        plannedEnd: x.planned_end,
        problem: x.problem,
        objective: x.objective,
        description: x.description,
        relevance: x.relevance,
        ambition: x.ambition,
        activities: activities[i]!.map((t) => ({
          number: t.number,
          title: t.title,
          plannedStart: t.planned_start,
          plannedEnd: t.planned_end,
          status: t.status as ActivityStatus | null,
        })),
        assessment: a
          ? {
              level: isLevel(a.level) ? a.level : null,
              results: a.results,
              reasons: a.reasons,
              nextSteps: a.next_steps,
              additionalInfo: a.additional_info,
              lang: a.lang,
            }
          : null,
      };
    }),
    sections: sections.map((s) => ({ id: s.id, key: s.key, title: s.title, body: s.body, lang: s.lang })),
  };
}

export interface ConsultationCounts {
  /** Comments the public reads. */
  visible: number;
  hidden: number;
  /** Visible comments the coordinator has answered. */
  answered: number;
}

/** How many comments a consultation has, shown and hidden, and how many of the shown are answered. */
export async function consultationCounts(store: Store, consultationId: number): Promise<ConsultationCounts> {
  const rows = await consultationStore.commentsOf(store.db, consultationId);
  const visible = rows.filter((r) => !Number(r.hidden));
  return { visible: visible.length, hidden: rows.length - visible.length, answered: visible.filter((r) => r.answer !== null).length };
}
