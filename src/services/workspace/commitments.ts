import { timeZoneFrom, todayIn } from '../../lib/clock.js';
import {
  checkDateOrder,
  checkEffectiveDate,
  checkFields,
  checkUrl,
  CONTACT_RULES,
  checkEmail,
  expectedVersion,
  FILE_RULES,
  LEAD_AGENCY_RULES,
  LINK_RULES,
  SOURCE_RULES,
  type FieldError,
  type Values,
} from '../../domain/input.js';
import {
  checkMilestone,
  checkModification,
  COMMITMENT_SAVE_RULES,
  isRunning,
  MILESTONE_RULES,
  otherLang,
  TEXT_COLUMNS,
  TEXT_FIELDS,
  translationField,
  translationLang,
} from '../../domain/commitment-input.js';
import { languagesOf, type ContentLang } from '../../domain/plan-input.js';
import { can } from '../../domain/permissions.js';
import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import * as commitmentStore from '../../storage/commitments.js';
import type { Store } from '../../storage/connect.js';
import { listIndicatorsOfCommitment } from '../../storage/indicators.js';
import * as planStore from '../../storage/plans.js';
import type { Row } from '../../storage/schema.js';
import { rebuildSearchIndex } from '../../storage/search.js';
import * as workspaceStore from '../../storage/workspace.js';
import { AuditedWriter, type WriteContext } from '../../storage/writer.js';
import { getCommitment, type CommitmentDetail } from '../commitments.js';
import { storeEvidenceFile } from '../evidence-files.js';
import { listCurrentEntries } from './commitment-template.js';
import { authorize, loadCommitment, writeContext, writeTransaction } from './context.js';
import { commitmentTranslations, writeCommitmentTranslations } from './translations.js';

/**
 * Editing a commitment in the workspace: its fields, activities, evidence links, sources, its contact
 * from a date, and — for coordinators — its lead agency from a date. Every save is checked like the
 * API's, every write audited, and a save made from an older version than the one stored is a
 * conflict, not an overwrite.
 */

export type SaveResult =
  /** Saved: the new version of what was edited, or the id of what was added. */
  | { ok: true; version?: number; id?: number }
  | { ok: false; errors: FieldError[] }
  /** Someone saved first: what they saved, what this person sent, and the version to save against now. */
  | { ok: false; conflict: { theirs: Values; mine: Values; version: number } };

export interface EditableCommitment {
  detail: CommitmentDetail;
  version: number;
  values: Values;
  canReorganise: boolean;
  /** The government's agencies: a new lead or co-lead (coordinators), a milestone's responsible (everyone who edits). */
  agencies: { id: number; name: string; acronym: string | null }[];
  /** Whether the plan is approved: text changes are modifications, milestones' progress is recorded (decision 030). */
  planRunning: boolean;
  /** Current contacts and co-leads with the ids of their entries (to remove one). */
  entries: Awaited<ReturnType<typeof listCurrentEntries>>;
  /** The language each text is asked again in (the plan or its government has two, or a translation is kept); null: none. */
  translationLang: ContentLang | null;
  /** The language the commitment is written in. */
  lang: ContentLang;
}

const COLUMN: Record<string, keyof Row<'commitments'>> = {
  ...TEXT_COLUMNS,
  plannedStart: 'planned_start',
  plannedEnd: 'planned_end',
};

function fieldValues(row: Row<'commitments'>): Values {
  return Object.fromEntries(Object.entries(COLUMN).map(([field, column]) => [field, (row[column] as string | null) ?? null]));
}

const TRANSLATION_FIELDS = TEXT_FIELDS.map(translationField);

/** The fields and their texts in the other language, as the form sends them. */
async function storedValues(db: Store['db'], row: Row<'commitments'>): Promise<Values> {
  return { ...fieldValues(row), ...(await commitmentTranslations(db, row.id, otherLang(row.lang))) };
}

/** Refuses (403/404) unless this person may edit the commitment: what an upload route asks before its body is read. */
export async function assertMayEdit(store: Store, actor: Actor | null, commitmentId: number): Promise<void> {
  authorize(actor, 'edit:commitment', (await loadCommitment(store, commitmentId)).subject);
}

