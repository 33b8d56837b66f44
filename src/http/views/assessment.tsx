import type { Level } from '../../domain/levels.js';
import { messages, type Lang } from '../../i18n/index.js';
import { LevelBadge, Markdown } from './components.js';

/**
 * An assessment's entries in a ficha (a `<dl class="ficha">`): the completion level with the round
 * it belongs to, the results, the reasons and the next steps. The commitment page shows the latest
 * published round's; a consultation's page the draft under consultation.
 */
export function AssessmentEntries({
  a,
  lang,
  roundLabel,
  id,
  textLang,
}: {
  a: { level: Level | null; results: string | null; reasons: string | null; nextSteps: string | null };
  lang: Lang;
  roundLabel: string;
  id: string;
  textLang: string;
}) {
  const m = messages(lang);
  return (
    <>
      <dt>{m.fields.completion}</dt>
      <dd>
        <LevelBadge level={a.level} lang={lang} /> <span class="muted">{roundLabel}</span>
      </dd>
      <dt>{m.fields.results}</dt>
      <dd>{a.results ? <Markdown text={a.results} id={`${id}-results`} textLang={textLang} /> : '—'}</dd>
      {a.reasons && (
        <>
          <dt>{m.web.reasons}</dt>
          <dd>
            <Markdown text={a.reasons} id={`${id}-reasons`} textLang={textLang} />
          </dd>
        </>
      )}
      {a.nextSteps && (
        <>
          <dt>{m.fields.nextSteps}</dt>
          <dd>
            <Markdown text={a.nextSteps} id={`${id}-next`} textLang={textLang} />
          </dd>
        </>
      )}
    </>
  );
}
