import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import { referenceKey } from '../import/evidence-references.js';
import type { ParsedCommitment, ParsedReport, ParsedRound, ParsedSection } from '../import/model.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import { serializeWriters } from '../storage/locks.js';
import * as planStore from '../storage/plans.js';
import * as reportStore from '../storage/report.js';
import * as workspaceStore from '../storage/workspace.js';
import type { Row, Table } from '../storage/schema.js';
import { rebuildSearchIndex } from '../storage/search.js';
import { AuditedWriter, type Values } from '../storage/writer.js';

/**
 * Stores what a reader made of a report, in one transaction: a first import creates the plan;
 * importing the same file again changes nothing; importing a corrected version updates in place,
 * and the audit log shows what changed. Rows that a user added (origin 'user') are never removed
 * by an import; a lead agency or contact that changed closes its old entry instead of overwriting it.
 */
export interface ImportOptions {
  actor: string;
  fileName: string;
  bytes: Uint8Array;
  /** Overrides the government the report names (or gives it when the report names none). */
  government?: string;
  /** Now, as an ISO timestamp; its date is the date of changes to lead agency and contact. */
  now: string;
  /**
   * A transaction the caller holds, to run in instead of one of its own: the browser's preview runs the
   * import and rolls it back, so that what it shows is what the import does (services/workspace/web-import.ts).
   */
  transaction?: Store['db'];
}

export interface ImportResult {
  planId: number;
  created: boolean;
  /** Audit entries written: 0 when the database already held exactly this. */
  changes: number;
  /** Commitments in the database that the file does not have: kept, not deleted. */
  keptCommitments: number[];
}

