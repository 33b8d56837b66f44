import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
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
  if (process.env.CI === 'true') test('Chromium is available', () => assert.fail(`browser tests cannot run, and CI=true makes that a failure: ${reason}`));
  else test('in Chromium', { skip: reason }, () => undefined);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.VIGIA_TEST_CHROMIUM!,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
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
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
  });
}