export async function getEditableCommitment(store: Store, actor: Actor | null, commitmentId: number): Promise<EditableCommitment> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'edit:commitment', c.subject);
  const row = (await commitmentStore.findCommitment(store.db, commitmentId))!;
  const all = await getCommitment(store, commitmentId, { includeDrafts: true });
  // A round under way is its agency's — the one on its cutoff date (decision 010) — and the coordination's: a
  // commitment moved after the cutoff does not show the agency leading it now the draft of the one before.
  const mayRead = (agencyId: number | undefined) =>
    can(actor, 'read:drafts', { governmentId: c.government_id, agencyId: agencyId ?? c.agency_id });
  const detail = { ...all, assessments: all.assessments.filter((a) => a.round.published || mayRead(a.leadAgency?.id)) };
  const canReorganise = can(actor, 'reorganise:commitment', c.subject);
  const agencies = (await workspaceStore.listAgenciesOfGovernment(store.db, c.government_id)).map((a) => ({
    id: a.id,
    name: a.name,
    acronym: a.acronym,
  }));
  const values = await storedValues(store.db, row);
  const government = await planStore.findGovernment(store.db, c.government_id);
  const translated = TRANSLATION_FIELDS.some((f) => values[f] !== null);
  return {
    detail,
    version: row.version,
    values,
    canReorganise,
    agencies,
    planRunning: isRunning(c.plan_status),
    entries: await listCurrentEntries(store, commitmentId),
    translationLang: translationLang(row.lang, government ? languagesOf(government) : []) ?? (translated ? otherLang(row.lang) : null),
    lang: row.lang === 'en' ? 'en' : 'es',
  };
}

/**
 * Saves a commitment's fields. Once its plan is approved, a change of its text is a modification
 * (decision 030): it needs a reason and a date, and each field changed is recorded beside the audit
 * entry, for the public history.
 */
