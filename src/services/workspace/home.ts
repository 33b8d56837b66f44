import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../storage/connect.js';
import { listCurrentCoLeadsOf } from '../../storage/commitment-template.js';
import * as workspaceStore from '../../storage/workspace.js';
import { submittedInGovernment } from '../../storage/workflow-notices.js';
import { listReviewablePlans } from './reviews.js';

/** The workspace's first page: what this person can update, and the rounds under way they take part in. */
export interface WorkspaceHome {
  commitments: {
    id: number;
    number: number;
    title: string;
    plan: { id: number; title: string };
    agency: string | null;
    /** The agencies that lead it beside the first (decision 030). */
    coLeads: string[];
    updatedAt: string;
  }[];
  rounds: { id: number; kind: string; title: string; lang: string; cutoffDate: string | null; plan: { id: number; title: string } }[];
  /** Plans where this person may open a round (coordinators). */
  plans: { id: number; title: string }[];
  /** Plans whose commitments this person reviews (independent reviewers). */
  reviewPlans: { id: number; title: string }[];
  /** An agency editor's assessments returned by the coordination, with its comment (issue 20). */
  returned: (WorkflowItem & { comment: string | null; decidedAt: string | null })[];
  /** A coordinator's assessments submitted and waiting for a decision (issue 20). */
  submitted: (WorkflowItem & { submittedBy: string | null; submittedAt: string | null })[];
}

export interface WorkflowItem {
  round: { id: number; kind: string; title: string; lang: string; cutoffDate: string | null };
  commitment: { id: number; number: number; title: string };
}

const workflowItem = (r: {
  round_id: number;
  kind: string;
  round_title: string;
  lang: string;
  cutoff_date: string | null;
  id: number;
  number: number;
  title: string;
}): WorkflowItem => ({
  round: { id: r.round_id, kind: r.kind, title: r.round_title, lang: r.lang, cutoffDate: r.cutoff_date },
  commitment: { id: r.id, number: r.number, title: r.title },
});

export async function getWorkspaceHome(store: Store, actor: Actor | null): Promise<WorkspaceHome> {
  if (!actor) throw new AppError('unauthenticated');
  const scope =
    actor.role === 'coordinator' && actor.governmentId !== null
      ? { governmentId: actor.governmentId }
      : actor.role === 'agency-editor' && actor.agencyId !== null
        ? { agencyId: actor.agencyId }
        : null;
  const commitments = scope ? await workspaceStore.listEditableCommitments(store.db, scope) : [];
  const coLeads = new Map<number, string[]>();
  for (const r of await listCurrentCoLeadsOf(
    store.db,
    commitments.map((c) => c.id),
  ))
    coLeads.set(r.commitment_id, [...(coLeads.get(r.commitment_id) ?? []), r.agency_acronym ?? r.agency_name]);
  const roundsGovernment = actor.role === 'reviewer' && actor.governmentId === null ? undefined : (actor.governmentId ?? undefined);
  const rounds =
    actor.role === 'admin'
      ? []
      : actor.role === 'agency-editor'
        ? // The rounds in which it owes an assessment: by the agency on each round's cutoff, not the commitments it leads now.
          actor.agencyId === null
          ? []
          : await workspaceStore.listOpenRounds(store.db, { agencyId: actor.agencyId })
        : await workspaceStore.listOpenRounds(store.db, { governmentId: roundsGovernment });
  const plans =
    actor.role === 'coordinator' && actor.governmentId !== null
      ? await workspaceStore.listPlansOfGovernment(store.db, actor.governmentId)
      : [];
  return {
    commitments: commitments.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      plan: { id: c.plan_id, title: c.plan_title },
      agency: c.agency_acronym ?? c.agency_name,
      coLeads: coLeads.get(c.id) ?? [],
      updatedAt: c.updated_at,
    })),
    rounds: rounds.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      lang: r.lang,
      cutoffDate: r.cutoff_date,
      plan: { id: r.plan_id, title: r.plan_title },
    })),
    plans: plans.map((p) => ({ id: p.id, title: p.title })),
    reviewPlans: await listReviewablePlans(store, actor),
    returned:
      actor.role === 'agency-editor' && actor.agencyId !== null
        ? (await workspaceStore.assessmentsOwedBy(store.db, actor.agencyId))
            .filter((o) => o.status === 'returned')
            .map((o) => ({ ...workflowItem(o), comment: o.review_comment, decidedAt: o.decided_at }))
        : [],
    submitted:
      actor.role === 'coordinator' && actor.governmentId !== null
        ? (await submittedInGovernment(store.db, actor.governmentId)).map((o) => ({
            ...workflowItem(o),
            submittedBy: o.submitted_by,
            submittedAt: o.submitted_at,
          }))
        : [],
  };
}
