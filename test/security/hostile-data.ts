import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { addHoliday, answerAlert, raiseAlert } from '../../src/services/alerts.js';
import { answerComment, hideComment, openConsultation, postComment } from '../../src/services/consultation.js';
import { closeConsultation } from '../../src/services/consultation-close.js';
import { acknowledgeWarning } from '../../src/services/monitoring/actions.js';
import { planWarnings } from '../../src/services/monitoring/warnings.js';
import { warningKey } from '../../src/domain/warnings.js';
import { storeEvidenceFile } from '../../src/services/evidence-files.js';
import { addCandidate, addForumMeeting, addForumMember, addProposal, addWorkshop } from '../../src/services/workspace/cocreation.js';
import * as E from '../../src/services/workspace/commitments.js';
import { addIndicator, recordMeasurement } from '../../src/services/workspace/indicators.js';
import { correctPlanStage } from '../../src/services/workspace/plan-setup.js';
import { addRecommendation, saveReview } from '../../src/services/workspace/reviews.js';
import { correctAssessment, decideAssessment, openRound, saveAssessment } from '../../src/services/workspace/rounds.js';
import { getReportSections, saveReportSection } from '../../src/services/workspace/sections.js';
import type { Store } from '../../src/storage/connect.js';
import { rebuildSearchIndex } from '../../src/storage/search.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import type { TestDb } from '../helpers/databases.js';
import { nowIso } from '../helpers/clock.js';

/**
 * A database where every text a person can write holds a hostile payload: HTML that would run script,
 * an attribute break-out, a Markdown javascript: link and a spreadsheet formula — followed by a marker
 * naming the column it was stored in (`mk17x`), so a test can tell where each field is shown.
 *
 * How it is filled: the seed report is imported, the services add one of everything the import does
 * not make (a draft round and its assessments, a correction, reviews, indicators, alerts, co-creation,
 * the forum, a consultation with comments and answers…) with the payload in the fields their forms
 * take; then every text column the schema has that is not excluded below (with its reason) is set to
 * the payload with its marker in every row — the columns are read from the database itself, so a new
 * text column makes `uncovered` non-empty (and the coverage test fail) until it is filled or excluded here.
 */

/** The payload, as a person could type it into any text field (no control characters: input checks refuse those). */
export const PAYLOAD = `=HYPERLINK("http://evil.example/x","pwn")<script>window.__xss=1</script><img src=x onerror="window.__xss=1">"'><svg onload="window.__xss=1"></svg>[enlace](javascript:window.__xss=1)`;
/** The same without spaces: for columns whose checks refuse spaces (e-mail addresses). */
const COMPACT = `"><svg/onload=window.__xss=1>`;

