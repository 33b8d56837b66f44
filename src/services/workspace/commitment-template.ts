import {
  CO_LEAD_RULES,
  CONTACT_ADD_RULES,
  END_RULES,
  MAX_CO_LEADS,
  NEW_COMMITMENT_RULES,
  otherLang,
  translationLang,
} from '../../domain/commitment-input.js';
import { languagesOf } from '../../domain/plan-input.js';
import { checkDateOrder, checkEffectiveDate, checkEmail, checkFields, type FieldError, type Values } from '../../domain/input.js';
import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import * as templateStore from '../../storage/commitment-template.js';
import * as commitmentStore from '../../storage/commitments.js';
import type { Store } from '../../storage/connect.js';
import * as planStore from '../../storage/plans.js';
import { maxCommitmentNumber } from '../../storage/reviews.js';
import { rebuildSearchIndex } from '../../storage/search.js';
import { listAgenciesOfGovernment } from '../../storage/workspace.js';
import type { Row } from '../../storage/schema.js';
import { AuditedWriter, type WriteContext } from '../../storage/writer.js';
import { authorize, loadCommitment, writeContext, writeTransaction } from './context.js';
import { writeCommitmentTranslations } from './translations.js';

/**
 * A commitment created by hand in a plan (besides those co-creation approves), its co-leads and its
 * contacts (decision 030). The coordination creates commitments and names co-leads; every agency that
 * leads a commitment keeps its contacts.
 */

/** Saved (the id of what was added), or refused field by field: commitments.ts's SaveResult without conflicts. */
export type SaveResult = { ok: true; id?: number; number?: number } | { ok: false; errors: FieldError[] };
/** An entry ended: the commitment it belonged to. */
export type EndResult = { ok: true; commitmentId: number } | { ok: false; errors: FieldError[] };

async function loadPlan(store: Store, actor: Actor | null, planId: number) {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  return { plan, actor };
}

/** What the new commitment's form offers: the plan's themes, its government's agencies, the language its texts are asked again in. */
export async function getNewCommitmentForm(store: Store, actor: Actor | null, planId: number) {
  const { plan } = await loadPlan(store, actor, planId);
  const [themes, agencies, government] = await Promise.all([
    planStore.listThemes(store.db, planId),
    listAgenciesOfGovernment(store.db, plan.government_id),
    planStore.findGovernment(store.db, plan.government_id),
  ]);
  return {
    plan: { id: plan.id, title: plan.title, lang: plan.lang, status: plan.status },
    translationLang: translationLang(plan.lang, government ? languagesOf(government) : []),
    themes: themes.map((t) => ({ id: t.id, title: t.title })),
    agencies: agencies.map((a) => ({ id: a.id, name: a.name, acronym: a.acronym })),
  };
}

/** The agencies a commitment names must be its government's, each once: errors on the field that names them. */
async function checkAgencies(db: Store['db'], governmentId: number, lead: unknown, coLeads: number[], errors: FieldError[]) {
  const mine = new Set((await listAgenciesOfGovernment(db, governmentId)).map((a) => a.id));
  if (typeof lead === 'number' && !mine.has(lead)) errors.push({ field: 'agencyId', code: 'invalid_choice' });
  if (coLeads.some((id) => !mine.has(id))) errors.push({ field: 'coLeadIds', code: 'invalid_choice' });
  else if (new Set(coLeads).size !== coLeads.length || coLeads.includes(lead as number))
    errors.push({ field: 'coLeadIds', code: 'invalid_choice' });
}

/**
 * A new commitment in a plan: the next number, in the plan's language (its texts in the other one in
 * translations), its theme, its first lead from the day it is created, and its co-leads.
 */
export async function createCommitment(
  store: Store,
  actor: Actor | null,
  planId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { plan, actor: who } = await loadPlan(store, actor, planId);
  return insertCommitment(store, plan, input, writeContext(who, `create commitment of plan ${planId}`, now));
}

/** The same for `vigia commitment new`: the command's operator may create commitments in any plan. */
export async function createCommitmentAs(store: Store, planId: number, input: Record<string, unknown>, ctx: WriteContext) {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  return insertCommitment(store, plan, input, ctx);
}

