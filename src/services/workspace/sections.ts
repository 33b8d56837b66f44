import { checkFields, expectedVersion, type FieldRule, type Values } from '../../domain/input.js';
import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import type { Lang } from '../../i18n/lang.js';
import { reportMessages } from '../../i18n/report.js';
import type { Store } from '../../storage/connect.js';
import * as planStore from '../../storage/plans.js';
import * as reportStore from '../../storage/report.js';
import type { Row } from '../../storage/schema.js';
import * as workspaceStore from '../../storage/workspace.js';
import { AuditedWriter } from '../../storage/writer.js';
import { authorize, writeContext, writeTransaction } from './context.js';
import type { SaveResult } from './commitments.js';

/**
 * The report's narrative sections, edited by the plan's coordinators: the plan_sections rows an import
 * keeps (so a plan imported from the seed has its texts already), version-checked like commitments,
 * with the English text in `translations`. A section the plan does not have yet is created on its first save.
 */
/** The sections every report has (the seed's), in its order; the report fills a missing one with its template title. */
export const SECTION_KEYS = ['glossary', 'background', 'process', 'irm', 'implementation', 'conclusions'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
const isSectionKey = (v: unknown): v is SectionKey => typeof v === 'string' && (SECTION_KEYS as readonly string[]).includes(v);

const LONG = 50_000;
export const SECTION_RULES: Record<string, FieldRule> = {
  sectionTitle: { type: 'text', required: true, max: 300 },
  sectionBody: { type: 'text', max: LONG, multiline: true },
  sectionTitleEn: { type: 'text', max: 300 },
  sectionBodyEn: { type: 'text', max: LONG, multiline: true },
};

export interface EditableSection {
  key: SectionKey;
  /** 0 while the plan has no such section (the first save creates it). */
  version: number;
  values: Values;
}

async function planSubject(store: Store, planId: number) {
  const plan = await planStore.findPlan(store.db, planId);
  if (!plan) throw new AppError('not_found', { entity: 'plan', id: planId });
  return { plan, subject: { governmentId: plan.government_id } };
}

/**
 * The plan's own language (an OGP-imported plan is in English) and the one its translation is in: the
 * fields sectionTitleEn / sectionBodyEn hold the translation, whichever language that is.
 */
export function sectionLangs(planLang: string): { original: Lang; translation: Lang } {
  return planLang === 'en' ? { original: 'en', translation: 'es' } : { original: 'es', translation: 'en' };
}

async function sectionValues(db: Store['db'], planLang: string, key: SectionKey, row: Row<'plan_sections'> | undefined): Promise<Values> {
  const { original, translation } = sectionLangs(planLang);
  const tr = async (field: string) =>
    row ? ((await reportStore.findTranslation(db, 'plan_sections', row.id, field, translation))?.text ?? null) : null;
  return {
    sectionTitle: row?.title || reportMessages(original).sectionTitles[key]!,
    sectionBody: row?.body || null,
    sectionTitleEn: await tr('title'),
    sectionBodyEn: await tr('body'),
  };
}

export async function getReportSections(
  store: Store,
  actor: Actor | null,
  planId: number,
): Promise<{ planId: number; planTitle: string; planLang: string; sections: EditableSection[] }> {
  const { plan, subject } = await planSubject(store, planId);
  authorize(actor, 'manage:plan', subject);
  const sections: EditableSection[] = [];
  for (const key of SECTION_KEYS) {
    const row = await reportStore.findSection(store.db, planId, key);
    sections.push({ key, version: row?.version ?? 0, values: await sectionValues(store.db, plan.lang, key, row) });
  }
  return { planId, planTitle: plan.title, planLang: plan.lang, sections };
}

export async function saveReportSection(
  store: Store,
  actor: Actor | null,
  planId: number,
  key: string,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  const { plan, subject } = await planSubject(store, planId);
  authorize(actor, 'manage:plan', subject);
  if (!isSectionKey(key)) throw new AppError('not_found', { entity: 'section', id: key.slice(0, 40) });
  const existing = await reportStore.findSection(store.db, planId, key);
  // Fields left out keep what they had (the API may send only what changes; the form sends them all).
  const checked = checkFields(input, SECTION_RULES, { partial: true });
  const version = expectedVersion(input);
  if (existing && version === null) checked.errors.push({ field: 'version', code: 'required' });
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors };
  const v = checked.values;

  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `edit report section ${key}`, now)).forPlan(planId);
    let row = await reportStore.findSection(trx, planId, key);
    if (row) {
      if (!existing || !(await workspaceStore.claimVersion(trx, 'plan_sections', row.id, version!))) {
        const current = (await reportStore.findSection(trx, planId, key))!;
        return {
          ok: false as const,
          conflict: { theirs: await sectionValues(trx, plan.lang, key, current), mine: v, version: current.version },
        };
      }
      row = (await reportStore.findSection(trx, planId, key))!;
      const values: { title?: string; body?: string } = {};
      if (v.sectionTitle !== undefined) values.title = String(v.sectionTitle);
      if (v.sectionBody !== undefined) values.body = (v.sectionBody as string | null) ?? '';
      await w.update('plan_sections', row, values);
    } else {
      const position = (await reportStore.maxSectionPosition(trx, planId)) + 1;
      const id = await w.insert('plan_sections', {
        plan_id: planId,
        position,
        key,
        title: String(v.sectionTitle ?? reportMessages(sectionLangs(plan.lang).original).sectionTitles[key]),
        body: (v.sectionBody as string | null) ?? '',
        lang: plan.lang,
      });
      row = (await reportStore.findSection(trx, planId, key))!;
      if (row.id !== id) throw new Error('section lookup');
    }
    const { translation } = sectionLangs(plan.lang);
    for (const [field, name] of [
      ['title', 'sectionTitleEn'],
      ['body', 'sectionBodyEn'],
    ] as const) {
      if (v[name] === undefined) continue;
      const text = (v[name] as string | null) ?? '';
      const current = await reportStore.findTranslation(trx, 'plan_sections', row.id, field, translation);
      if (text === '' && current) await w.remove('translations', current);
      else if (text !== '' && current) await w.update('translations', current, { text });
      else if (text !== '') await w.insert('translations', { entity: 'plan_sections', entity_id: row.id, field, lang: translation, text });
    }
    return { ok: true as const, version: row.version };
  });
}
