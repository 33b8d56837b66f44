import { consistencyWarnings, type ConsistencyFacts, type ConsistencyWarning } from '../../domain/assessment-consistency.js';
import { isLevel, type Level } from '../../domain/levels.js';
import type { Subject } from '../../domain/permissions.js';
import type { Actor } from '../../domain/roles.js';
import type { RoundInfo } from '../../domain/types.js';
import type { Warning } from '../../domain/warnings.js';
import { AppError } from '../../errors.js';
import { userNames } from '../../storage/assessment-review.js';
import * as commitmentStore from '../../storage/commitments.js';
import type { Store } from '../../storage/connect.js';
import * as planStore from '../../storage/plans.js';
import * as workspaceStore from '../../storage/workspace.js';
import { getCommitmentAlerts, type AlertView } from '../alerts.js';
import { getCommitmentIndicators } from '../indicators.js';
import { planWarnings } from '../monitoring/warnings.js';
import { authorize, loadCommitment } from './context.js';

/**
 * The review screen's panel (issue 20): everything a coordinator deciding an assessment — or the IRM's
 * reviewer reviewing the commitment — needs beside the proposed level: the levels of the earlier rounds,
 * the results, the evidence cited, the activities and indicators as they stood, the open early warnings
 * and civil-society alerts, who submitted and who decided, and the consistency checks
 * (domain/assessment-consistency.ts). One read model for both screens.
 */
type Db = Store['db'];

export interface PanelPerson {
  name: string | null;
  at: string;
}

export interface PanelAssessment {
  round: RoundInfo;
  level: Level | null;
  results: string | null;
  reasons: string | null;
  stage: string;
  submitted: PanelPerson | null;
  decided: PanelPerson | null;
  submitReason: string | null;
  approvalReason: string | null;
}

export interface PanelEvidence {
  id: number;
  url: string | null;
  file: { name: string; size: number } | null;
  description: string | null;
}

export interface PanelActivity {
  id: number;
  number: number;
  title: string;
  status: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualEnd: string | null;
  percentDone: number | null;
}

export interface PanelIndicator {
  id: number;
  name: string;
  unit: string;
  baseline: number;
  target: number;
  latest: { value: number; date: string } | null;
  progress: number | null;
}

export interface AssessmentPanel {
  commitmentId: number;
  /** The assessment under decision (the reviewer: the latest round's); null when the round has none yet. */
  current: PanelAssessment | null;
  /** The rounds with an earlier cutoff, oldest first, each with its level. */
  previous: { round: RoundInfo; level: Level | null }[];
  /** The evidence the current assessment cites. */
  cited: PanelEvidence[];
  activities: PanelActivity[];
  indicators: PanelIndicator[];
  /** The date the indicators are read on: the round's cutoff, or today if earlier. */
  readOn: string;
  earlyWarnings: Warning[];
  alerts: AlertView[];
  consistency: ConsistencyWarning[];
}

type AssessmentRow = Awaited<ReturnType<typeof commitmentStore.listAssessmentsOfCommitment>>[number];

const roundOf = (a: AssessmentRow): RoundInfo => ({
  id: a.round_id,
  position: a.round_position,
  kind: a.round_kind as RoundInfo['kind'],
  title: a.round_title,
  lang: a.round_lang,
  cutoffDate: a.round_cutoff,
  published: Boolean(a.round_published),
});

const levelOf = (v: unknown): Level | null => (typeof v === 'string' && isLevel(v) ? v : null);

/** The facts the consistency rules read, but the level: what saving and deciding check a level against. */
export interface CommitmentFacts {
  facts: Omit<ConsistencyFacts, 'level'>;
  activities: PanelActivity[];
  indicators: PanelIndicator[];
  evidence: Awaited<ReturnType<typeof commitmentStore.listEvidence>>;
  readOn: string;
  /** The round's assessment (the reviewer: the latest round's), and those of the rounds before it, by cutoff. */
  row: AssessmentRow | null;
  before: AssessmentRow[];
}

/**
 * The commitment's facts as of a round (null: its latest assessed round): its activities now, its
 * indicators on the round's cutoff (or today, if earlier), its evidence, the rounds before it.
 */