export async function importReport(store: Store, report: ParsedReport, options: ImportOptions): Promise<ImportResult> {
  const now = options.now;
  const today = now.slice(0, 10);
  const sha = createHash('sha256').update(options.bytes).digest('hex');
  const governmentName = options.government?.trim() || report.government?.name;
  if (!governmentName) throw new AppError('government_unknown', { file: options.fileName });

  const inTransaction = <T>(work: (trx: Store['db']) => Promise<T>) =>
    options.transaction ? work(options.transaction) : store.db.transaction().execute(work);
  return inTransaction(async (trx) => {
    await serializeWriters(trx, 'import');
    const w = new AuditedWriter(trx, { actor: options.actor, at: now, context: `import ${options.fileName} sha256:${sha.slice(0, 16)}` });
    const lang = report.language;

    // Government and plan.
    const government = await planStore.findGovernmentByName(trx, governmentName);
    const governmentId =
      government?.id ??
      (await w.insert('governments', {
        name: governmentName,
        kind: report.government?.kind ?? 'national',
        country_code: options.government ? null : (report.government?.countryCode ?? null),
        lang,
      }));

    const planValues: Values<'plans'> = {
      government_id: governmentId,
      title: report.plan.title,
      lang,
      period_start: report.plan.periodStart,
      period_end: report.plan.periodEnd,
      approval_instrument: report.plan.approvalInstrument,
      approval_date: report.plan.approvalDate,
      status: report.plan.status,
      stage_from_file: 1,
    };
    const existingPlan = await planStore.findPlanByPeriod(
      trx,
      governmentId,
      report.plan.periodStart,
      report.plan.periodEnd,
      report.plan.title,
    );
    const planId = existingPlan ? existingPlan.id : await w.insert('plans', planValues);
    w.forPlan(planId);
    if (existingPlan) await w.update('plans', existingPlan, planValues);

    await syncSections(w, planId, await planStore.listSections(trx, planId), report.sections, lang, () =>
      planStore.listSections(trx, planId),
    );

    const existingThemes = await planStore.listThemes(trx, planId);
    const themeIds = await syncByKey(
      w,
      'themes',
      existingThemes,
      report.themes.map((t, i) => ({ ...t, position: i })),
      {
        rowKey: (r) => String(r.position),
        key: (t) => String(t.position),
        values: (t) => ({ plan_id: planId, position: t.position, title: t.title, intro: t.intro, synthesis: t.synthesis, lang }),
        keepExtra: true, // removed below, once no commitment points at them
      },
    );

    // Agencies, by name within the government: found or made when a commitment needs one.
    const agencyIds = new Map<string, number>();
    const agencyFor = async (a: NonNullable<ParsedCommitment['leadAgency']>): Promise<number> => {
      const known = agencyIds.get(a.name);
      if (known !== undefined) return known;
      const existing = await planStore.findAgencyByName(trx, governmentId, a.name);
      if (existing && !existing.acronym && a.acronym) await w.update('agencies', existing, { acronym: a.acronym });
      const id = existing
        ? existing.id
        : await w.insert('agencies', { government_id: governmentId, name: a.name, acronym: a.acronym, lang });
      agencyIds.set(a.name, id);
      return id;
    };

    // Rounds are matched first (see matchRound): the citations the last one's assessments already hold are the import's own.
    const existingRounds = await planStore.listRounds(trx, planId);
    const matched = new Set<number>();
    const roundMatches = report.rounds.map((r, position) => {
      const current = matchRound(existingRounds, r, position, matched);
      if (current) matched.add(current.id);
      return current;
    });
    const lastRound = report.rounds.length - 1;
    const ownRoundId = roundMatches[lastRound]?.id ?? null;

    // Commitments, by number.
    const existingCommitments = await commitmentStore.listCommitments(trx, planId);
    const byNumber = new Map(existingCommitments.map((c) => [c.number, c]));
    const commitmentIds = new Map<number, number>();
    for (const c of report.commitments) {
      const themeId = themeIds.get(String(c.themeIndex));
      if (themeId === undefined) throw new Error(`commitment ${c.number} has no theme (index ${c.themeIndex})`);
      const values = commitmentValues(c, planId, themeId, lang);
      const current = byNumber.get(c.number);
      w.forCommitment(current?.id ?? null);
      const id = current ? current.id : await w.insert('commitments', values);
      w.forCommitment(id);
      if (current) await w.update('commitments', current, values, { bumpVersion: true });
      commitmentIds.set(c.number, id);
      await syncLeadAgency(w, id, c, agencyFor, today);
      await syncContact(w, id, c, today);
      const own = ownRoundId === null ? undefined : await commitmentStore.findAssessment(trx, ownRoundId, id);
      await syncActivitiesAndLinks(w, id, c, lang, own?.id ?? null);
    }

    w.forCommitment(null);
    for (const t of existingThemes) {
      if (t.position >= report.themes.length && !(await commitmentStore.listCommitments(trx, planId)).some((c) => c.theme_id === t.id)) {
        await removeWithTranslations(w, trx, 'themes', t);
      }
    }

    // Rounds, as matched above, then one assessment per commitment.
    for (const [position, r] of report.rounds.entries()) {
      // A round belongs to the plan, not to the commitment the previous round ended on.
      w.forCommitment(null);
      const current = roundMatches[position];
      const values: Values<'rounds'> = {
        plan_id: planId,
        position: current?.position ?? existingRounds.length + position,
        kind: r.kind,
        title: r.title,
        lang,
        // A file that gives no cutoff does not erase the one the round has.
        cutoff_date: r.cutoffDate ?? current?.cutoff_date ?? null,
        // A report is published: its rounds are.
        published: 1,
        published_at: current?.published_at ?? now,
      };
      const roundId = current ? current.id : await w.insert('rounds', values);
      if (current) await w.update('rounds', current, values);

      for (const c of report.commitments) {
        const entry = r.levels.get(c.number);
        const commitmentId = commitmentIds.get(c.number)!;
        w.forCommitment(commitmentId);
        const assessment: Partial<Values<'assessments'>> =
          position === lastRound
            ? {
                level: c.level,
                results: c.results,
                additional_info: c.additionalInfo,
                next_steps: c.nextSteps,
                // OGP's template has no reasons: a file without them keeps those typed in the workspace.
                ...(c.reasons ? { reasons: c.reasons } : {}),
              }
            : { level: entry?.level ?? null };
        const existing = await commitmentStore.findAssessment(trx, roundId, commitmentId);
        let assessmentId = existing?.id ?? null;
        if (existing) await w.update('assessments', existing, assessment, { bumpVersion: true });
        else if (assessment.level || assessment.results) {
          assessmentId = await w.insert('assessments', {
            round_id: roundId,
            commitment_id: commitmentId,
            lang,
            level: null,
            results: null,
            additional_info: null,
            reasons: null,
            next_steps: null,
            ...assessment,
          });
        }
        // The report's own assessment cites the evidence the report gives (issue 20): a Completo arrives cited.
        if (position === lastRound && assessmentId !== null) await citeImportedEvidence(w, assessmentId, commitmentId);
      }
    }

    w.forCommitment(null);
    await orderRounds(w, planId);

    // Search documents are derived data (not audited): current once the transaction commits.
    await rebuildSearchIndex(trx, planId);

    const kept = existingCommitments.filter((c) => !commitmentIds.has(c.number)).map((c) => c.number);
    return { planId, created: !existingPlan, changes: w.changes, keptCommitments: kept };
  });
}