/** Columns that hold no text a person writes, each with why; `table.*` for a whole table. */
export const EXCLUDED: Record<string, string> = {
  'audit_log.*':
    "written by AuditedWriter from the other tables' values (the services' writes below carry the payload into before/after); a direct write would break the hash chain",
  'search_documents.*': 'derived: rebuilt from commitments and activities after the fill',
  'outbox.*': 'the mail queue: plain-text mail, never shown on a page or in a download',
  'sessions.*': 'session bookkeeping (hashes, IP, user agent): never shown',
  'account_tokens.*': 'token hashes and purposes: never shown',
  'login_attempts.*': 'rate-limit keys: never shown',
  'rate_events.*': 'rate-limit keys: never shown',
  'notification_tokens.*': 'token hashes: never shown',
  'notification_runs.*': 'job bookkeeping: never shown',
  'notification_cursors.*': 'job bookkeeping: never shown',
  'digest_told.*': 'warning keys already mailed: never shown',
  'consultation_tokens.*': 'token hashes: never shown',
  'consultation_authors.*': 'e-mail addresses of commenters by link: never shown (their comments carry author_name)',
  'follows.*': 'e-mail addresses of followers: never shown',
  'schema_migrations.*': 'migration names',
  'schema_migrations_lock.*': 'migration lock',
  'write_locks.*': 'lock names',
  'files.sha256': 'a hash computed from the bytes',
  'import_previews.*': "a browser import's kept file: its hash and expiry, bookkeeping for its removal; never shown",
  'files.storage_key': 'a key computed from the hash',
  'files.media_type': 'detected from the content, one of a closed list',
  'governments.country_code': 'ISO code from a closed list (domain/countries.ts)',
  'plan_sections.key': "one of the report's fixed section keys",
  'translations.entity': 'a table name (the translated row)',
  'translations.field': 'a column name (the translated field)',
  'assessment_corrections.field': 'a column name (the corrected field), from a closed list',
  'warning_acknowledgements.warning_key': 'a key computed from the warning',
  'warning_acknowledgements.code': 'a warning code, closed list',
  'warning_acknowledgements.basis': 'closed list',
  'assessment_corrections.actor': 'an actor reference (user:ID) written by the app',
  'consultations.opened_by': 'an actor reference (user:ID) written by the app',
  'consultations.closed_by': 'an actor reference (user:ID) written by the app',
  'consultation_comments.hidden_by': 'an actor reference (user:ID) written by the app',
  'consultation_comments.answered_by': 'an actor reference (user:ID) written by the app',
  'consultation_comments.answer': "accepted | partly | rejected… (the answer's kind; its texts are answer_reason and answer_changes)",
  'consultation_comments.target': 'draft | commitment | section, checked',
  'irm_reviews.report': 'closed list (domain/irm.ts)',
  'irm_reviews.specificity': 'closed list (domain/irm.ts)',
  'irm_reviews.potential_impact': 'closed list (domain/irm.ts)',
  'irm_reviews.completion': 'closed list (domain/irm.ts)',
  'irm_reviews.diog_overall': 'closed list (domain/irm.ts)',
  'irm_reviews.diog_access_to_information': 'closed list (domain/irm.ts)',
  'irm_reviews.diog_civic_participation': 'closed list (domain/irm.ts)',
  'irm_reviews.diog_public_accountability': 'closed list (domain/irm.ts)',
  'irm_recommendations.status': 'closed list (domain/irm.ts)',
  'proposals.proposer_kind': 'closed list',
  'proposals.channel': 'closed list',
  'forum_members.sector': 'closed list',
  'alerts.category': 'closed list (domain/alerts.ts)',
  'indicators.direction': 'up | down',
  'indicators.frequency': 'closed list',
  'assessments.level': 'closed list (domain/levels.ts)',
  'users.role': 'closed list (domain/roles.ts)',
  'users.password_hash': 'argon2id hash',
};
/** Any column by these names: dates, timestamps, languages and closed vocabularies (checked on input and by the database). */
const EXCLUDED_NAMES: [RegExp, string][] = [
  [
    /(_at|_on|_date|^date|_start|_end|_from|_to|_until|^at|^timestamp|^deadline|^cutoff_date)$/,
    'a date or timestamp (YYYY-MM-DD / ISO-8601), checked on input',
  ],
  [/^lang$/, 'es | en'],
  [/^(kind|status|origin|purpose|action|entity|role)$/, 'a closed vocabulary of the app'],
];

export function exclusionOf(table: string, column: string): string | null {
  return EXCLUDED[`${table}.*`] ?? EXCLUDED[`${table}.${column}`] ?? EXCLUDED_NAMES.find(([re]) => re.test(column))?.[1] ?? null;
}

/** Columns holding JSON written by the app from a person's text: filled with the payload inside the JSON. */
const JSON_COLUMNS = new Set(['commitments.other_fields', 'commitments.policy_areas']);
const COMPACT_COLUMNS = new Set(['users.email', 'commitment_contacts.email']);
const URL_COLUMNS = new Set(['evidence.url', 'alerts.evidence_url', 'forum_meetings.minutes_url']);

export interface Column {
  table: string;
  column: string;
  marker: string;
}

/** Every text column of the database (read from it, not from a list), as `table.column`. */
export async function textColumns(store: Store): Promise<{ table: string; column: string }[]> {
  const tables = await store.db.introspection.getTables();
  return tables
    .filter((t) => !t.name.startsWith('search_fts') && !t.name.startsWith('kysely_') && !t.name.startsWith('sqlite_'))
    .flatMap((t) => t.columns.filter((c) => /text|char/i.test(c.dataType)).map((c) => ({ table: t.name, column: c.name })))
    .sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
}

