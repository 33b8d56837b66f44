import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { parse } from 'node-html-parser';
import { storeEvidenceFile } from '../../src/services/evidence-files.js';
import type { Store } from '../../src/storage/connect.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import * as S from '../files/samples.js';

/**
 * The security headers on answers of every kind — page, API JSON, CSV, an evidence download, the
 * errors 404, 403 and 500, a stylesheet — and no inline script, event handler or style attribute in any
 * HTML the app serves (every GET route, signed out and signed in), so the Content-Security-Policy
 * needs no 'unsafe-inline'. Headers do not depend on the database: SQLite only.
 */

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

/** What is wrong with one answer's headers (empty: nothing). */
function headerProblems(res: LightMyRequestResponse, signedIn: boolean): string[] {
  const h = res.headers;
  const problems: string[] = [];
  const csp = String(h['content-security-policy'] ?? '');
  if (!csp) problems.push('no Content-Security-Policy');
  const d = directives(csp);
  const scripts = d.get('script-src') ?? d.get('default-src') ?? [];
  if (!d.has('script-src') && !d.has('default-src')) problems.push('CSP without script-src or default-src');
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:'])
    if (scripts.includes(bad)) problems.push(`script-src allows ${bad}`);
  if (!d.has('sandbox')) {
    if ((d.get('frame-ancestors') ?? []).join(' ') !== "'none'") problems.push(`frame-ancestors ${d.get('frame-ancestors')}`);
    if ((d.get('object-src') ?? []).join(' ') !== "'none'") problems.push(`object-src ${d.get('object-src')}`);
    if (!d.has('base-uri')) problems.push('no base-uri');
  }
  if (h['x-content-type-options'] !== 'nosniff') problems.push(`x-content-type-options ${h['x-content-type-options']}`);
  if (!/^(DENY|SAMEORIGIN)$/i.test(String(h['x-frame-options']))) problems.push(`x-frame-options ${h['x-frame-options']}`);
  if (!/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/.test(String(h['referrer-policy'])))
    problems.push(`referrer-policy ${h['referrer-policy']}`);
  if (h['cross-origin-opener-policy'] !== 'same-origin') problems.push(`cross-origin-opener-policy ${h['cross-origin-opener-policy']}`);
  if (h['x-powered-by'] !== undefined) problems.push(`x-powered-by ${h['x-powered-by']}`);
  if (h.server !== undefined && /\d/.test(String(h.server))) problems.push(`server ${h.server}`);
  for (const c of ([] as string[]).concat(h['set-cookie'] ?? [])) {
    if (!/;\s*HttpOnly/i.test(c) || !/;\s*SameSite=(Lax|Strict)/i.test(c))
      problems.push(`cookie ${c.split('=')[0]} without HttpOnly and SameSite`);
  }
  // Stylesheets and icons are the same for everyone: cached whoever asks.
  if (
    signedIn &&
    !String(h['content-type']).startsWith('text/css') &&
    !String(h['content-type']).startsWith('image/') &&
    !String(h['cache-control']).includes('no-store')
  )
    problems.push(`signed in, cache-control ${h['cache-control']}`);
  return problems;
}

/** Inline script, event handlers, style attributes or elements: what a CSP without 'unsafe-inline' blocks. */
function inlineProblems(html: string): string[] {
  const root = parse(html);
  const problems: string[] = [];
  for (const s of root.querySelectorAll('script'))
    if (!s.getAttribute('src') && s.getAttribute('type') !== 'application/ld+json') problems.push(`inline <script>${s.text.slice(0, 40)}`);
  for (const el of root.querySelectorAll('*')) {
    for (const name of Object.keys(el.attributes)) {
      if (/^on/i.test(name)) problems.push(`<${el.tagName.toLowerCase()} ${name}>`);
      if (name.toLowerCase() === 'style') problems.push(`<${el.tagName.toLowerCase()} style="${el.getAttribute('style')}">`);
      if (/^(href|src|action|formaction)$/i.test(name) && /^\s*javascript:/i.test(el.getAttribute(name) ?? ''))
        problems.push(`<${el.tagName.toLowerCase()} ${name}="javascript:…">`);
    }
  }
  if (root.querySelectorAll('style').length) problems.push('<style> element');
  return problems;
}