/**
 * The existing published round a file's round is: same kind and same cutoff; or, when one of the two has no
 * cutoff, the only round of that kind (or the one at the same position). Anything less clear is a new
 * round — an import never pours one round's levels into another.
 */
function matchRound(existing: Row<'rounds'>[], r: ParsedRound, position: number, taken: Set<number>): Row<'rounds'> | undefined {
  // A round under way in the workspace is the agencies' and the coordinator's until they publish it:
  // a report never pours into it, nor publishes it.
  const sameKind = existing.filter((x) => x.published && x.kind === r.kind && !taken.has(x.id));
  if (r.cutoffDate) {
    const exact = sameKind.find((x) => x.cutoff_date === r.cutoffDate);
    if (exact) return exact;
    const undated = sameKind.filter((x) => x.cutoff_date === null);
    return undated.length === 1 ? undated[0] : undefined;
  }
  if (sameKind.length === 1) return sameKind[0];
  return sameKind.find((x) => x.position === position);
}

const KIND_ORDER: Record<string, number> = { midterm: 0, periodic: 1, 'end-of-term': 2 };

/** Rounds in time order: by cutoff (undated last), then mid-term before end of term. */
async function orderRounds(w: AuditedWriter, planId: number): Promise<void> {
  const rounds = await planStore.listRounds(w.db, planId);
  const sorted = [...rounds].sort(
    (a, b) =>
      (a.cutoff_date ?? '9999').localeCompare(b.cutoff_date ?? '9999') ||
      (KIND_ORDER[a.kind] ?? 1) - (KIND_ORDER[b.kind] ?? 1) ||
      a.id - b.id,
  );
  for (const [i, r] of sorted.entries()) await w.update('rounds', r, { position: i });
}

function commitmentValues(c: ParsedCommitment, planId: number, themeId: number, lang: string): Values<'commitments'> {
  return {
    plan_id: planId,
    theme_id: themeId,
    number: c.number,
    title: c.title,
    lang,
    problem: c.problem,
    objective: c.objective,
    description: c.description,
    relevance: c.relevance,
    ambition: c.ambition,
    additional_info: c.additionalInfo,
    other_actors_government: c.otherActors.government,
    other_actors_civil_society: c.otherActors.civilSociety,
    other_fields: c.otherFields.length > 0 ? JSON.stringify(c.otherFields) : null,
    planned_start: c.plannedStart,
    planned_end: c.plannedEnd,
  };
}

/** A changed lead agency closes the current entry (valid until today) and opens a new one: the history stays. */
/**
 * The lead agency as the report writes it. A text this commitment already had says nothing new — the
 * agency may have been renamed since, or the commitment moved in the workspace — and what is current
 * stays; a new text ends the current entry today and starts one.
 */
