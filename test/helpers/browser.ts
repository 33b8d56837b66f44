import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core. scripts/test.js finds it (VIGIA_TEST_CHROMIUM) or says
 * why not (VIGIA_TEST_CHROMIUM_SKIP); without it the browser tests are skipped — a failure under CI=true.
 */
export function chromiumUnavailable(): string | null {
  if (process.env.VIGIA_TEST_CHROMIUM) return null;
  return process.env.VIGIA_TEST_CHROMIUM_SKIP ?? 'VIGIA_TEST_CHROMIUM is not set: run the suite with `npm test`';
}

/** Registers a placeholder test that skips (or, under CI=true, fails) when there is no browser. Returns true when there is one. */
export function requireChromium(): boolean {
  const reason = chromiumUnavailable();
  if (!reason) return true;
  if (process.env.CI === 'true')
    test('Chromium is available', () => assert.fail(`browser tests cannot run, and CI=true makes that a failure: ${reason}`));
  else test('in Chromium', { skip: reason }, () => undefined);
  return false;
}

/** How every browser test starts: the app listening on a free port of 127.0.0.1, and Chromium. */
export async function serveInChromium(app: FastifyInstance): Promise<{ base: string; browser: Browser }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, browser: await launchChromium() };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.VIGIA_TEST_CHROMIUM!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Runs axe-core on the page (the context must bypass CSP: axe is injected inline) and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
    }));
  });
}

/** A new browser context signed in through the sign-in form, as a person does (bypassCSP: axe is injected later). */
export async function signedInContext(
  browser: Browser,
  base: string,
  credentials: { email: string; password: string },
  lang: 'es' | 'en' = 'es',
) {
  const context = await browser.newContext({ bypassCSP: true, locale: lang === 'es' ? 'es-PE' : 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${base}${lang === 'en' ? '/en' : ''}/cuenta/ingresar`);
  await page.fill('#email', credentials.email);
  await page.fill('#password', credentials.password);
  await page.click('main button[type="submit"]');
  assert.match(new URL(page.url()).pathname, /\/cuenta$/, 'signed in, on the account page');
  return { context, page };
}

/** The page as it is now has one h1 and no axe violation; `checked` collects the names of the states checked. */
export async function assertAccessible(page: Page, name: string, checked?: string[]): Promise<void> {
  assert.equal(await page.locator('h1').count(), 1, `${name}: one h1`);
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${name}: ${JSON.stringify(violations, null, 1).slice(0, 3000)}`);
  checked?.push(name);
}
