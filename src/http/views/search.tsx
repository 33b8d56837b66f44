import { LEVELS, levelLabel } from '../../domain/levels.js';
import { formatNumber, messages, type Lang } from '../../i18n/index.js';
import { searchScaleMessages } from '../../i18n/search-scale.js';
import type { FilterOptions } from '../../services/plans.js';
import type { SearchResult, Segment } from '../../services/search.js';
import { LevelBadge, roundName } from './components.js';
import { href } from './format.js';
import { Layout, type PageContext } from './layout.js';

/** URL names of the search filters: they stay in the URL, so a search can be shared. */
export const SEARCH_PARAMS = {
  plan: 'plan',
  theme: 'tema',
  agency: 'entidad',
  level: 'nivel',
  round: 'ronda',
  government: 'gobierno',
  page: 'pagina',
} as const;

export interface SearchPageProps {
  ctx: PageContext;
  result: SearchResult | null;
  options: FilterOptions;
  /** The values as typed, for the form (and for an error). */
  values: Record<string, string>;
  /** The field whose value was refused, if any. */
  error: { field: string; value: string } | null;
}

function Highlighted({ segments }: { segments: Segment[] }) {
  return <>{segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>;
}

function pageHref(lang: Lang, values: Record<string, string>, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v && k !== SEARCH_PARAMS.page) params.set(k, v);
  if (page > 1) params.set(SEARCH_PARAMS.page, String(page));
  return `${href(lang, '/buscar')}?${params.toString()}`;
}

