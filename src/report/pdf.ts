import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type * as Playwright from 'playwright-core';

/**
 * The PDF is the HTML print view printed by Chromium (playwright-core drives it). Where no Chromium
 * is installed — or playwright-core is not — there is no PDF, and the caller says so in words.
 */
export class PdfUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Another PDF is being printed and the wait for it ran out: the caller may try again in `retryAfter` seconds. */
export class PdfBusy extends Error {
  constructor(readonly retryAfter: number) {
    super('pdf busy');
  }
}

/**
 * One Chromium at a time (each takes a few hundred MB and a core): a single slot, handed from one
 * caller to the next in order. A caller that would wait longer than `waitMs` gets PdfBusy instead.
 */
let slotTaken = false;
const waiting: (() => void)[] = [];

export async function withPdfSlot<T>(fn: () => Promise<T>, waitMs = 5_000): Promise<T> {
  if (slotTaken) {
    const got = await new Promise<boolean>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(wake), 1);
        resolve(false);
      }, waitMs);
      waiting.push(wake);
    });
    if (!got) throw new PdfBusy(Math.max(1, Math.ceil(waitMs / 1000)));
  }
  slotTaken = true;
  try {
    return await fn();
  } finally {
    // The slot goes straight to the next in line, or is free.
    const next = waiting.shift();
    if (next) next();
    else slotTaken = false;
  }
}

/** CHROMIUM_PATH, else a chromium on PATH, else Debian's /usr/bin/chromium; null when none is. */
export function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
}

export async function htmlToPdf(html: string, lang: string): Promise<Buffer> {
  const executablePath = findChromium();
  if (!executablePath) throw new PdfUnavailable('chromium');
  let playwright: typeof Playwright;
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new PdfUnavailable('playwright-core');
  }
  const browser = await playwright.chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    // No network: the document is whole (inline stylesheet, SVG chart); links stay links.
    const context = await browser.newContext({ locale: lang === 'en' ? 'en-GB' : 'es-PE', javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true } as Parameters<
      typeof page.pdf
    >[0]);
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
