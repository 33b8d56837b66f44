import { ACCOUNT_RULES, AGENCY_EDIT_RULES, AGENCY_RULES, checkFields, type FieldError } from '../../domain/input.js';
import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import type { AdminReason } from '../../i18n/admin.js';
import { foldKey } from '../../lib/text.js';
import * as adminStore from '../../storage/admin.js';
import type { AccountListRow } from '../../storage/admin.js';
import { findUserById } from '../../storage/accounts.js';
import type { Store } from '../../storage/connect.js';
import { findAgency, listAgenciesWithCounts } from '../../storage/plans.js';
import { AuditedWriter } from '../../storage/writer.js';
import {
  accountProblem,
  createAccount,
  disableAccount,
  isEmail,
  passwordLink,
  requestPasswordReset,
  SET_PASSWORD_LINK_HOURS,
} from '../accounts.js';
import { sendMail, type MailMessage } from '../mail.js';
import { authorize, writeContext, writeTransaction } from './context.js';

/**
 * What an admin does: create and disable accounts, send a person a link to choose a password, add and
 * rename agencies. Each operation asks the policy first (`manage:accounts`, `manage:agencies`); input is
 * checked by the rules of domain/input.ts (unknown fields refused); the rules of the roles are the
 * accounts service's, whose refusals come back as field errors. Every write is in the audit log.
 */

/** A field error, with the accounts service's reason (or a name already taken) when the rule alone does not say it. */
export interface AdminFieldError extends FieldError {
  reason?: AdminReason;
  value?: string;
}

export type AdminResult<T> = ({ ok: true } & T) | { ok: false; errors: AdminFieldError[] };

export type AdminAccount = AccountListRow;

export interface AdminGovernment {
  id: number;
  name: string;
  /** The language its names are written in (its agencies' too). */
  lang: string;
  agencies: { id: number; name: string; acronym: string | null; commitments: number }[];
}

/** Who wrote it, for the audit log: the admin, and what they did. */
const by = (actor: Actor, what: string, now: string) => ({ actor: `user:${actor.userId}`, context: `admin: ${what}`, now: new Date(now) });

// ── accounts ─────────────────────────────────────────────────────────────────────────────────────

export async function listAccounts(store: Store, actor: Actor | null): Promise<AdminAccount[]> {
  authorize(actor, 'manage:accounts', {});
  return adminStore.listAccounts(store.db);
}

/** What the account form offers: the governments, and the agencies of each. */
export async function accountFormOptions(store: Store, actor: Actor | null): Promise<AdminGovernment[]> {
  authorize(actor, 'manage:accounts', {});
  return governmentsWithAgencies(store);
}

/**
 * Creates an account without a password and a one-time link (valid SET_PASSWORD_LINK_HOURS) for the
 * person to choose it — the link `vigia user add` prints. Only its hash is stored: this is the one
 * time it exists in the clear.
 */
export async function createAccountAsAdmin(
  store: Store,
  actor: Actor | null,
  input: Record<string, unknown>,
  now: string,
): Promise<AdminResult<{ account: AdminAccount; link: string; expiresAt: string; hours: number }>> {
  authorize(actor, 'manage:accounts', {});
  const checked = checkFields(input, ACCOUNT_RULES);
  const errors: AdminFieldError[] = checked.errors;
  const email = checked.values.email;
  if (typeof email === 'string' && !isEmail(email.toLowerCase()))
    errors.push({ field: 'email', code: 'invalid_choice', reason: 'invalid', value: email });
  if (errors.length > 0) return { ok: false, errors };
  const v = checked.values;
  try {
    const { account, token, expiresAt } = await createAccount(
      store,
      {
        email: String(v.email),
        name: String(v.name),
        role: String(v.role),
        agencyId: typeof v.agency === 'number' ? v.agency : null,
        governmentId: typeof v.government === 'number' ? v.government : null,
        lang: typeof v.language === 'string' ? v.language : 'es',
      },
      by(actor, 'create account', now),
      { linkHours: SET_PASSWORD_LINK_HOURS },
    );
    const listed = (await adminStore.listAccounts(store.db)).find((a) => a.id === account.id)!;
    return { ok: true, account: listed, link: passwordLink(token!, account.lang), expiresAt: expiresAt!, hours: SET_PASSWORD_LINK_HOURS };
  } catch (e) {
    const problem = accountProblem(e);
    if (!problem) throw e;
    return { ok: false, errors: [{ field: problem.field, code: 'invalid_choice', reason: problem.reason, value: problem.value }] };
  }
}

async function loadAccount(store: Store, userId: number) {
  const user = await findUserById(store.db, userId);
  if (!user) throw new AppError('not_found', { entity: 'account', id: userId });
  return user;
}

/**
 * Disables an account: its sessions end at once and its unused links stop working. An admin cannot
 * disable their own account (the last admin could lock everyone out): that is refused as 'self'.
 */
export async function disableAccountAsAdmin(
  store: Store,
  actor: Actor | null,
  userId: number,
  now: string,
): Promise<{ ok: true; changed: boolean } | { ok: false; refused: 'self' }> {
  authorize(actor, 'manage:accounts', {});
  const user = await loadAccount(store, userId);
  if (user.id === actor.userId) return { ok: false, refused: 'self' };
  const { changed } = await disableAccount(store, user.email, by(actor, 'disable account', now));
  return { ok: true, changed };
}

export type LinkOutcome = 'sent' | 'logged' | 'throttled' | 'failed';

