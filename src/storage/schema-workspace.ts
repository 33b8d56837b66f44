import type { Generated } from 'kysely';

/** Tables of the workspace (migration 0005); the new columns of older tables are in schema.ts. */
export interface WorkspaceTables {
  assessment_evidence: {
    id: Generated<number>;
    assessment_id: number;
    evidence_id: number;
  };
  /** A change to a published assessment: shown publicly beside the value it corrects. */
  assessment_corrections: {
    id: Generated<number>;
    assessment_id: number;
    field: string;
    before: string | null;
    after: string | null;
    reason: string;
    actor: string;
    corrected_at: string;
  };
  /** A file a browser import's preview keeps until it is confirmed or expires (migration 0027). */
  import_previews: {
    sha256: string;
    expires_at: string;
    created_at: string;
  };
}
