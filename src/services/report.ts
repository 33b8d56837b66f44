import { timeZoneFrom, todayIn } from '../lib/clock.js';
import { AppError } from '../errors.js';
import type { IrmReport, RecommendationStatus } from '../domain/irm.js';
import { isLevel } from '../domain/levels.js';
import { can } from '../domain/permissions.js';
import type { Actor } from '../domain/roles.js';
import type { RoundKind } from '../domain/types.js';
import { summaryChartSvg } from '../report/summary-chart.js';
import { roundName } from '../i18n/format.js';
import type { Lang } from '../i18n/lang.js';
import { reportMessages } from '../i18n/report.js';
import { themeSentence } from '../i18n/sentences.js';
import { renderReportHtml } from '../report/html.js';
import type { FichaModel, ReportModel, ReportSection, RoundRef, Text } from '../report/model.js';
import { htmlToPdf } from '../report/pdf.js';
import { stripAccents } from '../lib/text.js';
import * as commitmentStore from '../storage/commitments.js';
import type { Store } from '../storage/connect.js';
import * as planStore from '../storage/plans.js';
import * as reportStore from '../storage/report.js';
import * as reviewStore from '../storage/reviews.js';
import type { Row } from '../storage/schema.js';
import { getPlan, getSummary, resolvePlanId } from './plans.js';
import { toReviewItem } from './reviews.js';
import { SECTION_KEYS } from './workspace/sections.js';

/**
 * The self-assessment report of a plan at one round, as data (report/model.ts): the seed's template
 * filled from what is stored. The summary is getSummary's — the same figures as `vigia summary` —
 * and the theme sentences and starred flags are computed, never typed.
 */
export interface ReportOptions {
  planId?: number;
  /** By default the plan's latest published round. */
  roundId?: number;
  lang: Lang;
  /** The workspace may report on a round not yet published. */
  includeDrafts?: boolean;
  /** Today, YYYY-MM-DD (tests fix it). */
  today?: string;
  /** The site's address for links to evidence files; by default PUBLIC_URL. */
  siteUrl?: string | null;
}

type Translations = Map<string, string>;
const tKey = (entity: string, id: number, field: string) => `${entity}:${id}:${field}`;