/**
 * Sends the person a link to choose a new password: the same one-time link as "forgotten password"
 * (valid an hour, the newest only, at most three an hour), in their language. A disabled account gets
 * none ('disabled'). 'logged': there is no mail server, the message went to the server's log.
 */
export async function sendPasswordLink(
  store: Store,
  actor: Actor | null,
  userId: number,
  now: string,
  options: { send?: (m: MailMessage) => Promise<'smtp' | 'log'> } = {},
): Promise<{ ok: true; outcome: LinkOutcome } | { ok: false; refused: 'disabled' }> {
  authorize(actor, 'manage:accounts', {});
  const user = await loadAccount(store, userId);
  if (user.disabled) return { ok: false, refused: 'disabled' };
  const sent: { how: 'smtp' | 'log' } = { how: 'smtp' };
  try {
    const result = await requestPasswordReset(store, {
      email: user.email,
      now: new Date(now),
      send: async (m) => {
        sent.how = await (options.send ?? sendMail)(m);
      },
    });
    if (result === 'throttled') return { ok: true, outcome: 'throttled' };
    if (result === 'none') return { ok: false, refused: 'disabled' };
  } catch {
    return { ok: true, outcome: 'failed' };
  }
  return { ok: true, outcome: sent.how === 'log' ? 'logged' : 'sent' };
}

// ── agencies ─────────────────────────────────────────────────────────────────────────────────────

async function governmentsWithAgencies(store: Store): Promise<AdminGovernment[]> {
  const [governments, agencies] = await Promise.all([adminStore.listGovernments(store.db), listAgenciesWithCounts(store.db)]);
  const of = (id: number | null) =>
    agencies
      .filter((a) => (a.government_id === null ? null : Number(a.government_id)) === id)
      .map((a) => ({ id: Number(a.id), name: a.name, acronym: a.acronym, commitments: Number(a.n) }));
  const result: AdminGovernment[] = governments.map((g) => ({ id: g.id, name: g.name, lang: g.lang, agencies: of(g.id) }));
  // Agencies without a government (none are made so today) are listed too, under id 0.
  const orphans = of(null);
  if (orphans.length > 0) result.push({ id: 0, name: '', lang: 'es', agencies: orphans });
  return result;
}

/** The agencies of each government, with how many commitments each leads now. */
export async function listAgenciesAsAdmin(store: Store, actor: Actor | null): Promise<AdminGovernment[]> {
  authorize(actor, 'manage:agencies', {});
  return governmentsWithAgencies(store);
}

/** A name already used by another agency of the same government: the same once case, accents and punctuation are set aside. */
async function nameTaken(db: Store['db'], governmentId: number | null, name: string, exceptId: number | null): Promise<string | null> {
  const key = foldKey(name);
  const same = (await adminStore.agencyNamesOf(db, governmentId)).find((a) => a.id !== exceptId && foldKey(a.name) === key);
  return same?.name ?? null;
}

export async function addAgency(
  store: Store,
  actor: Actor | null,
  input: Record<string, unknown>,
  now: string,
): Promise<AdminResult<{ id: number }>> {
  authorize(actor, 'manage:agencies', {});
  const checked = checkFields(input, AGENCY_RULES);
  const errors: AdminFieldError[] = checked.errors;
  const governmentId = typeof checked.values.government === 'number' ? checked.values.government : null;
  const government = governmentId === null ? undefined : (await adminStore.listGovernments(store.db)).find((g) => g.id === governmentId);
  if (governmentId !== null && !government)
    errors.push({ field: 'government', code: 'invalid_choice', reason: 'unknown', value: String(governmentId) });
  if (errors.length > 0 || !government) return { ok: false, errors };
  const name = String(checked.values.name);
  const acronym = typeof checked.values.acronym === 'string' ? checked.values.acronym : null;
  return writeTransaction(store, async (trx): Promise<AdminResult<{ id: number }>> => {
    const taken = await nameTaken(trx, government.id, name, null);
    if (taken) return { ok: false, errors: [{ field: 'name', code: 'invalid_choice', reason: 'duplicate', value: taken }] };
    const w = new AuditedWriter(trx, writeContext(actor, `admin: add agency to government ${government.id}`, now));
    return { ok: true, id: await adminStore.insertAgency(w, { governmentId: government.id, name, acronym, lang: government.lang }) };
  });
}

export async function updateAgencyAsAdmin(
  store: Store,
  actor: Actor | null,
  agencyId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<AdminResult<{ id: number; changed: boolean }>> {
  authorize(actor, 'manage:agencies', {});
  const current = await findAgency(store.db, agencyId);
  if (!current) throw new AppError('not_found', { entity: 'agency', id: agencyId });
  const checked = checkFields(input, AGENCY_EDIT_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const name = String(checked.values.name);
  const acronym = typeof checked.values.acronym === 'string' ? checked.values.acronym : null;
  return writeTransaction(store, async (trx): Promise<AdminResult<{ id: number; changed: boolean }>> => {
    const governmentId = current.government_id === null ? null : Number(current.government_id);
    const taken = await nameTaken(trx, governmentId, name, agencyId);
    if (taken) return { ok: false, errors: [{ field: 'name', code: 'invalid_choice', reason: 'duplicate', value: taken }] };
    // Read again inside the transaction: the audit entry's "before" is what is stored now.
    const row = (await findAgency(trx, agencyId))!;
    const w = new AuditedWriter(trx, writeContext(actor, `admin: edit agency ${agencyId}`, now));
    return { ok: true, id: agencyId, changed: await adminStore.updateAgency(w, row, { name, acronym }) };
  });
}