export async function saveCommitment(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'edit:commitment', c.subject);
  // Fields left out keep what they had (the API may send only what changes; a form sends them all).
  const stored = await storedValues(store.db, (await commitmentStore.findCommitment(store.db, commitmentId))!);
  const checked = checkDateOrder(checkFields(input, COMMITMENT_SAVE_RULES, { partial: true }), 'plannedStart', 'plannedEnd', stored);
  checkModification(checked, c.plan_status, changedFields(stored, checked.values), now.slice(0, 10));
  const version = expectedVersion(input);
  if (version === null) checked.errors.push({ field: 'version', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const { modificationReason: reason, modificationDate: on, ...fields } = checked.values;

  return writeTransaction(store, async (trx) => {
    if (!(await workspaceStore.claimVersion(trx, 'commitments', commitmentId, version!))) {
      const current = (await commitmentStore.findCommitment(trx, commitmentId))!;
      return { ok: false as const, conflict: { theirs: await storedValues(trx, current), mine: checked.values, version: current.version } };
    }
    const current = (await commitmentStore.findCommitment(trx, commitmentId))!;
    const before = await storedValues(trx, current);
    const w = new AuditedWriter(trx, writeContext(actor, `edit commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    const values = Object.fromEntries(Object.entries(fields).flatMap(([field, v]) => (field in COLUMN ? [[COLUMN[field]!, v]] : [])));
    await w.update('commitments', current, keepOriginalEnd(current, values));
    await writeCommitmentTranslations(w, commitmentId, otherLang(current.lang), fields);
    // Checked against what is stored now (the version claimed): the same changes the form was checked on.
    if (isRunning(c.plan_status)) {
      for (const field of changedFields(before, fields))
        await w.insert('commitment_modifications', {
          commitment_id: commitmentId,
          field,
          before: before[field] === null ? null : String(before[field]),
          after: fields[field] === null ? null : String(fields[field]),
          reason: reason as string,
          modified_on: on as string,
          actor: `user:${actor.userId}`,
        });
    }
    await rebuildSearchIndex(trx, c.plan_id);
    return { ok: true as const, version: current.version };
  });
}

/** The template's fields (and their texts in the other language) whose value sent differs from the stored one. */
function changedFields(stored: Values, sent: Values): string[] {
  return [...Object.keys(COLUMN), ...TRANSLATION_FIELDS].filter((f) => f in sent && (sent[f] ?? null) !== (stored[f] ?? null));
}

/**
 * The first planned end stays visible once the end moves, however it moves (the form or an answer to a
 * warning): a change of planned_end sets original_planned_end to the old end, unless one is kept already
 * or there was no end before.
 */
function keepOriginalEnd<V extends Record<string, unknown>>(
  current: { planned_end: string | null; original_planned_end: string | null },
  values: V,
): V {
  if (!('planned_end' in values) || values.planned_end === current.planned_end) return values;
  if (current.original_planned_end !== null || current.planned_end === null) return values;
  return { ...values, original_planned_end: current.planned_end };
}

// ——— activities ———

const ACTIVITY_COLUMN: Record<string, keyof Row<'activities'>> = {
  title: 'title',
  details: 'details',
  deliverable: 'deliverable',
  plannedStart: 'planned_start',
  plannedEnd: 'planned_end',
  weight: 'weight',
  status: 'status',
  responsibleAgencyId: 'responsible_agency_id',
  actualEnd: 'actual_end',
  percentDone: 'percent_done',
  cancellationReason: 'cancellation_reason',
};

function activityValues(values: Values) {
  return Object.fromEntries(Object.entries(values).map(([field, v]) => [ACTIVITY_COLUMN[field]!, v]));
}

export function activityFieldValues(row: Row<'activities'>): Values {
  return Object.fromEntries(
    Object.entries(ACTIVITY_COLUMN).map(([field, column]) => [field, (row[column] as string | number | null) ?? null]),
  );
}

/** A milestone's responsible agency is one of the plan's government's. */
async function checkResponsible(store: Store, checked: { values: Values; errors: FieldError[] }, governmentId: number) {
  const id = checked.values.responsibleAgencyId;
  if (typeof id !== 'number') return;
  const agency = await planStore.findAgency(store.db, id);
  if (!agency || agency.government_id !== governmentId) checked.errors.push({ field: 'responsibleAgencyId', code: 'invalid_choice' });
}

async function loadActivity(store: Store, actor: Actor | null, activityId: number) {
  const a = await workspaceStore.findActivity(store.db, activityId);
  if (!a) throw new AppError('not_found', { entity: 'activity', id: activityId });
  const c = await loadCommitment(store, a.commitment_id);
  authorize(actor, 'edit:commitment', c.subject);
  return { activity: a, commitment: c, actor };
}

export async function getEditableActivity(store: Store, actor: Actor | null, activityId: number) {
  const { activity, commitment } = await loadActivity(store, actor, activityId);
  return {
    activity: { id: activity.id, number: activity.number },
    values: activityFieldValues(activity),
    version: activity.version,
    commitment: { id: commitment.id, number: commitment.number, title: commitment.title },
    agencies: (await workspaceStore.listAgenciesOfGovernment(store.db, commitment.government_id)).map((a) => ({
      id: a.id,
      name: a.name,
      acronym: a.acronym,
    })),
    planRunning: isRunning(commitment.plan_status),
  };
}

export async function addActivity(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'edit:commitment', c.subject);
  return insertMilestone(store, c, input, writeContext(actor, `add activity to commitment ${c.number}`, now));
}

/** The same for `vigia milestone add`: the command's operator may add milestones to any commitment. */
export async function addMilestoneAs(store: Store, commitmentId: number, input: Record<string, unknown>, ctx: WriteContext) {
  return insertMilestone(store, await loadCommitment(store, commitmentId), input, ctx);
}

async function insertMilestone(
  store: Store,
  c: Awaited<ReturnType<typeof loadCommitment>>,
  input: Record<string, unknown>,
  ctx: WriteContext,
): Promise<SaveResult> {
  const checked = checkMilestone(checkFields(input, MILESTONE_RULES), c.plan_status);
  await checkResponsible(store, checked, c.government_id);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, ctx).forPlan(c.plan_id).forCommitment(c.id);
    const number = (await workspaceStore.maxActivityNumber(trx, c.id)) + 1;
    const id = await w.insert('activities', {
      commitment_id: c.id,
      number,
      lang: 'es',
      origin: 'user',
      title: '',
      details: null,
      deliverable: null,
      planned_start: null,
      planned_end: null,
      weight: null,
      status: null,
      responsible_agency_id: null,
      actual_end: null,
      percent_done: null,
      cancellation_reason: null,
      ...activityValues(checked.values),
    } as never);
    await rebuildSearchIndex(trx, c.plan_id);
    return { ok: true as const, id };
  });
}

export async function saveActivity(
  store: Store,
  actor: Actor | null,
  activityId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { activity, commitment: c, actor: who } = await loadActivity(store, actor, activityId);
  // Fields left out keep what they had, as for the commitment.
  const checked = checkMilestone(checkFields(input, MILESTONE_RULES, { partial: true }), c.plan_status, activityFieldValues(activity));
  await checkResponsible(store, checked, c.government_id);
  const version = expectedVersion(input);
  if (version === null) checked.errors.push({ field: 'version', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  return writeTransaction(store, async (trx) => {
    if (!(await workspaceStore.claimVersion(trx, 'activities', activityId, version!))) {
      const current = await workspaceStore.findActivity(trx, activityId);
      // Deleted while this person was editing it.
      if (!current) throw new AppError('not_found', { entity: 'activity', id: activityId });
      return { ok: false as const, conflict: { theirs: activityFieldValues(current), mine: checked.values, version: current.version } };
    }
    const current = (await workspaceStore.findActivity(trx, activityId))!;
    const w = new AuditedWriter(trx, writeContext(who, `edit activity ${current.number} of commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(c.id);
    await w.update('activities', current, keepOriginalEnd(current, activityValues(checked.values)));
    await rebuildSearchIndex(trx, c.plan_id);
    return { ok: true as const, version: current.version };
  });
}

/** Its evidence, sources and indicators stay, on the commitment: nothing a person filed is lost with the activity. Returns its commitment's id. */
export async function deleteActivity(store: Store, actor: Actor | null, activityId: number, now: string): Promise<number> {
  const { commitment: c, actor: who } = await loadActivity(store, actor, activityId);
  await writeTransaction(store, async (trx) => {
    const current = (await workspaceStore.findActivity(trx, activityId))!;
    const w = new AuditedWriter(trx, writeContext(who, `delete activity ${current.number} of commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(c.id);
    for (const e of await commitmentStore.listEvidence(trx, c.id))
      if (e.activity_id === activityId) await w.update('evidence', e, { activity_id: null });
    for (const s of await commitmentStore.listSources(trx, c.id))
      if (s.activity_id === activityId) await w.update('sources', s, { activity_id: null });
    // An indicator of the activity stays, on the commitment as a whole (its measurements with it).
    for (const i of await listIndicatorsOfCommitment(trx, c.id))
      if (i.activity_id === activityId) await w.update('indicators', i, { activity_id: null });
    await w.remove('activities', current);
    await rebuildSearchIndex(trx, c.plan_id);
  });
  return c.id;
}

/** Swaps an activity's number with its neighbour's, up or down; returns its commitment's id. */
export async function moveActivity(
  store: Store,
  actor: Actor | null,
  activityId: number,
  direction: unknown,
  now: string,
): Promise<number> {
  const { commitment: c, actor: who } = await loadActivity(store, actor, activityId);
  if (direction !== 'up' && direction !== 'down')
    throw new AppError('invalid_input', { field: 'direction', value: String(direction ?? '').slice(0, 20) });
  await writeTransaction(store, async (trx) => {
    const all = await commitmentStore.listActivities(trx, c.id);
    const i = all.findIndex((a) => a.id === activityId);
    const j = direction === 'up' ? i - 1 : i + 1;
    const a = all[i];
    const b = all[j];
    if (!a || !b) return;
    const w = new AuditedWriter(trx, writeContext(who, `reorder activities of commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(c.id);
    // Numbers are unique per commitment: park one on a free number (not audited: it never outlives
    // the transaction), then swap; the log records each activity going from its number to the other's.
    await workspaceStore.setActivityNumber(trx, a.id, -a.id);
    await w.update('activities', b, { number: a.number });
    await w.update('activities', a, { number: b.number });
  });
  return c.id;
}

// ——— evidence links and sources ———

export async function addLink(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'edit:commitment', c.subject);
  const checked = checkUrl(checkFields(input, LINK_RULES));
  const activityId = checked.values.activityId as number | null | undefined;
  if (activityId) {
    const a = await workspaceStore.findActivity(store.db, activityId);
    if (!a || a.commitment_id !== commitmentId) checked.errors.push({ field: 'activityId', code: 'invalid_choice' });
  }
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const id = await writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `add evidence to commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    const position = (await commitmentStore.listEvidence(trx, commitmentId)).length;
    return w.insert('evidence', {
      commitment_id: commitmentId,
      activity_id: activityId ?? null,
      position,
      kind: 'url',
      url: checked.values.url as string,
      file_id: null,
      description: (checked.values.description as string | null) ?? null,
      origin: 'user',
    });
  });
  return { ok: true, id };
}

/**
 * A file as evidence: the form's other fields are checked here, the file itself by storeEvidenceFile
 * (which refuses with UploadRefusedError before anything is written).
 */
export async function addFile(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  file: { name: string; bytes: Uint8Array } | null,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'edit:commitment', c.subject);
  const checked = checkFields(input, FILE_RULES);
  if (!file) checked.errors.push({ field: 'file', code: 'required' });
  const activityId = checked.values.activityId as number | null | undefined;
  if (activityId) {
    const a = await workspaceStore.findActivity(store.db, activityId);
    if (!a || a.commitment_id !== commitmentId) checked.errors.push({ field: 'activityId', code: 'invalid_choice' });
  }
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const { evidenceId } = await storeEvidenceFile(store, writeContext(actor, `add file to commitment ${c.number}`, now), {
    commitmentId,
    activityId: activityId ?? null,
    fileName: file!.name,
    bytes: file!.bytes,
    description: (checked.values.description as string | null) ?? null,
  });
  return { ok: true, id: evidenceId };
}

/**
 * Removes a piece of evidence. Cited by an assessment that is submitted, approved or in a published
 * round, it stays (the assessment was made on it); cited only by drafts, the citations go first, audited.
 */
export async function deleteEvidence(store: Store, actor: Actor | null, evidenceId: number, now: string): Promise<number> {
  const e = await workspaceStore.findEvidence(store.db, evidenceId);
  if (!e) throw new AppError('not_found', { entity: 'evidence', id: evidenceId });
  const c = await loadCommitment(store, e.commitment_id);
  authorize(actor, 'edit:commitment', c.subject);
  await writeTransaction(store, async (trx) => {
    const current = await workspaceStore.findEvidence(trx, evidenceId);
    if (!current) throw new AppError('not_found', { entity: 'evidence', id: evidenceId });
    const citations = await workspaceStore.listCitationsOf(trx, [evidenceId]);
    if (citations.some((x) => x.published || (x.status !== 'draft' && x.status !== 'returned'))) throw new AppError('evidence_cited');
    const w = new AuditedWriter(trx, writeContext(actor, `remove evidence of commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(c.id);
    for (const { status: _s, published: _p, ...link } of citations) await w.remove('assessment_evidence', link);
    await w.remove('evidence', current);
  });
  return c.id;
}

const SOURCE_COLUMN: Record<string, keyof Row<'sources'>> = {
  text: 'text',
  docNumber: 'doc_number',
  issuingAgency: 'issuing_agency',
  date: 'document_date',
};

export async function addSource(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'edit:commitment', c.subject);
  const checked = checkFields(input, SOURCE_RULES);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const id = await writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `add source to commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    const position = (await commitmentStore.listSources(trx, commitmentId)).length;
    const values = Object.fromEntries(Object.entries(checked.values).map(([f, v]) => [SOURCE_COLUMN[f]!, v]));
    return w.insert('sources', {
      commitment_id: commitmentId,
      activity_id: null,
      position,
      origin: 'user',
      text: '',
      document_date: null,
      ...values,
    } as never);
  });
  return { ok: true, id };
}

export async function deleteSource(store: Store, actor: Actor | null, sourceId: number, now: string): Promise<number> {
  const s = await workspaceStore.findSource(store.db, sourceId);
  if (!s) throw new AppError('not_found', { entity: 'source', id: sourceId });
  const c = await loadCommitment(store, s.commitment_id);
  authorize(actor, 'edit:commitment', c.subject);
  await writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `remove source of commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(c.id);
    await w.remove('sources', s);
  });
  return c.id;
}

