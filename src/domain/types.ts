/** Words of the domain shared across layers. Row types never leave storage/; these do. */
export const ROUND_KINDS = ['midterm', 'end-of-term', 'periodic'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export const PLAN_STATUSES = ['draft', 'active', 'completed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const GOVERNMENT_KINDS = ['national', 'local'] as const;
export type GovernmentKind = (typeof GOVERNMENT_KINDS)[number];

export const EVIDENCE_KINDS = ['url', 'file', 'text'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const ACTIVITY_STATUSES = ['not-started', 'in-progress', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