export function SearchPage({ ctx, result, options, values, error }: SearchPageProps) {
  const { lang } = ctx;
  const m = messages(lang);
  const w = m.web;
  const s = w.search;
  const sc = searchScaleMessages[lang];
  const fieldLabel: Record<string, string> = {
    government: sc.government,
    plan: w.plan,
    theme: s.theme,
    agency: w.agency,
    level: w.level,
    round: w.roundLabel,
    page: s.page,
    perPage: s.page,
  };
  const title = result?.query ? s.titleFor(result.query) : s.title;
  // The filters that have a control on the page (theme and round only once a plan is known).
  // Past FILTER_OPTIONS_MAX plans, a government comes first: plans and agencies are then its own.
  const byGovernment = options.governments.length > 0;
  const showPlans = !byGovernment || options.plans.length > 0;
  const showAgencies = !byGovernment || options.agencies.length > 0;
  const shown = new Set([
    ...(byGovernment ? ['government'] : []),
    ...(showPlans ? ['plan'] : []),
    ...(showAgencies ? ['agency'] : []),
    'level',
    ...(options.themes.length > 0 ? ['theme'] : []),
    ...(options.rounds.length > 0 ? ['round'] : []),
  ]);
  return (
    <Layout ctx={{ ...ctx, query: result?.query ?? values.q ?? '' }} title={title}>
      <h1>{s.title}</h1>
      {error && (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <h2 id="error-summary-title">{s.errorTitle}</h2>
          <ul>
            <li>
              <a href={shown.has(error.field) ? `#f-${error.field}` : '#q'}>
                {s.badValue(fieldLabel[error.field] ?? error.field, error.value)}
              </a>
            </li>
          </ul>
        </div>
      )}
      <form class="search-form" method="get" action={href(lang, '/buscar')}>
        <div class="field">
          <label for="q">{s.queryLabel}</label>
          <p class="hint" id="q-hint">
            {s.queryHint}
          </p>
          <input id="q" type="search" name="q" value={values.q ?? ''} maxLength={5000} aria-describedby="q-hint" />
        </div>
        <fieldset>
          <legend>{s.filters}</legend>
          <div class="filters">
            {byGovernment && (
              <Select
                id="government"
                name={SEARCH_PARAMS.government}
                label={sc.government}
                value={values[SEARCH_PARAMS.government]}
                any={s.any}
                error={error?.field === 'government'}
              >
                {options.governments.map((g) => (
                  <option value={String(g.id)} selected={values[SEARCH_PARAMS.government] === String(g.id)} key={g.id}>
                    {g.name}
                  </option>
                ))}
              </Select>
            )}
            {showPlans && (
              <Select
                id="plan"
                name={SEARCH_PARAMS.plan}
                label={w.plan}
                value={values[SEARCH_PARAMS.plan]}
                any={s.any}
                error={error?.field === 'plan'}
              >
                {options.plans.map((p) => (
                  <option value={String(p.id)} selected={values[SEARCH_PARAMS.plan] === String(p.id)} key={p.id}>
                    {p.government} — {p.title}
                  </option>
                ))}
              </Select>
            )}
            {options.themes.length > 0 && (
              <Select
                id="theme"
                name={SEARCH_PARAMS.theme}
                label={s.theme}
                value={values[SEARCH_PARAMS.theme]}
                any={s.any}
                error={error?.field === 'theme'}
              >
                {options.themes.map((t) => (
                  <option value={String(t.id)} selected={values[SEARCH_PARAMS.theme] === String(t.id)} key={t.id}>
                    {t.title}
                  </option>
                ))}
              </Select>
            )}
            {showAgencies && (
              <Select
                id="agency"
                name={SEARCH_PARAMS.agency}
                label={w.agency}
                value={values[SEARCH_PARAMS.agency]}
                any={s.any}
                error={error?.field === 'agency'}
              >
                {options.agencies.map((a) => (
                  <option value={String(a.id)} selected={values[SEARCH_PARAMS.agency] === String(a.id)} key={a.id}>
                    {a.acronym ? `${a.name} (${a.acronym})` : a.name}
                  </option>
                ))}
              </Select>
            )}
            <Select
              id="level"
              name={SEARCH_PARAMS.level}
              label={w.level}
              value={values[SEARCH_PARAMS.level]}
              any={s.any}
              error={error?.field === 'level'}
            >
              {LEVELS.map((l) => (
                <option value={l} selected={values[SEARCH_PARAMS.level] === l} key={l}>
                  {levelLabel(l, lang)}
                </option>
              ))}
            </Select>
            {options.rounds.length > 0 && (
              <Select
                id="round"
                name={SEARCH_PARAMS.round}
                label={w.roundLabel}
                value={values[SEARCH_PARAMS.round]}
                any={s.latestRound}
                error={error?.field === 'round'}
              >
                {options.rounds.map((r) => (
                  <option value={String(r.id)} selected={values[SEARCH_PARAMS.round] === String(r.id)} key={r.id}>
                    {roundName(r, lang)}
                  </option>
                ))}
              </Select>
            )}
          </div>
          {byGovernment && !(showPlans && showAgencies) ? (
            <p class="hint">{sc.governmentFirst}</p>
          ) : (
            options.themes.length === 0 && <p class="hint">{s.planFirst}</p>
          )}
        </fieldset>
        <button type="submit">{w.searchButton}</button>
      </form>

      {result && (
        <section aria-labelledby="results-title" class="results">
          <h2 id="results-title">
            {result.problem === 'empty'
              ? s.emptyTitle
              : result.more
                ? sc.moreThan(formatNumber(result.total, lang, 0))
                : s.count(result.total)}
          </h2>
          {result.more && <p class="notice">{sc.moreHelp(formatNumber(result.total, lang, 0))}</p>}
          {result.problem === 'empty' && <p>{s.emptyHelp}</p>}
          {result.problem === 'too-long' && <p class="notice">{s.tooLong(result.query)}</p>}
          {result.problem !== 'empty' && result.total === 0 && <p>{s.noResults}</p>}
          <ol class="hits" start={(result.page - 1) * result.perPage + 1}>
            {result.results.map((h) => (
              <li key={`${h.kind}-${h.id}`}>
                <h3>
                  <a href={href(lang, `/compromisos/${h.commitmentId}`) + (h.kind === 'activity' ? `#actividad-${h.activityNumber}` : '')}>
                    <Highlighted segments={h.titleSegments} />
                  </a>
                </h3>
                <p class="hit-meta">
                  {h.kind === 'activity' ? s.activityOf(h.commitmentNumber) : w.commitment} · {h.plan.title} · {h.theme.title} ·{' '}
                  <LevelBadge level={h.level} lang={lang} />
                </p>
                {h.snippetSegments.length > 0 && (
                  <p class="snippet">
                    <Highlighted segments={h.snippetSegments} />
                  </p>
                )}
              </li>
            ))}
          </ol>
          {(result.pageCount > 1 || result.page > 1) && (
            <nav class="pager" aria-label={s.pages}>
              {result.page > 1 && (
                <a href={pageHref(lang, values, Math.min(result.page - 1, Math.max(result.pageCount, 1)))} rel="prev">
                  {s.previous}
                </a>
              )}
              <span>{s.pageOf(result.page, Math.max(result.pageCount, 1))}</span>
              {result.page < result.pageCount && (
                <a href={pageHref(lang, values, result.page + 1)} rel="next">
                  {s.next}
                </a>
              )}
            </nav>
          )}
        </section>
      )}
    </Layout>
  );
}

function Select(props: {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  any: string;
  error: boolean;
  children: preact.ComponentChildren;
}) {
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <label for={`f-${props.id}`}>{props.label}</label>
      <select id={`f-${props.id}`} name={props.name} aria-invalid={props.error ? 'true' : undefined}>
        <option value="" selected={!props.value}>
          {props.any}
        </option>
        {props.children}
      </select>
    </div>
  );
}
