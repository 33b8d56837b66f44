import { checkNarrativeFigures, type FigureMismatch, type NarrativeText } from '../domain/narrative-figures.js';
import type { Actor } from '../domain/roles.js';
import type { RoundInfo } from '../domain/types.js';
import { AppError } from '../errors.js';
import { markdownToText } from '../lib/markdown-text.js';
import type { Store } from '../storage/connect.js';
import * as planStore from '../storage/plans.js';
import * as reportStore from '../storage/report.js';
import { getSummary } from './plans.js';
import { authorize } from './workspace/context.js';
import { sectionLangs } from './workspace/sections.js';

/**
 * Before the report goes out, the figures its narrative quotes against the tables computed for the round
 * (domain/narrative-figures.ts): every section, every theme's intro and synthesis, in the plan's language
 * and in its translation. For the plan's coordinators, on the workspace's report page.
 */
export type FigurePlace =
  | { kind: 'section'; key: string; title: string; lang: string; translation: boolean }
  | { kind: 'theme'; number: number; title: string; part: 'intro' | 'synthesis'; lang: string; translation: boolean };

export interface FigureCheck {
  round: RoundInfo;
  /** The plan's total and each theme's row, for the words that explain a mismatch. */
  themes: string[];
  mismatches: FigureMismatch<FigurePlace>[];
}

/** The check at `roundId` (drafts included: it is made before publishing); null when the plan has no round yet. */
export async function checkReportFigures(store: Store, actor: Actor | null, planId: number, roundId?: number): Promise<FigureCheck | null> {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  authorize(actor, 'manage:plan', { governmentId: plan.government_id });
  const rounds = await planStore.listRounds(store.db, planId);
  if (rounds.length === 0) return null;
  const [{ summary, round }, sections, themes] = await Promise.all([
    getSummary(store, planId, roundId ?? rounds.at(-1)!.id, { includeDrafts: true }),
    planStore.listSections(store.db, planId),
    planStore.listThemes(store.db, planId),
  ]);
  const { translation } = sectionLangs(plan.lang);
  const [sectionTr, themeTr] = await Promise.all([
    reportStore.listTranslations(
      store.db,
      'plan_sections',
      sections.map((s) => s.id),
      translation,
    ),
    reportStore.listTranslations(
      store.db,
      'themes',
      themes.map((t) => t.id),
      translation,
    ),
  ]);
  const tr = (rows: typeof sectionTr, id: number, field: string) => rows.find((r) => r.entity_id === id && r.field === field)?.text ?? null;

  const texts: NarrativeText<FigurePlace>[] = [];
  const add = (ref: FigurePlace, markdown: string | null, theme: number | null, synthesis = false) => {
    const text = markdownToText(markdown);
    if (text) texts.push({ ref, text, theme, synthesis });
  };
  for (const s of sections) {
    if (s.key === 'glossary') continue;
    add({ kind: 'section', key: s.key, title: s.title, lang: s.lang, translation: false }, s.body, null);
    const title = tr(sectionTr, s.id, 'title') ?? s.title;
    add({ kind: 'section', key: s.key, title, lang: translation, translation: true }, tr(sectionTr, s.id, 'body'), null);
  }
  themes.forEach((t, i) => {
    const index = summary.rows.findIndex((r) => r.themeId === t.id);
    const place = (part: 'intro' | 'synthesis', isTranslation: boolean): FigurePlace => ({
      kind: 'theme',
      number: i + 1,
      title: isTranslation ? (tr(themeTr, t.id, 'title') ?? t.title) : t.title,
      part,
      lang: isTranslation ? translation : t.lang,
      translation: isTranslation,
    });
    add(place('intro', false), t.intro, index);
    add(place('intro', true), tr(themeTr, t.id, 'intro'), index);
    add(place('synthesis', false), t.synthesis, index, true);
    add(place('synthesis', true), tr(themeTr, t.id, 'synthesis'), index, true);
  });
  return {
    round,
    themes: summary.rows.map((r) => r.theme),
    mismatches: checkNarrativeFigures(texts, summary.total, summary.rows),
  };
}
