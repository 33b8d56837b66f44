import assert from 'node:assert/strict';
import { test } from 'node:test';

/**
 * LibreOffice, to open the generated Word report: scripts/test.js finds it (VIGIA_TEST_LIBREOFFICE) or
 * says why not (VIGIA_TEST_LIBREOFFICE_SKIP). Without it the test is skipped with the reason — and under
 * CI=true that is a failure, as for Chromium (helpers/browser.ts).
 */
export function libreOfficeUnavailable(): string | null {
  if (process.env.VIGIA_TEST_LIBREOFFICE) return null;
  return process.env.VIGIA_TEST_LIBREOFFICE_SKIP ?? 'VIGIA_TEST_LIBREOFFICE is not set: run the suite with `npm test`';
}

export function requireLibreOffice(): string | null {
  const reason = libreOfficeUnavailable();
  if (!reason) return process.env.VIGIA_TEST_LIBREOFFICE!;
  if (process.env.CI === 'true')
    test('LibreOffice is available', () => assert.fail(`the LibreOffice test cannot run, and CI=true makes that a failure: ${reason}`));
  else test('in LibreOffice', { skip: reason }, () => undefined);
  return null;
}