async function insertCommitment(store: Store, plan: Row<'plans'>, input: Record<string, unknown>, ctx: WriteContext): Promise<SaveResult> {
  const planId = plan.id;
  const checked = checkDateOrder(checkFields(input, NEW_COMMITMENT_RULES), 'plannedStart', 'plannedEnd');
  const v = checked.values;
  const coLeads = (v.coLeadIds as number[] | undefined) ?? [];
  const theme = typeof v.themeId === 'number' ? await planStore.findTheme(store.db, v.themeId) : undefined;
  if (typeof v.themeId === 'number' && (!theme || theme.plan_id !== planId))
    checked.errors.push({ field: 'themeId', code: 'invalid_choice' });
  await checkAgencies(store.db, plan.government_id, v.agencyId, coLeads, checked.errors);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const today = ctx.at.slice(0, 10);
  const text = (field: string) => (v[field] as string | null | undefined) ?? null;

  return writeTransaction(store, async (trx) => {
    const number = (await maxCommitmentNumber(trx, planId)) + 1;
    const w = new AuditedWriter(trx, ctx).forPlan(planId);
    const id = await w.insert('commitments', {
      plan_id: planId,
      theme_id: theme!.id,
      number,
      title: v.title as string,
      lang: plan.lang,
      problem: text('problem'),
      objective: text('objective'),
      description: text('description'),
      relevance: text('relevance'),
      ambition: text('ambition'),
      additional_info: text('additionalInfo'),
      other_actors_government: text('otherActorsGovernment'),
      other_actors_civil_society: text('otherActorsCivilSociety'),
      other_fields: null,
      planned_start: text('plannedStart'),
      planned_end: text('plannedEnd'),
      ogp_id: null,
      supporting_institutions: null,
      policy_areas: null,
      continues_id: null,
    });
    w.forCommitment(id);
    const lead = (await planStore.findAgency(trx, v.agencyId as number))!;
    await w.insert('commitment_agencies', {
      commitment_id: id,
      agency_id: lead.id,
      as_written: lead.name,
      detail: null,
      valid_from: today,
      valid_to: null,
    });
    for (const agencyId of coLeads)
      await w.insert('commitment_co_leads', { commitment_id: id, agency_id: agencyId, valid_from: today, valid_to: null });
    await writeCommitmentTranslations(w, id, otherLang(plan.lang), v);
    await rebuildSearchIndex(trx, planId);
    return { ok: true as const, id, number };
  });
}

/** The date checks of a reorganisation, as for the lead agency (checkEffectiveDate), on `field`. */
async function dateFacts(db: Store['db'], planId: number, currentFrom: string | null, today: string) {
  const published = (await planStore.listRounds(db, planId)).filter((r) => r.published);
  const cutoffs = published.map((r) => r.cutoff_date ?? r.published_at?.slice(0, 10) ?? null).filter((d): d is string => d !== null);
  return { today, currentFrom, lastPublishedCutoff: cutoffs.sort().at(-1) ?? null };
}

