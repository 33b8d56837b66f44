import { AppError } from '../../errors.js';
import type { ConfirmKind } from '../../i18n/confirm.js';
import { formatDate, roundName } from '../../i18n/format.js';
import type { Lang } from '../../i18n/lang.js';
import type { Actor } from '../../domain/roles.js';
import type { RoundKind } from '../../domain/types.js';
import { findUserById } from '../../storage/accounts.js';
import { findHoliday } from '../../storage/alerts.js';
import type { Store } from '../../storage/connect.js';
import * as planStore from '../../storage/plans.js';
import * as workspaceStore from '../../storage/workspace.js';
import { authorize, loadCommitment } from './context.js';

/**
 * What a confirmation page (issue 20) names before an action that removes something or cannot be
 * undone: the thing, where it is, and the page to go back to. Asked of the policy exactly as the action
 * itself asks (same action, same subject), so a page is never shown to someone the action would refuse.
 */
export type ConfirmTarget =
  | { kind: Exclude<ConfirmKind, 'plan-holiday' | 'government-holiday'>; id: number }
  | { kind: 'plan-holiday' | 'government-holiday'; id: number; parentId: number };

export interface ConfirmSubject {
  kind: ConfirmKind;
  name: string;
  within: string;
  /** The page the action comes from (without /en). */
  back: string;
}

const notFound = (entity: string, id: number) => new AppError('not_found', { entity, id });

export async function confirmSubject(store: Store, actor: Actor | null, target: ConfirmTarget, lang: Lang): Promise<ConfirmSubject> {
  const db = store.db;
  const commitmentOf = async (commitmentId: number) => {
    const c = await loadCommitment(store, commitmentId);
    authorize(actor, 'edit:commitment', c.subject);
    return { within: `${c.number}: ${c.title}`, back: `/espacio/compromisos/${c.id}` };
  };
  switch (target.kind) {
    case 'publish-round': {
      const round = await planStore.findRound(db, target.id);
      if (!round) throw notFound('round', target.id);
      const plan = (await planStore.findPlan(db, round.plan_id))!;
      authorize(actor, 'manage:plan', { governmentId: plan.government_id });
      const name = roundName({ kind: round.kind as RoundKind, title: round.title, lang: round.lang, cutoffDate: round.cutoff_date }, lang);
      return { kind: target.kind, name, within: plan.title, back: `/espacio/evaluaciones/${round.id}` };
    }
    case 'evidence': {
      const e = await workspaceStore.findEvidence(db, target.id);
      if (!e) throw notFound('evidence', target.id);
      return { kind: target.kind, name: e.description ?? e.url ?? `#${e.id}`, ...(await commitmentOf(e.commitment_id)) };
    }
    case 'source': {
      const s = await workspaceStore.findSource(db, target.id);
      if (!s) throw notFound('source', target.id);
      return { kind: target.kind, name: s.text, ...(await commitmentOf(s.commitment_id)) };
    }
    case 'activity': {
      const a = await workspaceStore.findActivity(db, target.id);
      if (!a) throw notFound('activity', target.id);
      return { kind: target.kind, name: `${a.number}. ${a.title}`, ...(await commitmentOf(a.commitment_id)) };
    }
    case 'theme': {
      const t = await planStore.findTheme(db, target.id);
      if (!t) throw notFound('theme', target.id);
      const plan = (await planStore.findPlan(db, t.plan_id))!;
      authorize(actor, 'manage:plan', { governmentId: plan.government_id });
      return { kind: target.kind, name: t.title, within: plan.title, back: `/espacio/planes/${plan.id}` };
    }
    case 'plan-holiday': {
      const plan = await planStore.findPlan(db, target.parentId);
      if (!plan) throw notFound('plan', target.parentId);
      authorize(actor, 'manage:plan', { governmentId: plan.government_id });
      const h = await findHoliday(db, target.id);
      if (!h || h.government_id !== plan.government_id) throw notFound('holiday', target.id);
      return {
        kind: target.kind,
        name: `${formatDate(h.date, lang)} (${h.name})`,
        within: plan.title,
        back: `/espacio/planes/${plan.id}/alertas/ajustes`,
      };
    }
    case 'government-holiday': {
      authorize(actor, 'manage:governments', {});
      const h = await findHoliday(db, target.id);
      if (!h || h.government_id !== target.parentId) throw notFound('holiday', target.id);
      const g = (await planStore.findGovernment(db, target.parentId))!;
      return {
        kind: target.kind,
        name: `${formatDate(h.date, lang)} (${h.name})`,
        within: g.name,
        back: `/espacio/admin/gobiernos/${g.id}`,
      };
    }
    case 'account': {
      authorize(actor, 'manage:accounts', {});
      const user = await findUserById(db, target.id);
      if (!user) throw notFound('account', target.id);
      return { kind: target.kind, name: `${user.name} <${user.email}>`, within: '', back: '/espacio/admin/cuentas' };
    }
  }
}
