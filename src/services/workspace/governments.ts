import { HOLIDAY_RULES } from '../../domain/alerts.js';
import { checkFields, type FieldError, type Values } from '../../domain/input.js';
import {
  checkCountryCode,
  checkEachLanguage,
  CONTENT_LANGS,
  GOVERNMENT_RULES,
  inLang,
  isOn,
  languagesOf,
  type ContentLang,
} from '../../domain/plan-input.js';
import type { Actor } from '../../domain/roles.js';
import type { GovernmentKind } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import * as alertStore from '../../storage/alerts.js';
import type { Store } from '../../storage/connect.js';
import * as setupStore from '../../storage/plan-setup.js';
import { findGovernment } from '../../storage/plans.js';
import type { Row } from '../../storage/schema.js';
import { AuditedWriter } from '../../storage/writer.js';
import type { SaveResult } from './commitments.js';
import { authorize, writeContext, writeTransaction } from './context.js';
import { writeTranslations } from './translations.js';

/**
 * Governments as the admin keeps them (issue 19): a name in each of its languages (the main one in the
 * row, the other in `translations`), national or local, its country, its languages and its holidays —
 * which the alerts' working days count. Each operation asks the policy first (manage:governments).
 */
export interface GovernmentView {
  id: number;
  /** Its name in each of its languages (null where none is written yet). */
  names: Partial<Record<ContentLang, string>>;
  name: string;
  kind: GovernmentKind;
  countryCode: string | null;
  languages: ContentLang[];
  /** Its languages as stored, a code Vigía does not write in shown as it is. */
  languagesAsStored: string[];
  holidays: { id: number; date: string; name: string }[];
  /** The person who submitted an assessment may approve it too (small teams; decision 039). */
  allowSelfApproval: boolean;
  plans: { id: number; title: string; status: string }[];
}

const fail = (errors: FieldError[]) => ({ ok: false as const, errors });

async function views(store: Store, rows: Row<'governments'>[]): Promise<GovernmentView[]> {
  const translations = await setupStore.translationsOf(
    store.db,
    'governments',
    rows.map((g) => g.id),
  );
  return Promise.all(
    rows.map(async (g) => {
      const names: Partial<Record<ContentLang, string>> = {};
      for (const t of translations) if (t.entity_id === g.id && t.field === 'name') names[t.lang as ContentLang] = t.text;
      names[languagesOf(g)[0]!] = g.name;
      const [holidays, plans] = await Promise.all([alertStore.listHolidays(store.db, g.id), setupStore.plansOfGovernment(store.db, g.id)]);
      return {
        id: g.id,
        names,
        name: g.name,
        kind: g.kind as GovernmentKind,
        countryCode: g.country_code,
        languages: languagesOf(g),
        languagesAsStored: (g.languages || g.lang).split(','),
        holidays: holidays.map((h) => ({ id: h.id, date: h.date, name: h.name })),
        allowSelfApproval: g.allow_self_approval === 1,
        plans: plans.map((p) => ({ id: p.id, title: p.title, status: p.status })),
      };
    }),
  );
}

export async function listGovernments(store: Store, actor: Actor | null): Promise<GovernmentView[]> {
  authorize(actor, 'manage:governments', {});
  return views(store, await setupStore.listGovernmentRows(store.db));
}

async function loadGovernment(store: Store, id: number) {
  const g = await findGovernment(store.db, id);
  if (!g) throw new AppError('not_found', { entity: 'government', id });
  return g;
}

export async function getGovernment(store: Store, actor: Actor | null, id: number): Promise<GovernmentView> {
  authorize(actor, 'manage:governments', {});
  return (await views(store, [await loadGovernment(store, id)]))[0]!;
}

/** The form's values for a government as stored: what its edit form starts from. */
export function governmentValues(g: GovernmentView): Values {
  return {
    governmentNameEs: g.names.es ?? null,
    governmentNameEn: g.names.en ?? null,
    governmentKind: g.kind,
    countryCode: g.countryCode,
    languages: g.languages.join(','),
    allowSelfApproval: g.allowSelfApproval ? 'on' : '',
  };
}