async function syncLeadAgency(
  w: AuditedWriter,
  commitmentId: number,
  c: ParsedCommitment,
  agencyFor: (a: NonNullable<ParsedCommitment['leadAgency']>) => Promise<number>,
  today: string,
) {
  if (!c.leadAgency) return;
  const history = await commitmentStore.listLeadAgencyHistory(w.db, commitmentId);
  if (history.some((h) => h.as_written === c.leadAgency!.asWritten)) return;
  const current = history.find((h) => h.valid_to === null);
  const agencyId = await agencyFor(c.leadAgency);
  if (current) await w.update('commitment_agencies', current, { valid_to: today });
  await w.insert('commitment_agencies', {
    commitment_id: commitmentId,
    agency_id: agencyId,
    as_written: c.leadAgency.asWritten,
    detail: c.leadAgency.detail,
    valid_from: current ? today : null,
    valid_to: null,
  });
}

async function syncContact(w: AuditedWriter, commitmentId: number, c: ParsedCommitment, today: string) {
  const { name, position, email, phone } = c.contact;
  if (!name && !position && !email && !phone) return;
  // As for the agency: a contact this commitment already had is no news; the current one stays.
  const history = await commitmentStore.listContactHistory(w.db, commitmentId);
  if (history.some((h) => h.name === name && h.position === position && h.email === email && h.phone === phone)) return;
  const current = history.find((h) => h.valid_to === null);
  if (current) await w.update('commitment_contacts', current, { valid_to: today });
  await w.insert('commitment_contacts', {
    commitment_id: commitmentId,
    name,
    position,
    email,
    phone,
    valid_from: current ? today : null,
    valid_to: null,
  });
}

/** The import's own assessment cites every piece of evidence an import made for the commitment; what a person cited stays. */
async function citeImportedEvidence(w: AuditedWriter, assessmentId: number, commitmentId: number): Promise<void> {
  const evidence = (await commitmentStore.listEvidence(w.db, commitmentId)).filter((e) => e.origin === 'import');
  const cited = new Set((await workspaceStore.listCitedEvidence(w.db, assessmentId)).map((x) => x.evidence_id));
  for (const e of evidence) if (!cited.has(e.id)) await w.insert('assessment_evidence', { assessment_id: assessmentId, evidence_id: e.id });
}

/**
 * `ownAssessmentId`: the assessment this import writes for the commitment (its last round's), whose citations
 * are the import's own — they neither keep evidence the file no longer has, nor stop it being updated.
 */
