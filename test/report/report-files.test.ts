import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { readTextReport } from '../../src/import/text-report/index.js';
import { renderReport } from '../../src/services/report.js';
import { importReport } from '../../src/services/import-report.js';
import { openStore, type Store } from '../../src/storage/connect.js';
import { chromiumUnavailable, requireChromium } from '../helpers/browser.js';
import { ROOT, vigia, vigiaInProcess } from '../helpers/cli.js';
import { requireLibreOffice } from '../helpers/libreoffice.js';
import { seedBytes } from '../helpers/seed.js';

/**
 * The report as files: the DOCX opened by LibreOffice (converted to PDF, as the issue's "done when"
 * asks), the PDF printed by Chromium, and `vigia report` with its defaults, its file names and its
 * refusals. One SQLite database: what is stored is the other tests' business.
 */
const run = promisify(execFile);
const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;

describe('the report as files', () => {
  let dir: string;
  let url: string;
  let store: Store;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigia-report-'));
    url = `sqlite:${join(dir, 'vigia.db')}`;
    store = await openStore(url);
    const bytes = seedBytes();
    await importReport(store, readTextReport(bytes, 'seed.txt'), {
      now: new Date().toISOString(),
      actor: 'test',
      fileName: 'seed.txt',
      bytes,
    });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('LibreOffice opens the DOCX', () => {
    const soffice = requireLibreOffice();
    if (!soffice) return;
    test('converted to PDF with libreoffice --headless: a document of many pages', { timeout: 120_000 }, async () => {
      const report = await renderReport(store, { lang: 'es', format: 'docx' });
      const file = join(dir, report.fileName);
      writeFileSync(file, report.bytes);
      // Its own profile directory: a second LibreOffice (a person's, another test's) does not block this one.
      await run(
        soffice,
        [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
        { timeout: 110_000 },
      );
      const pdf = readFileSync(file.replace(/\.docx$/, '.pdf'));
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pages(pdf) >= 20, `${pages(pdf)} pages`);
    });
  });

  describe('Chromium prints the PDF', () => {
    if (!requireChromium()) return;
    test('the HTML view as a PDF, in Spanish and in English', { timeout: 120_000 }, async () => {
      process.env.CHROMIUM_PATH = process.env.VIGIA_TEST_CHROMIUM;
      for (const lang of ['es', 'en'] as const) {
        const report = await renderReport(store, { lang, format: 'pdf' });
        assert.equal(report.mediaType, 'application/pdf');
        assert.equal(report.bytes.subarray(0, 5).toString(), '%PDF-');
        assert.ok(pages(report.bytes) >= 20, `${lang}: ${pages(report.bytes)} pages`);
      }
    });
  });

  describe('vigia report', () => {
    test(
      'defaults: the only plan, its latest published round, DOCX in Spanish, a name from plan and round',
      { timeout: 60_000 },
      async () => {
        const out = await vigia(['report'], { DATABASE_URL: url });
        assert.equal(out.status, 0, out.stderr);
        const name = 'autoevaluacion-plan-de-accion-de-gobierno-abierto-2015-2016-evaluacion-final-es.docx';
        assert.match(out.stdout, new RegExp(`Informe escrito en ${name.replace(/\./g, '\\.')}`));
        // The command runs in the repository's directory (helpers/cli.ts): the file is written there.
        const written = join(ROOT, name);
        try {
          assert.equal(readFileSync(written).subarray(0, 2).toString(), 'PK');
        } finally {
          rmSync(written, { force: true });
        }
      },
    );

    test('--format html --lang en --out: an English HTML file; messages in English', { timeout: 60_000 }, async () => {
      const file = join(dir, 'report.html');
      const out = await vigiaInProcess(['--lang', 'en', 'report', '--format', 'html', '--out', file], { DATABASE_URL: url });
      assert.equal(out.status, 0, out.stderr);
      assert.match(out.stdout, /^Report written to .*report\.html \(\d+ ms\)\./);
      const html = readFileSync(file, 'utf8');
      assert.match(html, /<html lang="en">/);
      assert.match(html, /Commitment 1\. Modificación de la Ley de Transparencia/);
      assert.match(html, /\[not translated\]/);
    });

    test('bad options: an unknown format (status 2), a round that is not there (status 2)', async () => {
      const format = await vigiaInProcess(['report', '--format', 'odt'], { DATABASE_URL: url });
      assert.equal(format.status, 2);
      assert.match(format.stderr, /Formato desconocido «odt»: use docx, html o pdf\./);
      const round = await vigiaInProcess(['report', '--round', '999', '--out', join(dir, 'x.docx')], { DATABASE_URL: url });
      assert.equal(round.status, 2);
      assert.ok(!existsSync(join(dir, 'x.docx')));
    });

    test(
      'a plan whose only rounds are drafts: no report by default; a draft only by --round, and said so',
      { timeout: 60_000 },
      async () => {
        const draftUrl = `sqlite:${join(dir, 'drafts.db')}`;
        const drafts = await openStore(draftUrl);
        let roundId: number;
        try {
          const bytes = seedBytes();
          await importReport(drafts, readTextReport(bytes, 'seed.txt'), {
            now: new Date().toISOString(),
            actor: 'test',
            fileName: 'seed.txt',
            bytes,
          });
          await drafts.db.updateTable('rounds').set({ published: 0 }).execute();
          roundId = (await drafts.db.selectFrom('rounds').select('id').orderBy('position', 'desc').executeTakeFirstOrThrow()).id;
        } finally {
          await drafts.close();
        }
        const file = join(dir, 'draft.html');
        const byDefault = await vigiaInProcess(['report', '--format', 'html', '--out', file], { DATABASE_URL: draftUrl });
        assert.equal(byDefault.status, 2, byDefault.stdout);
        assert.match(byDefault.stderr, /El plan no tiene ninguna evaluación publicada/);
        assert.ok(!existsSync(file));
        const asked = await vigiaInProcess(['report', '--round', String(roundId), '--format', 'html', '--out', file], {
          DATABASE_URL: draftUrl,
        });
        assert.equal(asked.status, 0, asked.stderr);
        assert.match(asked.stdout, /es un borrador \(no publicado\)/);
        assert.ok(existsSync(file));
      },
    );

    test("PDF without Chromium: a clear message in the user's language and status 1, no file", async () => {
      const file = join(dir, 'x.pdf');
      const es = await vigia(['report', '--format', 'pdf', '--out', file], { DATABASE_URL: url, CHROMIUM_PATH: join(dir, 'no-chromium') });
      assert.equal(es.status, 1);
      assert.match(es.stderr, /No se puede generar el PDF: Chromium no está instalado/);
      const en = await vigiaInProcess(['--lang', 'en', 'report', '--format', 'pdf', '--out', file], {
        DATABASE_URL: url,
        CHROMIUM_PATH: join(dir, 'no-chromium'),
      });
      assert.equal(en.status, 1);
      assert.match(en.stderr, /Cannot make the PDF: Chromium is not installed/);
      assert.ok(!existsSync(file));
    });

    test('PDF with Chromium', { skip: chromiumUnavailable() ?? false, timeout: 60_000 }, async () => {
      const file = join(dir, 'informe.pdf');
      const out = await vigiaInProcess(['report', '--format', 'pdf', '--out', file], {
        DATABASE_URL: url,
        CHROMIUM_PATH: process.env.VIGIA_TEST_CHROMIUM,
      });
      assert.equal(out.status, 0, out.stderr);
      assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
    });
  });
});