/** A co-lead from a date (the coordination, as for the lead agency): up to three, none twice, not the first lead. */
export async function addCoLead(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'reorganise:commitment', c.subject);
  const check = async (db: Store['db']) => {
    const checked = checkFields(input, CO_LEAD_RULES);
    const agencyId = checked.values.agencyId;
    const current = await templateStore.listCurrentCoLeadIds(db, commitmentId);
    if (typeof agencyId === 'number') {
      const agency = await planStore.findAgency(db, agencyId);
      if (!agency || agency.government_id !== c.government_id) checked.errors.push({ field: 'agencyId', code: 'invalid_choice' });
      else if (agencyId === c.agency_id || current.includes(agencyId)) checked.errors.push({ field: 'agencyId', code: 'same_agency' });
      else if (current.length >= MAX_CO_LEADS) checked.errors.push({ field: 'agencyId', code: 'too_many_co_leads' });
    }
    checkEffectiveDate(checked, await dateFacts(db, c.plan_id, null, now.slice(0, 10)));
    return checked;
  };
  const first = await check(store.db);
  if (first.errors.length > 0) return { ok: false, errors: first.errors };
  return writeTransaction(store, async (trx) => {
    const checked = await check(trx);
    if (checked.errors.length > 0) return { ok: false as const, errors: checked.errors };
    const w = new AuditedWriter(trx, writeContext(actor, `add co-lead agency to commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    const id = await w.insert('commitment_co_leads', {
      commitment_id: commitmentId,
      agency_id: checked.values.agencyId as number,
      valid_from: checked.values.from as string,
      valid_to: null,
    });
    return { ok: true as const, id };
  });
}

/** Ends an entry (a co-lead, a contact) on a date after it began: it stays in the history. */
async function endEntry<T extends 'commitment_co_leads' | 'commitment_contacts'>(
  store: Store,
  actor: Actor,
  table: T,
  entry: { id: number; commitment_id: number; valid_from: string | null; valid_to: string | null },
  c: Awaited<ReturnType<typeof loadCommitment>>,
  input: Record<string, unknown>,
  now: string,
): Promise<EndResult> {
  const checked = checkFields(input, END_RULES);
  if (entry.valid_to !== null) checked.errors.push({ field: 'to', code: 'invalid_choice' });
  checkEffectiveDate(checked, await dateFacts(store.db, c.plan_id, entry.valid_from, now.slice(0, 10)), 'to');
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  await writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(
      trx,
      writeContext(actor, `end ${table === 'commitment_co_leads' ? 'co-lead' : 'contact'} of commitment ${c.number}`, now),
    )
      .forPlan(c.plan_id)
      .forCommitment(c.id);
    const current =
      table === 'commitment_co_leads' ? await templateStore.findCoLead(trx, entry.id) : await templateStore.findContact(trx, entry.id);
    if (!current || current.valid_to !== null) throw new AppError('not_found', { entity: table, id: entry.id });
    await w.update(table, current as never, { valid_to: checked.values.to as string } as never);
  });
  return { ok: true, commitmentId: c.id };
}

/** The commitment a co-lead or contact entry belongs to (a 404 when there is none): where its page sends back to. */
export async function commitmentOfEntry(store: Store, kind: 'co-lead' | 'contact', id: number): Promise<number> {
  const entry = kind === 'co-lead' ? await templateStore.findCoLead(store.db, id) : await templateStore.findContact(store.db, id);
  if (!entry) throw new AppError('not_found', { entity: kind, id });
  return entry.commitment_id;
}

export async function endCoLead(
  store: Store,
  actor: Actor | null,
  coLeadId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<EndResult> {
  const entry = await templateStore.findCoLead(store.db, coLeadId);
  if (!entry) throw new AppError('not_found', { entity: 'co-lead', id: coLeadId });
  const c = await loadCommitment(store, entry.commitment_id);
  authorize(actor, 'reorganise:commitment', c.subject);
  return endEntry(store, actor, 'commitment_co_leads', entry, c, input, now);
}

/** Another contact person beside those there are, from a date (every agency that leads the commitment keeps them). */
export async function addContact(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'edit:commitment', c.subject);
  const checked = checkEmail(checkFields(input, CONTACT_ADD_RULES));
  checkEffectiveDate(checked, await dateFacts(store.db, c.plan_id, null, now.slice(0, 10)));
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const v: Values = checked.values;
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `add contact to commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    const id = await w.insert('commitment_contacts', {
      commitment_id: commitmentId,
      name: v.name as string,
      position: (v.position as string | null) ?? null,
      email: (v.email as string | null) ?? null,
      phone: (v.phone as string | null) ?? null,
      valid_from: v.from as string,
      valid_to: null,
    });
    return { ok: true as const, id };
  });
}

export async function endContact(
  store: Store,
  actor: Actor | null,
  contactId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<EndResult> {
  const entry = await templateStore.findContact(store.db, contactId);
  if (!entry) throw new AppError('not_found', { entity: 'contact', id: contactId });
  const c = await loadCommitment(store, entry.commitment_id);
  authorize(actor, 'edit:commitment', c.subject);
  return endEntry(store, actor, 'commitment_contacts', entry, c, input, now);
}

/** A commitment's current contacts and co-leads, with their entries' ids: what the workspace page lists to remove. */
export async function listCurrentEntries(store: Store, commitmentId: number) {
  const [contacts, coLeads] = await Promise.all([
    commitmentStore.listContactHistory(store.db, commitmentId),
    templateStore.listCoLeadHistory(store.db, commitmentId),
  ]);
  return {
    contacts: contacts
      .filter((x) => x.valid_to === null)
      .map((x) => ({ id: x.id, name: x.name, position: x.position, email: x.email, phone: x.phone, validFrom: x.valid_from })),
    coLeads: coLeads
      .filter((x) => x.valid_to === null)
      .map((x) => ({ id: x.id, agency: { id: x.agency_id, name: x.agency_name, acronym: x.agency_acronym }, validFrom: x.valid_from })),
  };
}
