import { findTranslation, listTranslationsOf } from '../../storage/report.js';
import type { AuditedWriter } from '../../storage/writer.js';

/**
 * A row's texts in its other languages (a government's name, a plan's or a theme's title): each
 * language's text written, changed, or — when null — removed, each an audited write.
 */
export async function writeTranslations(
  w: AuditedWriter,
  entity: 'governments' | 'plans' | 'themes',
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