describe('security headers on every kind of answer; no inline script or style in any page', () => {
  eachDatabase((db) => {
    if (db.kind !== 'sqlite') return;
    let app: FastifyInstance;
    let store: Store;
    let dir: string;
    let coordinator: SignedIn;
    let citizen: SignedIn;
    let ids: { plan: number; commitment: number; theme: number; evidence: number; brokenEvidence: number };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vigia-headers-'));
      process.env.FILES_DIR = dir;
      const s = await seededApp(db);
      ({ app, store } = s);
      coordinator = await signIn(app, store, { role: 'coordinator' });
      citizen = await signIn(app, store, { role: 'civil-society' });
      const ctx = { actor: 'test', at: new Date().toISOString(), context: 'headers' };
      const good = await storeEvidenceFile(store, ctx, { commitmentId: s.commitment(4), fileName: 'acta.pdf', bytes: S.pdf('acta') });
      const broken = await storeEvidenceFile(store, ctx, {
        commitmentId: s.commitment(4),
        fileName: 'perdida.pdf',
        bytes: S.pdf('perdida'),
      });
      // The bytes of one file gone from FILES_DIR: its download is a 500.
      const key = (await store.db.selectFrom('files').select('storage_key').where('id', '=', broken.fileId).executeTakeFirstOrThrow())
        .storage_key;
      unlinkSync(join(dir, key));
      ids = {
        plan: s.planId,
        commitment: s.commitment(4),
        theme: s.themeIds[0]!,
        evidence: good.evidenceId,
        brokenEvidence: broken.evidenceId,
      };
    });
    after(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a sample of every kind of answer carries the headers', async () => {
      const samples: [string, string, SignedIn | null, number][] = [
        ['HTML page', '/', null, 200],
        ["the same page again, from the anonymous visitors' cache", '/', null, 200],
        ['HTML page in English', `/en/planes/${ids.plan}`, null, 200],
        ['signed-in page', '/cuenta', citizen, 200],
        ['workspace page', `/espacio/compromisos/${ids.commitment}`, coordinator, 200],
        ['sign-in form (sets the CSRF cookie)', '/cuenta/ingresar', null, 200],
        ['API JSON', '/api/v1/plans', null, 200],
        ['signed-in API JSON', '/api/v1/workspace/session', coordinator, 200],
        ['CSV', '/datos/compromisos.csv', null, 200],
        ['Atom feed', `/planes/${ids.plan}/cambios.atom`, null, 200],
        ['evidence download', `/evidencias/${ids.evidence}/archivo`, null, 200],
        ['stylesheet', '/assets/site.css', null, 200],
        ['404 page', '/no-existe', null, 404],
        ['404 JSON', '/api/v1/plans/999999', null, 404],
        ['403 page', '/espacio', citizen, 403],
        ['500 page', `/evidencias/${ids.brokenEvidence}/archivo`, null, 500],
      ];
      const wrong: string[] = [];
      for (const [label, url, who, status] of samples) {
        const res = await app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
        if (res.statusCode !== status) wrong.push(`${label} ${url}: status ${res.statusCode}, expected ${status}`);
        for (const p of headerProblems(res, who !== null)) wrong.push(`${label} ${url}: ${p}`);
      }
      assert.deepEqual(wrong, []);
      // The download is sandboxed as a document of its own, an attachment the browser does not sniff.
      const download = await app.inject(`/evidencias/${ids.evidence}/archivo`);
      assert.match(String(download.headers['content-disposition']), /^attachment;/);
    });

    test('every GET route, signed out and signed in: the headers, and HTML without inline script, handlers or style', async () => {
      const wrong: string[] = [];
      let pages = 0;
      const concrete = (url: string) =>
        url
          .replace(/:dataset\.:format/, 'compromisos.csv')
          .replace(/:format/, 'csv')
          .replace(/\/:(\w+)/g, (_m, p: string, offset: number, whole: string) => {
            const parent = whole.slice(0, offset).split('/').pop();
            if (p === 'cid') return `/${ids.commitment}`;
            if (parent === 'planes' || parent === 'plans') return `/${ids.plan}`;
            if (parent === 'temas' || parent === 'themes') return `/${ids.theme}`;
            if (url.startsWith('/evidencias/')) return `/${ids.evidence}`;
            return `/${ids.commitment}`;
          });
      for (const rule of app.routeRules) {
        if (rule.method !== 'GET') continue;
        const url = concrete(rule.url);
        if (url === `/evidencias/${ids.brokenEvidence}/archivo`) continue;
        for (const who of [null, coordinator, citizen]) {
          const res = await app.inject({ url, headers: who ? { cookie: who.cookie } : {} });
          if (res.statusCode >= 500) wrong.push(`${url}: ${res.statusCode}`);
          for (const p of headerProblems(res, who !== null)) wrong.push(`${url}${who ? ` (${who.actor.role})` : ''}: ${p}`);
          if (String(res.headers['content-type']).startsWith('text/html')) {
            pages++;
            for (const p of inlineProblems(res.body)) wrong.push(`${url}${who ? ` (${who.actor.role})` : ''}: ${p}`);
          }
        }
      }
      assert.deepEqual([...new Set(wrong)].slice(0, 30), []);
      assert.ok(pages > 150, `${pages} HTML answers read`);
    });

    test('the checks find what they look for', () => {
      assert.deepEqual(inlineProblems('<p>ok</p><script src="/assets/x.js"></script>'), []);
      assert.equal(
        inlineProblems(
          '<script>alert(1)</script><a onclick="x()">a</a><p style="color:red">b</p><a href="javascript:x()">c</a><style>p{}</style>',
        ).length,
        5,
      );
    });
  });
});
