import { Fragment } from 'preact';
import { Markdown } from './components.js';

const FICHA_TEXTS = ['problem', 'objective', 'description', 'relevance', 'ambition'] as const;
type FichaText = (typeof FICHA_TEXTS)[number];

/** The ficha's five texts as <dt>/<dd> pairs (a dash when empty): the commitment page and a plan draft under consultation. */
export function FichaTexts({
  c,
  label,
  id,
  textLang,
  langs = {},
}: {
  c: Record<FichaText, string | null>;
  label: (field: FichaText) => string;
  id: string;
  textLang: string;
  /** A text shown in another language than `textLang` (its translation, in the reader's). */
  langs?: Partial<Record<FichaText, string>>;
}) {
  return (
    <>
      {FICHA_TEXTS.map((field) => (
        <Fragment key={field}>
          <dt>{label(field)}</dt>
          <dd>{c[field] ? <Markdown text={c[field]} id={`${id}-${field}`} textLang={langs[field] ?? textLang} /> : '—'}</dd>
        </Fragment>
      ))}
    </>
  );
}
