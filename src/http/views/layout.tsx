import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { messages, type Lang } from '../../i18n/index.js';

/** The page frame every public page shares: language, skip link, header with the language switch, footer. */
export interface PageProps {
  lang: Lang;
  title: string;
  /** The same page's path in the other language. */
  alternatePath: string;
  children: ComponentChildren;
}

export function Layout({ lang, title, alternatePath, children }: PageProps) {
  const m = messages(lang).web;
  const other: Lang = lang === 'es' ? 'en' : 'es';
  const home = lang === 'es' ? '/' : '/en';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${m.siteName}`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" hreflang={other} href={alternatePath} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {m.skipToContent}
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href={home}>
              {m.siteName}
            </a>
            <span class="tagline">{m.tagline}</span>
            <a class="lang-switch" href={alternatePath} hreflang={other} lang={other} aria-label={m.languageSwitchLabel}>
              {m.languageSwitch}
            </a>
          </div>
        </header>
        <main id="main" class="wrap">
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{m.footer}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(page: preact.VNode): string {
  return `<!DOCTYPE html>${render(page)}`;
}