async function syncActivitiesAndLinks(
  w: AuditedWriter,
  commitmentId: number,
  c: ParsedCommitment,
  lang: string,
  ownAssessmentId: number | null,
) {
  const existingActivities = await commitmentStore.listActivities(w.db, commitmentId);
  const existingEvidence = await commitmentStore.listEvidence(w.db, commitmentId);
  const existingSources = await commitmentStore.listSources(w.db, commitmentId);

  // Links first: what an import filed under an activity that goes away goes with it; what a person
  // filed there moves to the commitment. Both are in the audit log.
  const activityIdByNumber = new Map(existingActivities.map((a) => [a.number, a.id]));
  const removedActivities = new Set(
    existingActivities.filter((a) => a.origin === 'import' && !c.activities.some((x) => x.number === a.number)).map((a) => a.id),
  );
  // Evidence an assessment cites stays, whoever filed it: the assessment was made on it.
  const citations = await workspaceStore.listCitationsOf(
    w.db,
    existingEvidence.map((e) => e.id),
  );
  const cited = new Set(citations.filter((x) => x.assessment_id !== ownAssessmentId).map((x) => x.evidence_id));
  const importMade = (e: Row<'evidence'>) => e.origin === 'import' && !cited.has(e.id);
  // Evidence the import removes takes its own citation with it (audited), as deleting it in the workspace would.
  const removeEvidence = async (e: Row<'evidence'>) => {
    for (const { status: _s, published: _p, ...link } of citations.filter((x) => x.evidence_id === e.id)) {
      await w.remove('assessment_evidence', link);
    }
    await w.remove('evidence', e);
  };
  for (const e of existingEvidence) {
    if (e.activity_id === null || !removedActivities.has(e.activity_id)) continue;
    if (importMade(e)) await removeEvidence(e);
    else await w.update('evidence', e, { activity_id: null });
  }
  for (const s of existingSources) {
    if (s.activity_id !== null && removedActivities.has(s.activity_id) && s.origin !== 'import')
      await w.update('sources', s, { activity_id: null });
  }

  const ids = await syncByKey(w, 'activities', existingActivities, c.activities, {
    rowKey: (r) => String(r.number),
    key: (a) => String(a.number),
    values: (a) => ({ commitment_id: commitmentId, number: a.number, title: a.title, details: a.details, lang, origin: 'import' }),
    insertOnly: { planned_start: null, planned_end: null, weight: null, status: null },
    fromImport: (r) => r.origin === 'import',
  });
  for (const [k, v] of ids) activityIdByNumber.set(Number(k), v);

  const activityNumberById = new Map([...activityIdByNumber].map(([n, id]) => [id, n]));
  // A link by its address, a document by its reference however its "N°" was written (referenceKey).
  const evidenceKey = (activityNumber: number | null, kind: string, value: string | null) =>
    `${activityNumber ?? '-'} ${kind} ${kind === 'text' ? referenceKey(value ?? '') : value}`;
  const activityOf = (n: number | null) => (n === null ? null : (activityIdByNumber.get(n) ?? null));
  const wantedEvidence = [
    ...c.evidence.map((e) => ({ activityNumber: e.activityNumber, kind: 'url', url: e.url, description: e.description, date: null })),
    ...c.references.map((r) => ({ activityNumber: r.activityNumber, kind: 'text', url: null, description: r.text, date: r.date })),
  ];
  await syncByKey(
    w,
    'evidence',
    existingEvidence.filter((e) => e.kind !== 'file' && !(e.activity_id !== null && removedActivities.has(e.activity_id) && importMade(e))),
    wantedEvidence.map((e, position) => ({ ...e, position })),
    {
      rowKey: (r) =>
        evidenceKey(
          r.activity_id === null ? null : (activityNumberById.get(r.activity_id) ?? -1),
          r.kind,
          r.kind === 'text' ? r.description : r.url,
        ),
      key: (e) => evidenceKey(e.activityNumber, e.kind, e.kind === 'text' ? e.description : e.url),
      values: (e) => ({
        commitment_id: commitmentId,
        activity_id: activityOf(e.activityNumber),
        position: e.position,
        kind: e.kind,
        url: e.url,
        file_id: null,
        description: e.description,
        origin: 'import',
        document_date: e.date,
      }),
      fromImport: importMade,
      remove: removeEvidence,
    },
  );
  await syncByKey(
    w,
    'sources',
    existingSources,
    c.sources.map((s, position) => ({ ...s, position })),
    {
      rowKey: (r) => r.text,
      key: (s) => s.text,
      values: (s) => ({
        commitment_id: commitmentId,
        activity_id: null,
        position: s.position,
        text: s.text,
        document_date: s.date,
        origin: 'import',
      }),
      fromImport: (r) => r.origin === 'import',
    },
  );
}

interface SyncSpec<T extends Table, W> {
  rowKey: (row: Row<T>) => string;
  key: (wanted: W) => string;
  values: (wanted: W) => Values<T>;
  /** Values set only when the row is created (fields the report does not speak about). */
  insertOnly?: Partial<Values<T>>;
  /** Rows an import made may be updated or removed by the next one; rows a person made are left as they are. */
  fromImport?: (row: Row<T>) => boolean;
  /** Leave rows the wanted list does not have. */
  keepExtra?: boolean;
  /** How a row goes, when more than the row must go with it. */
  remove?: (row: Row<T>) => Promise<void>;
}