/** The fields checked: a name in each language chosen, a country code of two letters, a name no other government has. */
async function checked(store: Store, input: Record<string, unknown>, exceptId: number | null) {
  const c = checkCountryCode(checkFields(input, GOVERNMENT_RULES));
  const langs = typeof c.values.languages === 'string' ? languagesOf({ lang: c.values.languages }) : [];
  checkEachLanguage(c, 'governmentName', langs);
  const main = langs[0];
  const name = main ? c.values[inLang('governmentName', main)] : null;
  if (typeof name === 'string' && (await setupStore.governmentNamed(store.db, name, exceptId)))
    c.errors.push({ field: inLang('governmentName', main!), code: 'name_taken' });
  return { c, langs, name: name as string };
}

const row = (v: Values, langs: ContentLang[], name: string) => ({
  name,
  kind: v.governmentKind as string,
  country_code: typeof v.countryCode === 'string' ? v.countryCode : null,
  lang: langs[0]!,
  languages: langs.join(','),
  ...(v.allowSelfApproval === undefined ? {} : { allow_self_approval: isOn(v.allowSelfApproval) ? 1 : 0 }),
});

/** The names in the languages other than the main one: its translations (a language dropped loses its name). */
const otherNames = (v: Values, langs: ContentLang[]) =>
  Object.fromEntries(
    CONTENT_LANGS.filter((l) => l !== langs[0]).map((l) => [
      l,
      langs.includes(l) ? ((v[inLang('governmentName', l)] as string | null) ?? null) : null,
    ]),
  );

export async function createGovernment(
  store: Store,
  actor: Actor | null,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  authorize(actor, 'manage:governments', {});
  const { c, langs, name } = await checked(store, input, null);
  if (c.errors.length > 0) return fail(c.errors);
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `admin: create government ${name}`, now));
    const id = await w.insert('governments', row(c.values, langs, name));
    await writeTranslations(w, 'governments', id, 'name', otherNames(c.values, langs));
    return { ok: true as const, id };
  });
}

export async function updateGovernment(
  store: Store,
  actor: Actor | null,
  id: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  authorize(actor, 'manage:governments', {});
  await loadGovernment(store, id);
  const { c, langs, name } = await checked(store, input, id);
  if (c.errors.length > 0) return fail(c.errors);
  return writeTransaction(store, async (trx) => {
    const current = (await findGovernment(trx, id))!;
    const w = new AuditedWriter(trx, writeContext(actor, `admin: edit government ${id}`, now));
    await w.update('governments', current, row(c.values, langs, name));
    await writeTranslations(w, 'governments', id, 'name', otherNames(c.values, langs));
    return { ok: true as const, id };
  });
}

/** A holiday of the government (a date already listed is refused on the date field). */
export async function addGovernmentHoliday(
  store: Store,
  actor: Actor | null,
  governmentId: number,
  input: Record<string, unknown>,
  now: string,
): Promise<SaveResult> {
  authorize(actor, 'manage:governments', {});
  await loadGovernment(store, governmentId);
  const c = checkFields(input, HOLIDAY_RULES);
  const date = c.values.holidayDate;
  if (typeof date === 'string' && (await alertStore.listHolidays(store.db, governmentId)).some((h) => h.date === date))
    c.errors.push({ field: 'holidayDate', code: 'invalid_choice', param: `listed:${date}` });
  if (c.errors.length > 0) return fail(c.errors);
  return writeTransaction(store, async (trx) => {
    const w = new AuditedWriter(trx, writeContext(actor, `admin: add holiday ${String(date)} to government ${governmentId}`, now));
    const id = await w.insert('holidays', { government_id: governmentId, date: date as string, name: c.values.holidayName as string });
    return { ok: true as const, id };
  });
}

export async function removeGovernmentHoliday(
  store: Store,
  actor: Actor | null,
  governmentId: number,
  holidayId: number,
  now: string,
): Promise<SaveResult> {
  authorize(actor, 'manage:governments', {});
  const h = await alertStore.findHoliday(store.db, holidayId);
  if (!h || h.government_id !== governmentId) throw new AppError('not_found', { entity: 'holiday', id: holidayId });
  await writeTransaction(store, (trx) =>
    new AuditedWriter(trx, writeContext(actor, `admin: remove holiday ${h.date} of government ${governmentId}`, now)).remove('holidays', h),
  );
  return { ok: true };
}