// ——— reorganisation ———

/** What the date of a reorganisation is checked against (checkEffectiveDate). */
async function effectiveDateFacts(db: Store['db'], planId: number, currentFrom: string | null) {
  const published = (await planStore.listRounds(db, planId)).filter((r) => r.published);
  const cutoffs = published.map((r) => r.cutoff_date ?? r.published_at?.slice(0, 10) ?? null).filter((d): d is string => d !== null);
  return { today: todayIn(timeZoneFrom()), currentFrom, lastPublishedCutoff: cutoffs.sort().at(-1) ?? null };
}

/**
 * A commitment moves to another lead agency from a date: the current entry ends that day, a new one
 * starts. The history keeps both, so a round assessed before the date keeps the agency it had. The
 * checks are made again inside the transaction, on what is current then.
 */
export async function changeLeadAgency(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'reorganise:commitment', c.subject);
  const check = async (db: Store['db']) => {
    const checked = checkFields(input, LEAD_AGENCY_RULES);
    const agencyId = checked.values.agencyId as number | undefined;
    const agency = agencyId ? await planStore.findAgency(db, agencyId) : undefined;
    if (agencyId && (!agency || agency.government_id !== c.government_id))
      checked.errors.push({ field: 'agencyId', code: 'invalid_choice' });
    const current = await commitmentStore.findCurrentLeadAgency(db, commitmentId);
    if (agency && current?.agency_id === agency.id) checked.errors.push({ field: 'agencyId', code: 'same_agency' });
    checkEffectiveDate(checked, await effectiveDateFacts(db, c.plan_id, current?.valid_from ?? null));
    return { checked, agency, current };
  };
  const first = await check(store.db);
  if (first.checked.errors.length > 0) return { ok: false, errors: first.checked.errors };
  return writeTransaction(store, async (trx) => {
    const { checked, agency, current } = await check(trx);
    if (checked.errors.length > 0) return { ok: false as const, errors: checked.errors };
    const from = checked.values.from as string;
    // From a date on or before a round's cutoff, the new agency is the one in force then: an assessment begun in
    // that round passes to it with the commitment, and the audit entry says so (decision 010).
    const handedOver = (await workspaceStore.assessmentsHandedOver(trx, commitmentId, from)).map(
      (a) => `; its assessment in round ${a.round_id} (cutoff ${a.cutoff_date ?? 'none'}, ${a.status}) passes to the new agency`,
    );
    const w = new AuditedWriter(
      trx,
      writeContext(actor, `change lead agency of commitment ${c.number} from ${from}${handedOver.join('')}`, now),
    )
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    if (current) await w.update('commitment_agencies', current, { valid_to: from });
    const detail = (checked.values.detail as string | null) ?? null;
    const id = await w.insert('commitment_agencies', {
      commitment_id: commitmentId,
      agency_id: agency!.id,
      as_written: detail ? `${agency!.name}, ${detail}` : agency!.name,
      detail,
      valid_from: from,
      valid_to: null,
    });
    await rebuildSearchIndex(trx, c.plan_id);
    return { ok: true as const, id };
  });
}