/** Makes a table's rows match a wanted list, by key: inserts, updates what differs, removes the rest. Returns ids by key. */
async function syncByKey<T extends Table, W>(
  w: AuditedWriter,
  table: T,
  existing: Row<T>[],
  wanted: W[],
  spec: SyncSpec<T, W>,
): Promise<Map<string, number>> {
  const byKey = new Map<string, Row<T>>();
  for (const r of existing) if (!byKey.has(spec.rowKey(r))) byKey.set(spec.rowKey(r), r);
  const ids = new Map<string, number>();
  for (const item of wanted) {
    const key = spec.key(item);
    if (ids.has(key)) continue;
    const current = byKey.get(key);
    const values = spec.values(item);
    if (current) {
      if (spec.fromImport?.(current) ?? true) await w.update(table, current, values, { bumpVersion: true });
      ids.set(key, Number((current as { id: number }).id));
    } else {
      ids.set(key, await w.insert(table, { ...spec.insertOnly, ...values } as Values<T>));
    }
  }
  if (!spec.keepExtra) {
    for (const r of existing) {
      if (!ids.has(spec.rowKey(r)) && (spec.fromImport?.(r) ?? true)) await (spec.remove ? spec.remove(r) : w.remove(table, r));
    }
  }
  return ids;
}

/**
 * The plan's narrative sections, matched by key (the nth section of a key with the nth stored one), not
 * by position: the report's sections are updated or added in its order, and their translations stay with
 * them; a section the report lacks (one a coordinator added in the workspace) is kept, after the section
 * it followed. None is removed.
 */
async function syncSections(
  w: AuditedWriter,
  planId: number,
  existing: Row<'plan_sections'>[],
  wanted: ParsedSection[],
  lang: string,
  reread: () => Promise<Row<'plan_sections'>[]>,
): Promise<void> {
  const occurrences = <X>(items: X[], keyOf: (x: X) => string): string[] => {
    const seen = new Map<string, number>();
    return items.map((x) => {
      const n = seen.get(keyOf(x)) ?? 0;
      seen.set(keyOf(x), n + 1);
      return `${keyOf(x)}#${n}`;
    });
  };
  const rows = [...existing].sort((a, b) => a.position - b.position);
  const rowKeys = occurrences(rows, (r) => r.key);
  const wantedKeys = occurrences(wanted, (s) => s.key);
  const rowOf = new Map(rowKeys.map((k, i) => [k, rows[i]!]));
  const inReport = new Set(wantedKeys);
  const order: { row?: Row<'plan_sections'>; section?: ParsedSection }[] = wanted.map((section, i) => ({
    section,
    row: rowOf.get(wantedKeys[i]!),
  }));
  let after = -1;
  rows.forEach((r, i) => {
    if (inReport.has(rowKeys[i]!)) after = order.findIndex((slot) => slot.row === r);
    else order.splice(++after, 0, { row: r });
  });
  // Positions are unique within a plan: rows that move step out of the way first.
  const moving = order.filter((slot, i) => slot.row && slot.row.position !== i);
  for (const slot of moving) await w.update('plan_sections', slot.row!, { position: -1 - slot.row!.id });
  const now = new Map((moving.length ? await reread() : rows).map((r) => [r.id, r]));
  for (const [position, slot] of order.entries()) {
    const current = slot.row ? now.get(slot.row.id)! : undefined;
    if (!slot.section) await w.update('plan_sections', current!, { position }, { bumpVersion: true });
    else {
      const values = { plan_id: planId, position, key: slot.section.key, title: slot.section.title, body: slot.section.body, lang };
      if (current) await w.update('plan_sections', current, values, { bumpVersion: true });
      else await w.insert('plan_sections', values);
    }
  }
}

/** Removes a row and the translations of its texts, which would otherwise point at nothing. */
async function removeWithTranslations(
  w: AuditedWriter,
  db: Parameters<typeof reportStore.listTranslationsOf>[0],
  table: 'themes',
  row: Row<'themes'>,
): Promise<void> {
  for (const t of await reportStore.listTranslationsOf(db, table, row.id)) await w.remove('translations', t);
  await w.remove(table, row);
}
