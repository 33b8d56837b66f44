import { PLAN_STATUSES, type PlanStatus } from './types.js';

/**
 * A plan's life (issue 19): borrador → en consulta → aprobado → en ejecución → concluido. A plan moves
 * forward one stage at a time, except that a draft may be approved without a consultation in Vigía (some
 * governments consult elsewhere, and an imported plan arrives already approved). Going back is refused:
 * what the public has read as approved, or was consulted on, cannot quietly become a draft again — a
 * change to an approved plan is a modification with its reason (a later part of issue 19).
 */
export interface PlanFacts {
  status: PlanStatus;
  commitments: number;
  openConsultation: boolean;
}

export interface Approval {
  instrument: string;
  date: string;
}

export type StageRefusal =
  | { code: 'same_stage' }
  | { code: 'backwards'; from: PlanStatus; to: PlanStatus }
  | { code: 'skips_stage'; from: PlanStatus; to: PlanStatus; next: PlanStatus }
  | { code: 'no_commitments' }
  | { code: 'no_open_consultation' }
  | { code: 'approval_missing'; field: 'instrument' | 'date' };

const rank = (s: PlanStatus) => PLAN_STATUSES.indexOf(s);

/** Whether a plan may move to `to`; the reason when it may not. Approval facts only count when moving to approved. */
export function checkStageMove(plan: PlanFacts, to: PlanStatus, approval?: Partial<Approval>): StageRefusal | null {
  const from = plan.status;
  if (to === from) return { code: 'same_stage' };
  if (rank(to) < rank(from)) return { code: 'backwards', from, to };
  const next = PLAN_STATUSES[rank(from) + 1]!;
  if (to !== next && !(from === 'draft' && to === 'approved')) return { code: 'skips_stage', from, to, next };
  if ((to === 'consultation' || to === 'approved') && plan.commitments === 0) return { code: 'no_commitments' };
  if (to === 'consultation' && !plan.openConsultation) return { code: 'no_open_consultation' };
  if (to === 'approved') {
    if (!approval?.instrument?.trim()) return { code: 'approval_missing', field: 'instrument' };
    if (!approval.date || !/^\d{4}-\d{2}-\d{2}$/.test(approval.date)) return { code: 'approval_missing', field: 'date' };
  }
  return null;
}

/** Published pages show a plan from en consulta on; until it is approved they mark it as a draft. */
export const isPublic = (status: PlanStatus): boolean => status !== 'draft';
export const isDraftForThePublic = (status: PlanStatus): boolean => status === 'draft' || status === 'consultation';

/**
 * An imported plan's stage is what a file said, and files are wrong (an OGP row without a stage arrives
 * "concluido" from its years). While the stage is still the file's — Vigía has not moved it — the
 * coordination may correct it, backwards too, with a reason that the plan's pages show (decision 033).
 * A correction lands on a stage the public reads as a plan (aprobado, en ejecución, concluido): borrador
 * and en consulta are reached by creating and consulting a plan, not by a correction.
 */
export const CORRECTABLE_STAGES: readonly PlanStatus[] = ['approved', 'active', 'completed'];

export type CorrectionRefusal = { code: 'same_stage' } | { code: 'not_from_file' } | { code: 'not_correctable'; to: PlanStatus };

export function checkStageCorrection(plan: { status: PlanStatus; stageFromFile: boolean }, to: PlanStatus): CorrectionRefusal | null {
  if (!plan.stageFromFile) return { code: 'not_from_file' };
  if (to === plan.status) return { code: 'same_stage' };
  if (!CORRECTABLE_STAGES.includes(to)) return { code: 'not_correctable', to };
  return null;
}