export async function buildReport(store: Store, options: ReportOptions): Promise<ReportModel> {
  const db = store.db;
  const lang = options.lang;
  const m = reportMessages(lang);
  const planId = await resolvePlanId(store, options.planId);
  const [planRow] = await planStore.listPlansWithGovernment(db, planId);
  if (!planRow) throw new AppError('not_found', { entity: 'plan', id: planId });
  const visibility = { includeDrafts: options.includeDrafts ?? false };
  const { summary, round } = await getSummary(store, planId, options.roundId, visibility);

  const [sections, themes, commitments, agencies, contacts, rounds, assessments, reviews, recommendations, activityTitles, cited] =
    await Promise.all([
      planStore.listSections(db, planId),
      planStore.listThemes(db, planId),
      commitmentStore.listCommitments(db, planId),
      reportStore.listCurrentLeadAgencyRows(db, planId),
      reportStore.listCurrentContacts(db, planId),
      planStore.listRounds(db, planId),
      reportStore.listPlanAssessments(db, planId),
      reviewStore.listReviewsOfPlan(db, planId),
      reviewStore.listRecommendations(db, planId),
      reportStore.listPlanActivityTitles(db, planId),
      reportStore.listCitedEvidenceOfRound(db, round.id),
    ]);

  // Translations of every text the report shows, fetched per table in one query each.
  const translations: Translations = new Map();
  const want: [string, number[]][] = [
    ['plans', [planId]],
    ['plan_sections', sections.map((s) => s.id)],
    ['themes', themes.map((t) => t.id)],
    ['commitments', commitments.map((c) => c.id)],
    ['assessments', assessments.filter((a) => a.round_id === round.id).map((a) => a.id)],
    ['irm_reviews', reviews.map((r) => r.id)],
    ['irm_recommendations', recommendations.map((r) => r.id)],
  ];
  const found = await Promise.all(want.map(([entity, ids]) => reportStore.listTranslations(db, entity, ids, lang)));
  for (const rows of found) for (const t of rows) translations.set(tKey(t.entity, t.entity_id, t.field), t.text);

  const text = (entity: string, id: number, field: string, original: string | null, originalLang: string): Text | null => {
    if (original === null || original.trim() === '') {
      const only = translations.get(tKey(entity, id, field));
      return only ? { text: only, lang, untranslated: false } : null;
    }
    if (originalLang === lang) return { text: original, lang, untranslated: false };
    const tr = translations.get(tKey(entity, id, field));
    return tr ? { text: tr, lang, untranslated: false } : { text: original, lang: originalLang, untranslated: true };
  };
  const plain = (s: string): Text => ({ text: s, lang, untranslated: false });

  // Narrative sections, numbered as the seed numbers them: everything but the glossary.
  const sectionOf = (s: Row<'plan_sections'>): ReportSection => ({
    key: s.key,
    number: null,
    title: text('plan_sections', s.id, 'title', s.title, s.lang) ?? plain(m.sectionTitles[s.key] ?? m.sectionTitles.other!),
    body: text('plan_sections', s.id, 'body', s.body, s.lang),
  });
  const stored = sections.map(sectionOf);
  const glossary = stored.find((s) => s.key === 'glossary') ?? null;
  const body = stored.filter((s) => s.key !== 'glossary');
  const blank = (key: string): ReportSection => ({ key, number: null, title: plain(m.sectionTitles[key]!), body: null });
  let implIndex = body.findIndex((s) => s.key === 'implementation');
  if (implIndex === -1) {
    // No stored introduction to the fichas: they go before the conclusions (or at the end).
    const conclusions = body.findIndex((s) => s.key === 'conclusions');
    implIndex = conclusions === -1 ? body.length : conclusions;
    body.splice(implIndex, 0, blank('implementation'));
  }
  // Every numbered section the report has (SECTION_KEYS but the glossary), even when the plan stores no text for it.
  for (const key of SECTION_KEYS) {
    if (key === 'glossary' || body.some((s) => s.key === key)) continue;
    if (key === 'conclusions') body.push(blank(key));
    else body.splice(implIndex++, 0, blank(key));
  }
  implIndex = body.findIndex((s) => s.key === 'implementation');
  body.forEach((s, i) => (s.number = i + 1));

  // Fichas, grouped by theme.
  const agencyOf = new Map(agencies.map((a) => [a.commitment_id, a.as_written || a.agency_name]));
  const contactOf = new Map(contacts.map((c) => [c.commitment_id, c]));
  const assessmentOf = new Map(assessments.filter((a) => a.round_id === round.id).map((a) => [a.commitment_id, a]));
  const themeById = new Map(themes.map((t) => [t.id, t]));
  const ficha = (c: Row<'commitments'>): FichaModel => {
    const a = assessmentOf.get(c.id);
    const contact = contactOf.get(c.id);
    const theme = themeById.get(c.theme_id)!;
    const ct = (field: keyof Row<'commitments'> & string) => text('commitments', c.id, field, c[field] as string | null, c.lang);
    const at = (field: 'results' | 'additional_info' | 'next_steps' | 'reasons') =>
      a ? text('assessments', a.id, field, a[field], a.lang) : null;
    return {
      id: c.id,
      number: c.number,
      title: ct('title')!,
      theme: text('themes', theme.id, 'title', theme.title, theme.lang)!,
      leadAgency: agencyOf.get(c.id) ?? null,
      contact: {
        name: contact?.name ?? null,
        position: contact?.position ?? null,
        email: contact?.email ?? null,
        phone: contact?.phone ?? null,
      },
      otherActors: { government: ct('other_actors_government'), civilSociety: ct('other_actors_civil_society') },
      problem: ct('problem'),
      objective: ct('objective'),
      description: ct('description'),
      relevance: ct('relevance'),
      ambition: ct('ambition'),
      plannedStart: c.planned_start,
      plannedEnd: c.planned_end,
      level: a && isLevel(a.level) ? a.level : null,
      results: at('results'),
      reasons: at('reasons'),
      citedEvidence: cited
        .filter((e) => e.commitment_id === c.id)
        .map((e) => ({
          url: e.url,
          file: e.file_name !== null ? { name: e.file_name, size: Number(e.file_size), path: `/evidencias/${e.id}/archivo` } : null,
          description: e.description,
          date: e.document_date,
        })),
      nextSteps: at('next_steps'),
      // The ficha's "Información adicional" is the round's; a commitment without one shows its own.
      additionalInfo: at('additional_info') ?? ct('additional_info'),
      otherFields: c.other_fields ? (JSON.parse(c.other_fields) as { label: string; value: string }[]) : [],
      activityTitles: activityTitles.filter((a) => a.commitment_id === c.id).map((a) => a.title),
    };
  };
  const chapters = themes.map((t, i) => {
    const row = summary.rows.find((r) => r.themeId === t.id)!;
    const title = text('themes', t.id, 'title', t.title, t.lang)!;
    return {
      id: t.id,
      number: i + 1,
      title,
      intro: text('themes', t.id, 'intro', t.intro, t.lang),
      fichas: commitments.filter((c) => c.theme_id === t.id).map(ficha),
      synthesis: text('themes', t.id, 'synthesis', t.synthesis, t.lang),
      sentence: themeSentence({ theme: title.text, counts: row.counts, unassessed: row.unassessed, total: row.total }, lang),
    };
  });

  // The comparison: every round up to the report's (drafts only when asked for), oldest first.
  const roundRef = (r: Row<'rounds'>): RoundRef => ({
    id: r.id,
    kind: r.kind as RoundKind,
    title: r.title,
    lang: r.lang,
    cutoffDate: r.cutoff_date,
  });
  // `rounds` come in time order (storage's roundOrder): those up to the report's cutoff.
  const upTo = rounds.findIndex((r) => r.id === round.id);
  const shown = rounds.slice(0, upTo + 1).filter((r) => r.published || visibility.includeDrafts);
  const levelIn = new Map(assessments.map((a) => [`${a.round_id}:${a.commitment_id}`, isLevel(a.level) ? a.level : null]));
  const comparison = {
    rounds: shown.map(roundRef),
    rows: commitments.map((c) => ({
      number: c.number,
      title: text('commitments', c.id, 'title', c.title, c.lang)!,
      levels: shown.map((r) => levelIn.get(`${r.id}:${c.id}`) ?? null),
    })),
  };

  const roundTitle = roundName({ kind: round.kind, title: round.title, lang: round.lang, cutoffDate: round.cutoffDate }, lang);
  const svg = await summaryChartSvg(summary, lang, { title: m.chartTitle, axis: m.chartAxis, legend: m.chartLegend });

  // The annex shows each review as the commitment's page does (services/reviews.ts): the same values,
  // starred flag, published self-assessment of the same moment and agreement, computed in one place.
  const commitmentById = new Map(commitments.map((c) => [c.id, c]));
  const published = new Set(rounds.filter((r) => r.published).map((r) => r.id));
  const roundById = new Map(rounds.map((r) => [r.id, r]));
  const publishedOf = (commitmentId: number) =>
    assessments
      .filter((a) => a.commitment_id === commitmentId && published.has(a.round_id))
      .map((a) => {
        const r = roundById.get(a.round_id)!;
        return {
          ...a,
          round_kind: r.kind,
          round_title: r.title,
          round_lang: r.lang,
          round_cutoff: r.cutoff_date,
          round_published: r.published,
          round_position: r.position,
          order: rounds.indexOf(r),
        };
      })
      // In time order, as the commitment's page lists them (roundOrder).
      .sort((a, b) => a.order - b.order);
  const REPORT_ORDER: Record<IrmReport, number> = { progress: 0, 'end-of-term': 1 };
  const reviewModels = [...reviews]
    .sort(
      (a, b) =>
        a.commitment_number - b.commitment_number ||
        REPORT_ORDER[a.report as IrmReport] - REPORT_ORDER[b.report as IrmReport] ||
        a.id - b.id,
    )
    .map((r) => {
      const c = commitmentById.get(r.commitment_id)!;
      const { text: _text, ...review } = toReviewItem(r, publishedOf(c.id));
      return {
        commitmentNumber: c.number,
        commitmentTitle: text('commitments', c.id, 'title', c.title, c.lang)!,
        review,
        text: text('irm_reviews', r.id, 'text', r.text, planRow.lang),
      };
    });

  return {
    lang,
    plan: {
      id: planId,
      title: text('plans', planId, 'title', planRow.title, planRow.lang)!,
      periodStart: planRow.period_start,
      periodEnd: planRow.period_end,
    },
    government: planRow.government_name,
    round: { id: round.id, kind: round.kind, title: roundTitle, lang, cutoffDate: round.cutoffDate },
    published: round.published,
    date: options.today ?? todayIn(timeZoneFrom()),
    siteUrl: options.siteUrl !== undefined ? options.siteUrl : process.env.PUBLIC_URL?.trim().replace(/\/+$/, '') || null,
    glossary,
    before: body.slice(0, implIndex),
    implementation: body[implIndex]!,
    themes: chapters,
    after: body.slice(implIndex + 1),
    // The report groups them by the IRM report they come from, in order.
    recommendations: [...recommendations]
      .sort((a, b) => a.source.localeCompare(b.source) || a.position - b.position || a.id - b.id)
      .map((r) => ({
        source: r.source,
        position: r.position,
        text: text('irm_recommendations', r.id, 'text', r.text, r.lang)!,
        answer: text('irm_recommendations', r.id, 'answer', r.answer, r.lang),
        status: r.status as RecommendationStatus | null,
        action: text('irm_recommendations', r.id, 'action', r.action, r.lang),
      })),
    summary,
    comparison,
    chart: { svg, alt: m.chartAlt(roundTitle), title: m.chartTitle },
    reviews: reviewModels,
  };
}