/** Who answers for the commitment, from a date: its agency's editors keep it current (the same date rules). */
export async function changeContact(
  store: Store,
  actor: Actor | null,
  commitmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const c = await loadCommitment(store, commitmentId);
  authorize(actor, 'edit:commitment', c.subject);
  const check = async (db: Store['db']) => {
    const checked = checkEmail(checkFields(input, CONTACT_RULES));
    const current = await commitmentStore.findCurrentContact(db, commitmentId);
    checkEffectiveDate(checked, await effectiveDateFacts(db, c.plan_id, current?.valid_from ?? null));
    return { checked, current };
  };
  const first = await check(store.db);
  if (first.checked.errors.length > 0) return { ok: false, errors: first.checked.errors };
  return writeTransaction(store, async (trx) => {
    const { checked, current } = await check(trx);
    if (checked.errors.length > 0) return { ok: false as const, errors: checked.errors };
    const from = checked.values.from as string;
    const w = new AuditedWriter(trx, writeContext(actor, `change contact of commitment ${c.number}`, now))
      .forPlan(c.plan_id)
      .forCommitment(commitmentId);
    if (current) await w.update('commitment_contacts', current, { valid_to: from });
    const id = await w.insert('commitment_contacts', {
      commitment_id: commitmentId,
      name: checked.values.name as string,
      position: (checked.values.position as string | null) ?? null,
      email: (checked.values.email as string | null) ?? null,
      phone: (checked.values.phone as string | null) ?? null,
      valid_from: from,
      valid_to: null,
    });
    return { ok: true as const, id };
  });
}