export interface Hostile {
  store: Store;
  app: FastifyInstance;
  ids: {
    activity: number;
    plan: number;
    commitment: number;
    theme: number;
    agency: number;
    openRound: number;
    publishedRound: number;
    fileEvidence: number;
    consultation: number;
    /** A consultation of the plan's draft, closed early with a reason (its page shows the reason). */
    closedConsultation: number;
    proposal: number;
    alert: number;
    indicator: number;
    comment: number;
    workshop: number;
    candidate: number;
    member: number;
    meeting: number;
  };
  /** Commitment 1: led by the other editor's agency. */
  otherCommitment: number;
  people: Record<'civilSociety' | 'ownEditor' | 'otherEditor' | 'coordinator' | 'reviewer' | 'admin', SignedIn>;
  /** The filled columns with their markers. */
  filled: Column[];
  /** Text columns neither filled nor excluded: must be empty. */
  uncovered: string[];
}

/** The payload a column gets: its marker after it (and the row id, for unique columns). */
export const valueFor = (marker: string) => `${PAYLOAD} ${marker}`;

export async function hostileApp(db: TestDb): Promise<Hostile> {
  process.env.FILES_DIR ??= mkdtempSync(join(tmpdir(), 'vigia-xss-'));
  const s = await seededApp(db);
  const { app, store } = s;
  const x = (what: string) => `${PAYLOAD} ${what}`;
  const own = (await commitmentSubject(store.db, s.commitment(4)))!;
  const other = (await commitmentSubject(store.db, s.commitment(1)))!;
  const people = {
    civilSociety: await signIn(app, store, { role: 'civil-society', name: x('persona') }),
    ownEditor: await signIn(app, store, { role: 'agency-editor', agencyId: own.agency_id!, name: x('editora') }),
    otherEditor: await signIn(app, store, { role: 'agency-editor', agencyId: other.agency_id!, name: x('editor') }),
    coordinator: await signIn(app, store, { role: 'coordinator', name: x('coordinadora') }),
    reviewer: await signIn(app, store, { role: 'reviewer', name: x('revisor') }),
    admin: await signIn(app, store, { role: 'admin', name: x('admin') }),
  };
  const coord = people.coordinator.actor;
  const ok = <T extends { ok: boolean }>(r: T, what: string) =>
    r.ok ? (r as unknown as { ok: true; id: number; version?: number }) : assert.fail(`${what}: ${JSON.stringify(r)}`);
  const cid = s.commitment(4);
  const today = app.today();

  // The ficha and what hangs from it, through the workspace's services.
  const activity = ok(
    await E.addActivity(store, coord, cid, { title: x('actividad'), details: x('detalle'), deliverable: x('entregable') }, nowIso()),
    'activity',
  );
  ok(await E.addLink(store, coord, cid, { url: 'https://example.org/acta.pdf', description: x('enlace') }, nowIso()), 'link');
  ok(await E.addSource(store, coord, cid, { text: x('fuente'), docNumber: x('numero'), issuingAgency: x('emisor') }, nowIso()), 'source');
  const file = await storeEvidenceFile(
    store,
    { actor: 'test', at: new Date().toISOString(), context: 'xss' },
    { commitmentId: cid, fileName: 'acta.csv', bytes: Buffer.from('a,b\n=1+1,2\n'), description: x('archivo') },
  );
  await E.changeContact(store, coord, cid, { name: x('contacto'), position: x('cargo') }, nowIso());
  // The seeded plan is approved: a change of its text is a modification with its reason (decision 030).
  const editable = await E.getEditableCommitment(store, coord, cid);
  ok(
    await E.saveCommitment(
      store,
      coord,
      cid,
      { objective: x('objetivo modificado'), modificationReason: x('motivo'), modificationDate: today, version: String(editable.version) },
      nowIso(),
    ),
    'modification',
  );

  // The seeded plan came from a file: its stage corrected with a reason, and back (decision 033).
  for (const stage of ['active', 'completed'])
    ok(await correctPlanStage(store, coord, s.planId, { correctedStage: stage, correctionReason: x(`etapa ${stage}`) }, nowIso()), 'stage');

  // A published round's assessment corrected; a new round with a draft returned with a comment.
  ok(
    await correctAssessment(
      store,
      coord,
      s.roundIds.at(-1)!,
      cid,
      { field: 'results', value: x('correccion'), reason: x('motivo') },
      new Date().toISOString(),
    ),
    'correction',
  );
  const round = ok(
    await openRound(store, coord, s.planId, { kind: 'periodic', cutoffDate: '2017-12-31' }, new Date().toISOString()),
    'round',
  );
  const draft = ok(
    await saveAssessment(
      store,
      coord,
      round.id,
      cid,
      { level: 'substantial', results: x('borrador'), reasons: x('razones'), nextSteps: x('pasos'), confirmReason: x('motivo envio') },
      { submit: true },
      new Date().toISOString(),
    ),
    'draft',
  );
  ok(
    await saveAssessment(
      store,
      coord,
      round.id,
      s.commitment(1),
      { level: 'limited', results: x('borrador-otro') },
      { submit: false },
      new Date().toISOString(),
    ),
    'other draft',
  );
  await decideAssessment(
    store,
    coord,
    round.id,
    cid,
    {
      decision: 'return',
      version: (draft as { version?: number }).version,
      comment: x('devuelta'),
    },
    new Date().toISOString(),
  );
  const sections = await getReportSections(store, coord, s.planId);
  await saveReportSection(
    store,
    coord,
    s.planId,
    'conclusions',
    {
      version: sections.sections.find((x) => x.key === 'conclusions')?.version ?? 0,
      sectionTitle: x('seccion'),
      sectionBody: x('cuerpo'),
      sectionTitleEn: x('section'),
      sectionBodyEn: x('body'),
    },
    nowIso(),
  );

  // The independent review and the IRM's recommendations.
  await saveReview(store, people.reviewer.actor, cid, { report: 'progress', reviewText: x('revision') }, nowIso());
  const rec = ok(
    await addRecommendation(store, coord, s.planId, { source: x('informe'), recommendationText: x('recomendacion') }, nowIso()),
    'recommendation',
  );
  void rec;

  // Indicators and measurements.
  const indicator = ok(
    await addIndicator(
      store,
      coord,
      cid,
      {
        indicatorName: x('indicador'),
        unit: 'u',
        direction: 'up',
        baselineValue: '0',
        baselineDate: '2015-07-01',
        targetValue: '10',
        targetDate: '2016-06-30',
        frequency: 'yearly',
        meansOfVerification: x('medio'),
      },
      nowIso(),
    ),
    'indicator',
  );
  ok(
    await recordMeasurement(
      store,
      coord,
      indicator.id!,
      {
        measuredValue: '5',
        measuredOn: '2016-01-01',
        measurementSource: x('origen'),
        measurementNote: x('nota'),
      },
      { now: new Date().toISOString() },
    ),
    'measurement',
  );

  // Civil-society alerts and their answers; holidays.
  const alert = ok(await raiseAlert(store, people.civilSociety.actor, cid, { category: 'delay', alertText: x('alerta') }, today), 'alert');
  await answerAlert(store, coord, alert.id!, { answerText: x('respuesta') }, today, nowIso());
  ok(await addHoliday(store, coord, s.planId, { holidayDate: '2030-01-02', holidayName: x('feriado') }, nowIso()), 'holiday');

  // Co-creation and the forum.
  const workshop = ok(
    await addWorkshop(store, coord, s.planId, { place: x('lugar'), heldOn: '2015-03-10', sectors: x('sectores') }, nowIso()),
    'workshop',
  );
  const proposal = ok(
    await addProposal(
      store,
      coord,
      s.planId,
      {
        proposalTitle: x('propuesta'),
        proposalText: x('texto'),
        proposer: x('proponente'),
        proposerKind: 'organisation',
        sector: x('sector'),
        channel: 'written',
        submittedOn: '2015-03-01',
      },
      nowIso(),
    ),
    'proposal',
  );
  const candidate = ok(
    await addCandidate(
      store,
      coord,
      s.planId,
      {
        candidateTitle: x('candidato'),
        candidateDescription: x('descripcion'),
        proposalIds: [proposal.id],
      },
      nowIso(),
    ),
    'candidate',
  );
  const member = ok(
    await addForumMember(
      store,
      coord,
      s.planId,
      { memberName: x('miembro'), memberSector: 'civil-society', memberFrom: '2011-04-01' },
      nowIso(),
    ),
    'member',
  );
  const meeting = ok(
    await addForumMeeting(
      store,
      coord,
      s.planId,
      {
        meetingDate: '2015-05-04',
        agenda: x('agenda'),
        agreements: x('acuerdos'),
        minutesUrl: 'https://example.org/acta',
      },
      nowIso(),
    ),
    'meeting',
  );

  // A consultation on the open round's draft, comments, an answer and a hidden one.
  const consultation = ok(
    await openConsultation(
      store,
      coord,
      s.planId,
      {
        title: x('consulta'),
        startsOn: '2000-01-01',
        endsOn: '2199-12-31',
        roundId: round.id,
      },
      new Date().toISOString(),
    ),
    'consultation',
  );
  const who = { kind: 'account' as const, actor: people.civilSociety.actor };
  const first = ok(
    await postComment(store, {
      now: new Date().toISOString(),
      consultationId: consultation.id,
      who,
      body: { target: `commitment:${cid}`, name: 'Eva', body: x('comentario') },
      today,
    }),
    'comment',
  );
  const second = ok(
    await postComment(store, {
      now: new Date().toISOString(),
      consultationId: consultation.id,
      who,
      body: { target: 'draft', body: x('oculto') },
      today,
    }),
    'comment 2',
  );
  ok(
    await answerComment(store, coord, first.id, { answer: 'partly', reason: x('razon'), changes: x('cambios') }, new Date().toISOString()),
    'answer',
  );
  ok(await hideComment(store, coord, second.id, { reason: x('motivo-oculto') }, new Date().toISOString()), 'hide');
  const closed = ok(
    await openConsultation(
      store,
      coord,
      s.planId,
      { title: x('consulta-cerrada'), startsOn: '2000-01-01', endsOn: '2199-12-31' },
      nowIso(),
    ),
    'consultation closed early',
  );
  ok(await closeConsultation(store, coord, closed.id, { closeReason: x('cierre') }, today, nowIso()), 'close early');

  // A warning of commitment 4 on the app's day, answered (the seed's 2015–2016 dates are long past).
  const warning = (await planWarnings(store, s.planId, today)).find((w) => w.commitmentId === cid);
  assert.ok(warning, 'the seed plan has a warning for commitment 4 today');
  ok(
    await acknowledgeWarning(
      store,
      coord,
      cid,
      { warningKey: warningKey(warning), ackReason: x('ack'), correctiveAction: x('accion') },
      today,
      nowIso(),
    ),
    'acknowledgement',
  );

  // Then every text column not excluded, in every row: the payload and the column's marker.
  const columns = await textColumns(store);
  const filled: Column[] = [];
  const uncovered: string[] = [];
  let n = 0;
  for (const { table, column } of columns) {
    if (exclusionOf(table, column)) continue;
    const key = `${table}.${column}`;
    const marker = `mk${++n}x`;
    filled.push({ table, column, marker });
    const rows = await sql<{ id: number }>`select id from ${sql.table(table)}`.execute(store.db).catch(() => null);
    if (!rows) {
      uncovered.push(`${key} (the table has no id column: fill it here)`);
      continue;
    }
    if (rows.rows.length === 0) uncovered.push(`${key} (no row: add one through its service above)`);
    for (const { id } of rows.rows) {
      const value = JSON_COLUMNS.has(key)
        ? column === 'policy_areas'
          ? JSON.stringify([`${PAYLOAD} ${marker}`])
          : JSON.stringify([{ label: `${PAYLOAD} ${marker}`, value: `${PAYLOAD} ${marker}` }])
        : COMPACT_COLUMNS.has(key)
          ? `${COMPACT}${marker}r${id}@evil.example`
          : URL_COLUMNS.has(key)
            ? `https://evil.example/${encodeURIComponent('"')}"><script>window.__xss=1</script>${marker}`
            : `${PAYLOAD} ${marker} r${id}`;
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where id = ${id}`.execute(store.db);
    }
  }
  await rebuildSearchIndex(store.db, s.planId);
  void first;
  return {
    store,
    app,
    people,
    otherCommitment: s.commitment(1),
    filled,
    uncovered,
    ids: {
      activity: activity.id,
      plan: s.planId,
      commitment: cid,
      theme: s.themeIds[0]!,
      agency: own.agency_id!,
      openRound: round.id,
      publishedRound: s.roundIds.at(-1)!,
      fileEvidence: file.evidenceId,
      consultation: consultation.id,
      closedConsultation: closed.id,
      proposal: proposal.id!,
      alert: alert.id!,
      indicator: indicator.id!,
      comment: first.id,
      workshop: workshop.id!,
      candidate: candidate.id!,
      member: member.id!,
      meeting: meeting.id!,
    },
  };
}