export async function commitmentFacts(
  store: Store,
  commitment: { id: number; plan_id: number },
  roundId: number | null,
  today: string,
): Promise<CommitmentFacts> {
  const db: Db = store.db;
  const [plan, assessments, activityRows, evidence, round] = await Promise.all([
    planStore.findPlan(db, commitment.plan_id),
    commitmentStore.listAssessmentsOfCommitment(db, commitment.id),
    commitmentStore.listActivities(db, commitment.id),
    commitmentStore.listEvidence(db, commitment.id),
    roundId === null ? Promise.resolve(undefined) : planStore.findRound(db, roundId),
  ]);
  if (roundId !== null && round?.plan_id !== commitment.plan_id) throw new AppError('not_found', { entity: 'round', id: roundId });
  const row = (roundId === null ? assessments.at(-1) : assessments.find((a) => a.round_id === roundId)) ?? null;
  const cutoff = round ? round.cutoff_date : (row?.round_cutoff ?? null);
  // Listed in cutoff order: those before the round's row; a round not assessed yet comes after the earlier cutoffs.
  const before = row
    ? assessments.slice(0, assessments.indexOf(row))
    : assessments.filter((a) => !cutoff || !a.round_cutoff || a.round_cutoff < cutoff);
  const readOn = cutoff && cutoff < today ? cutoff : today;
  const indicators = (await getCommitmentIndicators(store, commitment.id, readOn)).map((v) => ({
    id: v.id,
    name: v.name,
    unit: v.unit,
    baseline: v.baseline.value,
    target: v.target.value,
    latest: v.reading.latest && { value: v.reading.latest.value, date: v.reading.latest.date },
    progress: v.reading.progress,
  }));
  const activities = activityRows.map((a) => ({
    id: a.id,
    number: a.number,
    title: a.title,
    status: a.status,
    plannedStart: a.planned_start,
    plannedEnd: a.planned_end,
    actualEnd: a.actual_end,
    percentDone: a.percent_done,
  }));
  return {
    facts: {
      previousLevel: levelOf([...before].reverse().find((a) => levelOf(a.level))?.level),
      activities,
      indicators,
      evidenceCount: evidence.length,
      completeShare: plan!.complete_share,
    },
    activities,
    indicators,
    evidence,
    readOn,
    row,
    before,
  };
}

/**
 * The panel of a commitment: about the assessment of `roundId` (the decision screen), or — null — of
 * the latest round that assessed it (the reviewer's screen). Whoever may read the round's drafts may
 * read it: the subject is the commitment as the round sees it, given by the caller that loaded it.
 */
export async function getAssessmentPanel(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  roundId: number | null,
  today: string,
  subject?: Subject,
): Promise<AssessmentPanel> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'read:drafts', subject ?? c.subject);
  const f = await commitmentFacts(store, c, roundId, today);
  const row = f.row;
  const [names, cited, files, warnings, alerts] = await Promise.all([
    userNames(store.db, [row?.submitted_by ?? null, row?.decided_by ?? null]),
    row ? workspaceStore.listCitedEvidence(store.db, row.id) : Promise.resolve([]),
    commitmentStore.listEvidenceFiles(store.db, commitmentId),
    planWarnings(store, c.plan_id, today),
    getCommitmentAlerts(store, commitmentId, today),
  ]);
  const citedIds = new Set(cited.map((x) => x.evidence_id));
  const person = (id: number | null, at: string | null): PanelPerson | null =>
    at ? { name: id === null ? null : (names.get(id) ?? null), at } : null;
  const current: PanelAssessment | null = row
    ? {
        round: roundOf(row),
        level: levelOf(row.level),
        results: row.results,
        reasons: row.reasons,
        stage: row.status,
        submitted: person(row.submitted_by, row.submitted_at),
        decided: person(row.decided_by, row.decided_at),
        submitReason: row.submit_reason,
        approvalReason: row.approval_reason,
      }
    : null;
  return {
    commitmentId,
    current,
    previous: f.before.map((a) => ({ round: roundOf(a), level: levelOf(a.level) })),
    cited: f.evidence
      .filter((e) => citedIds.has(e.id))
      .map((e) => {
        const file = files.find((x) => x.evidence_id === e.id);
        return { id: e.id, url: e.url, file: file ? { name: file.name, size: Number(file.size) } : null, description: e.description };
      }),
    activities: f.activities,
    indicators: f.indicators,
    readOn: f.readOn,
    earlyWarnings: warnings.filter((w) => w.commitmentId === commitmentId),
    alerts: alerts.alerts.filter((a) => a.status === 'open'),
    consistency: current ? consistencyWarnings({ ...f.facts, level: current.level }) : [],
  };
}
