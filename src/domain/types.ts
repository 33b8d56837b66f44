/** Words of the domain shared across layers. Row types never leave storage/; these do. */
export const ROUND_KINDS = ['midterm', 'end-of-term', 'periodic'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

/** A round as services return it and pages show it. */
export interface RoundInfo {
  id: number;
  /** Its place in the report it came from; rounds are listed by cutoff date, not by this (decision 035). */
  position: number;
  kind: RoundKind;
  title: string;
  /** The language the title is written in. */
  lang: string;
  cutoffDate: string | null;
  published: boolean;
}

/** borrador → en consulta → aprobado → en ejecución → concluido (issue 19; domain/plan-stages.ts says which moves are allowed). */
export const PLAN_STATUSES = ['draft', 'consultation', 'approved', 'active', 'completed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const GOVERNMENT_KINDS = ['national', 'local'] as const;
export type GovernmentKind = (typeof GOVERNMENT_KINDS)[number];

export const EVIDENCE_KINDS = ['url', 'file', 'text'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const ACTIVITY_STATUSES = ['not-started', 'in-progress', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** Why `vigia backup` or `vigia restore` refuses (services/backup.ts): codes that i18n/backup.ts words. */
export type BackupProblem = 'file_missing' | 'not_a_backup' | 'wrong_kind' | 'damaged' | 'not_empty' | 'busy' | 'check_failed';
