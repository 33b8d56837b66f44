import type { Actor, Role } from './roles.js';

/**
 * The one policy: who may do what. Pure: an actor, an action, and what the action is about (the
 * government whose plan it is, the agency that leads the commitment). Routes declare a coarse rule
 * (http/permissions.ts); services ask `can` about the very thing being changed.
 */
export type Action =
  /** Published data: everyone. */
  | 'read:published'
  /** What is not public yet: open rounds, draft assessments. */
  | 'read:drafts'
  /** A commitment's fields, activities, evidence, sources. */
  | 'edit:commitment'
  /** Move a commitment to another lead agency (its contact is the agency's to keep current: edit:commitment). */
  | 'reorganise:commitment'
  /** Open and publish rounds, decide assessments. */
  | 'manage:plan'
  | 'draft:assessment'
  | 'decide:assessment'
  /** The independent review (IRM). */
  | 'write:review'
  | 'manage:accounts'
  | 'manage:agencies'
  /** Create and edit governments: their names, kind, country, languages and holidays (issue 19). */
  | 'manage:governments'
  /** Start a plan of a government (its coordination); the plan's title, period, stage and themes are manage:plan. */
  | 'create:plan'
  /** Import a Word report or plan from the browser (issue 19): the coordination of the government it goes to, and admins. */
  | 'import:report'
  /** Merge two agencies of a government that are the same body (issue 19): its coordination, and admins. */
  | 'merge:agencies'
  /** Add and change a commitment's indicators (the matrix of issue 6). */
  | 'manage:indicator'
  /** Record a measurement of an indicator, or correct one (audited). */
  | 'record:measurement'
  /** Raise an alert about a commitment: civil society (the others are who answer them). */
  | 'raise:alert'
  /** Answer an alert: the coordination, and every agency that leads the commitment (its co-leads too). */
  | 'answer:alert'
  /** Open a plan's list of alerts to answer: its coordination (every alert), any agency's editors (their agency's, by answer:alert). */
  | 'list:alerts-to-answer'
  /** Comment on a public consultation with one's account (others comment through a mailed link): civil society. */
  | 'comment:consultation';

export interface Subject {
  /** The government whose plan the thing belongs to. */
  governmentId?: number | null;
  /** The agency that leads the commitment now (its first lead; a round's assessment is this one's: decision 010). */
  agencyId?: number | null;
  /** Every agency that leads it now, the first and its co-leads (decision 030): each of them edits it. */
  agencyIds?: readonly number[];
}

const sameGovernment = (actor: Actor, s: Subject) =>
  actor.governmentId !== null && s.governmentId !== undefined && s.governmentId === actor.governmentId;
const sameAgency = (actor: Actor, s: Subject) =>
  actor.agencyId !== null &&
  ((s.agencyId !== undefined && s.agencyId === actor.agencyId) || (s.agencyIds?.includes(actor.agencyId) ?? false));

export function can(actor: Actor | null, action: Action, subject: Subject = {}): boolean {
  if (action === 'read:published') return true;
  if (!actor) return false;
  const { role } = actor;
  switch (action) {
    case 'read:drafts':
      return (
        (role === 'coordinator' && sameGovernment(actor, subject)) ||
        (role === 'reviewer' && (actor.governmentId === null || sameGovernment(actor, subject))) ||
        (role === 'agency-editor' && sameAgency(actor, subject))
      );
    // The coordination and the agency that leads the commitment edit it, draft its assessment, keep its indicators and measure them.
    case 'edit:commitment':
    case 'draft:assessment':
    case 'manage:indicator':
    case 'record:measurement':
    case 'answer:alert':
      return (role === 'coordinator' && sameGovernment(actor, subject)) || (role === 'agency-editor' && sameAgency(actor, subject));
    case 'reorganise:commitment':
    case 'manage:plan':
    case 'create:plan':
    case 'decide:assessment':
      return role === 'coordinator' && sameGovernment(actor, subject);
    case 'write:review':
      return role === 'reviewer' && (actor.governmentId === null || sameGovernment(actor, subject));
    case 'manage:accounts':
    case 'manage:agencies':
    case 'manage:governments':
      return role === 'admin';
    case 'import:report':
    case 'merge:agencies':
      return role === 'admin' || (role === 'coordinator' && sameGovernment(actor, subject));
    case 'list:alerts-to-answer':
      return (role === 'coordinator' && sameGovernment(actor, subject)) || role === 'agency-editor';
    case 'raise:alert':
    case 'comment:consultation':
      return role === 'civil-society';
  }
}

/** Roles that work in the workspace (civil society has its own pages, in a later issue). */
export const WORKSPACE_ROLES: readonly Role[] = ['admin', 'coordinator', 'agency-editor', 'reviewer'];
