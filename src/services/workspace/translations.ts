import { TEXT_COLUMNS, TEXT_FIELDS, translationField } from '../../domain/commitment-input.js';
import type { Values } from '../../domain/input.js';
import type { Store } from '../../storage/connect.js';
import { findTranslation, listTranslations, listTranslationsOf } from '../../storage/report.js';
import type { AuditedWriter } from '../../storage/writer.js';

/**
 * A row's texts in its other languages (a government's name, a plan's, a theme's or a commitment's
 * texts): each language's text written, changed, or — when null — removed, each an audited write.
 */
export async function writeTranslations(
  w: AuditedWriter,
  entity: 'governments' | 'plans' | 'themes' | 'commitments',
  id: number,
  field: string,
  texts: Record<string, string | null>,
): Promise<void> {
  for (const [lang, text] of Object.entries(texts)) {
    const current = await findTranslation(w.db, entity, id, field, lang);
    if (text === null && current) await w.remove('translations', current);
    else if (text !== null && current) await w.update('translations', current, { text });
    else if (text !== null) await w.insert('translations', { entity, entity_id: id, field, lang, text });
  }
}

/** A row's translations go with it. */
export async function removeTranslations(w: AuditedWriter, entity: 'themes', id: number): Promise<void> {
  for (const t of await listTranslationsOf(w.db, entity, id)) await w.remove('translations', t);
}

/** A commitment's texts in `lang` as its forms send them (titleTranslation…; null where none is written). */
export async function commitmentTranslations(db: Store['db'], commitmentId: number, lang: string): Promise<Values> {
  const rows = await listTranslations(db, 'commitments', [commitmentId], lang);
  return Object.fromEntries(TEXT_FIELDS.map((f) => [translationField(f), rows.find((t) => t.field === TEXT_COLUMNS[f])?.text ?? null]));
}

/** The texts in `lang` among `values` (only those sent: a partial save leaves the others as they are). */
export async function writeCommitmentTranslations(w: AuditedWriter, commitmentId: number, lang: string, values: Values): Promise<void> {
  for (const f of TEXT_FIELDS) {
    const key = translationField(f);
    if (!(key in values)) continue;
    const text = (values[key] as string | null | undefined) ?? null;
    await writeTranslations(w, 'commitments', commitmentId, TEXT_COLUMNS[f], { [lang]: text });
  }
}