export const REPORT_FORMATS = ['docx', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const isReportFormat = (v: unknown): v is ReportFormat => typeof v === 'string' && (REPORT_FORMATS as readonly string[]).includes(v);

const MEDIA_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

export interface RenderedReport {
  bytes: Buffer;
  mediaType: string;
  /** "autoevaluacion-plan-de-accion-de-gobierno-abierto-2015-2016-evaluacion-final-es.docx" */
  fileName: string;
  model: ReportModel;
}

/**
 * The report in a format. PDF needs Chromium: without it, PdfUnavailable (report/pdf.ts), which the
 * CLI and the workspace turn into words. `stylesheet`: the HTML's (inline for a file on its own).
 */
/**
 * The report as the workspace hands it to a person: who may read the plan's drafts gets any round,
 * everyone else the published ones (the policy's `read:drafts`).
 */
export async function renderReportFor(
  store: Store,
  actor: Actor | null,
  options: Omit<ReportOptions, 'includeDrafts'> & { planId: number; format: ReportFormat; stylesheet?: string },
): Promise<RenderedReport> {
  // The plan itself even in borrador: whether this person may read it is the policy's, below.
  const plan = await getPlan(store, options.planId, { includeDrafts: true });
  const drafts = can(actor, 'read:drafts', { governmentId: plan.government.id });
  if (plan.status === 'draft' && !drafts) throw new AppError('not_found', { entity: 'plan', id: options.planId });
  return renderReport(store, { ...options, includeDrafts: drafts });
}

export async function renderReport(
  store: Store,
  options: ReportOptions & { format: ReportFormat; stylesheet?: string },
): Promise<RenderedReport> {
  const model = await buildReport(store, options);
  let bytes: Buffer;
  // The DOCX writer (docx, resvg) is loaded on the first DOCX asked for, not at every start (docs/performance.md, memory).
  if (options.format === 'docx') bytes = await (await import('../report/docx.js')).writeReportDocx(model);
  else {
    const html = renderReportHtml(model, { stylesheet: options.format === 'pdf' ? 'inline' : (options.stylesheet ?? 'inline') });
    bytes = options.format === 'pdf' ? await htmlToPdf(html, options.lang) : Buffer.from(html, 'utf8');
  }
  const slug = (s: string) =>
    stripAccents(s)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '');
  // Every word Vigía writes in the name is in the report's language ("…-evaluacion-final-es.docx", "…-end-of-term-en.docx").
  const words = reportMessages(options.lang).fileWords;
  const name = `${words.prefix}-${slug(model.plan.title.text) || `plan-${model.plan.id}`}-${words.kinds[model.round.kind]}-${options.lang}.${options.format}`;
  return { bytes, mediaType: MEDIA_TYPES[options.format], fileName: name, model };
}
