import { WORKSPACE_ROLES } from '../../domain/permissions.js';
import { accountMessages } from '../../i18n/accounts.js';
import { workspaceMessages } from '../../i18n/workspace.js';
import type { Actor } from '../../domain/roles.js';
import { AccountNav } from './account-nav.js';
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { messages, type Lang } from '../../i18n/index.js';
import { href } from './format.js';

/** What every page knows about its request: its language, its path without the language, the site's address. */
export interface PageContext {
  lang: Lang;
  /** The path without the /en prefix and without the query, e.g. "/planes/1". */
  path: string;
  /** "https://vigia.example.org", for canonical and Open Graph URLs. */
  baseUrl: string;
  /** The query string of the request ("?q=datos"), kept when the visitor switches language. */
  search?: string;
  /** The search query, shown again in the header's box. */
  query?: string;
  /** The signed-in person (and a token for the sign-out form); null or absent for a visitor. */
  account?: AccountState | null;
}

/** What the header shows: the signed-in person and a token for the sign-out form; null for a visitor. */
export interface AccountState {
  actor: Actor;
  csrf: string;
}

export interface PageProps {
  ctx: PageContext;
  title: string;
  /** One sentence for search engines and link previews. */
  description?: string;
  /** The page shows what was wrong with what was sent: its title says so first (the one rule for all forms). */
  failed?: boolean;
  children: ComponentChildren;
}

/** The frame every public page shares: language, skip link, header with search and language switch, footer. */
export function Layout({ ctx, title, description, failed, children }: PageProps) {
  const { lang, path, baseUrl } = ctx;
  const m = messages(lang).web;
  const other: Lang = lang === 'es' ? 'en' : 'es';
  const canonical = baseUrl + href(lang, path);
  const fullTitle = `${failed ? `${accountMessages[lang].errorPrefix} ` : ''}${title} · ${m.siteName}`;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {description && <meta name="description" content={description} />}
        <link rel="canonical" href={canonical} />
        <link rel="alternate" hreflang={lang} href={canonical} />
        <link rel="alternate" hreflang={other} href={baseUrl + href(other, path)} />
        <meta property="og:type" content="website" />
        <meta property="og:site_name" content={m.siteName} />
        <meta property="og:title" content={title} />
        {description && <meta property="og:description" content={description} />}
        <meta property="og:url" content={canonical} />
        <meta property="og:locale" content={lang === 'es' ? 'es_PE' : 'en_GB'} />
        <meta name="twitter:card" content="summary" />
        <meta name="twitter:title" content={title} />
        {description && <meta name="twitter:description" content={description} />}
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {m.skipToContent}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href={href(lang, '/')}>
              {m.siteName}
            </a>
            <span class="tagline">{m.tagline}</span>
            <a
              class="lang-switch"
              href={`${href(other, path)}${ctx.search ? `${ctx.search}&` : '?'}lang=${other}`}
              hreflang={other}
              lang={other}
            >
              {m.languageSwitch}
            </a>
            <AccountNav lang={lang} path={path + (ctx.search ?? '')} account={ctx.account ?? null} />
          </div>
          <div class="wrap header-row">
            <nav aria-label={m.mainNav}>
              <ul class="nav">
                <li>
                  <a href={href(lang, '/')}>{m.navHome}</a>
                </li>
                <li>
                  <a href={href(lang, '/entidades')}>{m.navAgencies}</a>
                </li>
                <li>
                  <a href={href(lang, '/datos')}>{m.navOpenData}</a>
                </li>
                <li>
                  <a href={href(lang, '/api/docs')}>{m.navApi}</a>
                </li>
                {ctx.account && WORKSPACE_ROLES.includes(ctx.account.actor.role) && (
                  <li>
                    <a href={href(lang, '/espacio')}>{workspaceMessages[lang].title}</a>
                  </li>
                )}
              </ul>
            </nav>
            <form class="search-box" role="search" action={href(lang, '/buscar')} method="get">
              <label for="q-header" class="visually-hidden">
                {m.searchLabel}
              </label>
              <input id="q-header" type="search" name="q" value={ctx.query ?? ''} maxLength={200} autocomplete="off" />
              <button type="submit">{m.searchButton}</button>
            </form>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{m.footer}</p>
            <p>
              <a href={href(lang, '/datos')}>{m.navOpenData}</a> · <a href={href(lang, '/api/docs')}>{m.navApi}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(page: preact.VNode): string {
  return `<!DOCTYPE html>${render(page)}`;
}
