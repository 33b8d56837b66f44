import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError, ERROR_STATUS } from '../../src/errors.js';
import { errorMessage, warningMessage } from '../../src/i18n/index.js';
import type { ParsedReport } from '../../src/import/model.js';
import { readReport } from '../../src/import/read-report.js';
import { WARNING_CODES } from '../../src/import/warnings.js';
import { verifyAuditLog } from '../../src/services/history.js';
import { importReport } from '../../src/services/import-report.js';
import { getSummary } from '../../src/services/plans.js';
import * as C from '../../src/storage/commitments.js';
import type { Store } from '../../src/storage/connect.js';
import {
  flippedBytes,
  hugeLine,
  insertedBytes,
  movedBlock,
  rezip,
  shuffledLines,
  truncatedBytes,
  truncatedLines,
  fuzzDamages,
  unzipEntries,
  type Variant,
} from '../helpers/corrupt.js';
import { eachDatabase } from '../helpers/databases.js';
import { diffDumps, dumpDatabase } from '../helpers/dump.js';
import { seedDocx } from '../helpers/seed-docx.js';
import { seedBytes } from '../helpers/seed.js';

/**
 * The report importer (`vigia import`: Word's text export and .docx) fed damaged copies of the seed
 * report. Whatever the damage: readReport and importReport throw nothing but AppError, whose message
 * is written in both languages; when either refuses, every table is exactly as before (dumpDatabase);
 * when the file is read, its warnings each name a commitment of the file (or none) and a line of it,
 * and what is stored agrees with what was read. Fixed seeds: a failure prints its seed and path.
 */
const NOW = '2026-11-28T04:00:00.000Z';
const SEED = 90_901;

/** Each kind of damage, on the text export. */
function textDamages(seed: Buffer): [string, fc.Arbitrary<Variant>][] {
  return [
    ['truncated at a byte', truncatedBytes(seed)],
    ['truncated at a line', truncatedLines(seed)],
    ['lines shuffled', shuffledLines(seed)],
    ['a block of lines (table rows) moved, repeated or deleted', movedBlock(seed)],
    ['bits flipped', flippedBytes(seed)],
    ['bytes inserted: NUL, invalid UTF-8, control characters', insertedBytes(seed)],
    ['a huge line', hugeLine(seed)],
  ];
}

/** Each kind of damage, on the Word file made from the seed. */
function docxDamages(docx: Buffer): [string, fc.Arbitrary<Variant>][] {
  const entries = unzipEntries(docx);
  const xml = entries.get('word/document.xml')!.toString('utf8');
  const rows = [...xml.matchAll(/<w:tr>|<w:tr /g)].length;
  return [
    ['truncated', truncatedBytes(docx)],
    ['bits flipped (inside a compressed entry or the zip directory)', flippedBytes(docx)],
    [
      'document.xml cut short (a valid zip around broken XML)',
      fc
        .nat({ max: xml.length - 1 })
        .map((at) => ({ label: `document.xml cut at ${at}`, bytes: rezip(entries, 'word/document.xml', (t) => t.slice(0, at)) })),
    ],
    [
      'table rows of document.xml shuffled',
      fc.array(fc.tuple(fc.nat({ max: rows - 1 }), fc.nat({ max: rows - 1 })), { minLength: 1, maxLength: 20 }).map((swaps) => ({
        label: `${swaps.length} row swaps`,
        bytes: rezip(entries, 'word/document.xml', (t) => swapRows(t, swaps)),
      })),
    ],
    [
      'text of document.xml damaged (NUL and control characters as character references, a stray "<")',
      fc.tuple(fc.nat({ max: xml.length - 1 }), fc.constantFrom('&#0;', '&#1;', '&#x1b;', '<', '&', ']]>', '\u0000')).map(([at, junk]) => {
        // Inside a run's text, so the damage reaches the reader rather than only the XML parser.
        const t = xml.indexOf('<w:t', at);
        const end = t === -1 ? -1 : xml.indexOf('>', t);
        const where = end === -1 ? at : end + 1;
        return {
          label: `${JSON.stringify(junk)} at ${where}`,
          bytes: rezip(entries, 'word/document.xml', (x) => x.slice(0, where) + junk + x.slice(where)),
        };
      }),
    ],
  ];
}

/** Swaps whole table rows (<w:tr …>…</w:tr>, not nested) of the document. */
function swapRows(xml: string, swaps: [number, number][]): string {
  const parts = xml.split(/(<w:tr[ >][\s\S]*?<\/w:tr>)/);
  const rowIndexes = parts.map((p, i) => (p.startsWith('<w:tr') ? i : -1)).filter((i) => i !== -1);
  for (const [x, y] of swaps) {
    const a = rowIndexes[x % rowIndexes.length]!;
    const b = rowIndexes[y % rowIndexes.length]!;
    [parts[a], parts[b]] = [parts[b]!, parts[a]!];
  }
  return parts.join('');
}

/** An AppError of a code the app knows, whose words exist in both languages and name the file. */
function assertClearRefusal(e: unknown, fileName: string, label: string): asserts e is AppError {
  if (!(e instanceof AppError))
    assert.fail(`${label}: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}\n${e.stack?.slice(0, 800)}` : String(e)}`);
  assert.ok(e.code in ERROR_STATUS, label);
  for (const lang of ['es', 'en'] as const) {
    const words = errorMessage(e, lang);
    assert.ok(words.length > 20 && !/undefined|\[object/.test(words), `${label}: ${words}`);
    if (e.params.file !== undefined) assert.ok(words.includes(fileName), `${label}: the message names the file: ${words}`);
  }
}

/** What a reader made of a file agrees with itself: the warnings name its commitments and its lines. */
function assertConsistent(parsed: ParsedReport, lineCount: number | null, label: string): void {
  const numbers = parsed.commitments.map((c) => c.number);
  assert.equal(new Set(numbers).size, numbers.length, `${label}: commitment numbers are unique`);
  assert.ok(parsed.commitments.length > 0, label);
  for (const c of parsed.commitments) {
    assert.ok(Number.isSafeInteger(c.number) && c.number > 0, `${label}: commitment number ${c.number}`);
    assert.ok(c.themeIndex >= 0 && c.themeIndex < parsed.themes.length, `${label}: commitment ${c.number} has a theme`);
  }
  parsed.themes.forEach((_t, i) =>
    assert.ok(
      parsed.commitments.some((c) => c.themeIndex === i),
      `${label}: theme ${i} has a commitment`,
    ),
  );
  assert.ok(parsed.rounds.length > 0, label);
  for (const w of parsed.warnings) {
    assert.ok((WARNING_CODES as readonly string[]).includes(w.code), label);
    // missing_ficha names a row of the comparison table whose ficha the file lacks.
    if (w.commitment !== null && w.code !== 'missing_ficha')
      assert.ok(numbers.includes(w.commitment), `${label}: ${w.code} names commitment ${w.commitment}`);
    if (w.line !== null && lineCount !== null)
      assert.ok(w.line >= 1 && w.line <= lineCount, `${label}: ${w.code} at line ${w.line} of ${lineCount}`);
    for (const lang of ['es', 'en'] as const)
      assert.ok(!/undefined|\[object/.test(warningMessage(w, lang)), `${label}: ${warningMessage(w, lang)}`);
  }
}

/** One damaged file through the reader: a clear refusal (null), or a reading that agrees with itself. */
async function readDamaged(v: Variant, fileName: string): Promise<ParsedReport | null> {
  try {
    const parsed = await readReport(v.bytes, fileName);
    assertConsistent(parsed, fileName.endsWith('.txt') ? v.bytes.toString('latin1').split('\n').length : null, v.label);
    return parsed;
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assertClearRefusal(e, fileName, v.label);
    return null;
  }
}

/** One damaged file read and, when it is, stored: refused with every table as before, or stored as read. */
async function importDamaged(
  store: Store,
  v: Variant,
  fileName: string,
): Promise<'refused by the reader' | 'refused when storing' | 'imported'> {
  const parsed = await readDamaged(v, fileName);
  if (!parsed) return 'refused by the reader';
  const before = await dumpDatabase(store);
  let result;
  try {
    result = await importReport(store, parsed, { actor: 'test', fileName, bytes: v.bytes, now: NOW });
  } catch (e) {
    assertClearRefusal(e, fileName, v.label);
    assert.deepEqual(diffDumps(before, await dumpDatabase(store)), [], `${v.label}: refused, and the database is exactly as before`);
    return 'refused when storing';
  }
  // Stored as read: the file's commitments, the ones it lacks kept; the summary counts them all.
  const stored = await C.listCommitments(store.db, result.planId);
  const storedNumbers = stored.map((c) => c.number).sort((a, b) => a - b);
  const fileNumbers = parsed.commitments.map((c) => c.number);
  assert.deepEqual(
    storedNumbers,
    [...new Set([...fileNumbers, ...result.keptCommitments])].sort((a, b) => a - b),
    v.label,
  );
  for (const c of parsed.commitments)
    assert.equal(stored.find((s) => s.number === c.number)?.title, c.title, `${v.label}: commitment ${c.number}`);
  const summary = await getSummary(store, result.planId);
  assert.equal(summary.summary.total.total, stored.length, v.label);
  return 'imported';
}

const READ_RUNS = { text: 25, docx: 6 };
const STORE_RUNS = { text: 5, docx: 3 };

describe('reading damaged reports: a clear refusal or a reading that agrees with itself, never a crash', () => {
  test(`Word's text export: ${textDamages(seedBytes()).length} kinds of damage × ${READ_RUNS.text} runs`, async () => {
    const tally = await fuzzDamages(textDamages(seedBytes()), READ_RUNS.text, SEED, async (v) =>
      (await readDamaged(v, 'informe.txt')) ? 'read' : 'refused by the reader',
    );
    console.log('text, read:', tally);
    // The damage is not all refused, nor all read: both paths were walked.
    assert.ok((tally.read ?? 0) > 20 && (tally['refused by the reader'] ?? 0) > 20, JSON.stringify(tally));
  });

  test(`.docx: 5 kinds of damage × ${READ_RUNS.docx} runs`, async () => {
    const tally = await fuzzDamages(docxDamages(await seedDocx()), READ_RUNS.docx, SEED, async (v) =>
      (await readDamaged(v, 'informe.docx')) ? 'read' : 'refused by the reader',
    );
    console.log('docx, read:', tally);
    assert.ok((tally.read ?? 0) > 4 && (tally['refused by the reader'] ?? 0) > 4, JSON.stringify(tally));
  });
});

describe('importing damaged reports: refused with every table as before, or stored as read — never half a plan', () => {
  eachDatabase((db) => {
    test(`Word's text export into a database holding the seed: ${STORE_RUNS.text} runs of each kind of damage`, async () => {
      const store = await db.open();
      await importReport(store, await readReport(seedBytes(), 'seed.txt'), {
        actor: 'test',
        fileName: 'seed.txt',
        bytes: seedBytes(),
        now: NOW,
      });
      const tally = await fuzzDamages(textDamages(seedBytes()), STORE_RUNS.text, SEED + 100, (v) => importDamaged(store, v, 'informe.txt'));
      console.log(`text, stored (${db.kind}):`, tally);
      assert.ok((tally.imported ?? 0) > 5, JSON.stringify(tally));
      assert.equal((await verifyAuditLog(store)).broken, null, 'the audit chain still verifies');
    });

    test(`.docx into a database holding the seed: ${STORE_RUNS.docx} runs of each kind of damage`, async () => {
      const store = await db.open();
      const docx = await seedDocx();
      await importReport(store, await readReport(docx, 'seed.docx'), { actor: 'test', fileName: 'seed.docx', bytes: docx, now: NOW });
      const tally = await fuzzDamages(docxDamages(docx), STORE_RUNS.docx, SEED + 100, (v) => importDamaged(store, v, 'informe.docx'));
      console.log(`docx, stored (${db.kind}):`, tally);
      assert.ok((tally.imported ?? 0) > 1, JSON.stringify(tally));
      assert.equal((await verifyAuditLog(store)).broken, null, 'the audit chain still verifies');
    });

    test('a failure half-way through storing a report leaves every table as it was', async () => {
      const store = await db.open();
      const first = await readReport(seedBytes(), 'seed.txt');
      await importReport(store, first, { actor: 'test', fileName: 'seed.txt', bytes: seedBytes(), now: NOW });
      const before = await dumpDatabase(store);
      // A corrected file whose 12th commitment cannot be stored (a theme the reader never gives): the plan,
      // its themes and eleven commitments are written before the failure — and must all be undone.
      const changed = await readReport(seedBytes(), 'seed.txt');
      changed.plan.title = 'Plan de Acción de Gobierno Abierto 2015-2016 (corregido)';
      for (const c of changed.commitments) c.title = `${c.title} (revisado)`;
      changed.commitments[11]!.themeIndex = 99;
      await assert.rejects(importReport(store, changed, { actor: 'test', fileName: 'seed-v2.txt', bytes: Buffer.from('v2'), now: NOW }));
      assert.deepEqual(diffDumps(before, await dumpDatabase(store)), []);
    });
  });
});

describe('a damaged report given to the reader alone', () => {
  test('a NUL character is refused with its line; other control characters are dropped', async () => {
    const lines = seedBytes().toString('utf8').split('\n');
    lines[1200] = `${lines[1200]}\u0000`;
    await assert.rejects(readReport(Buffer.from(lines.join('\n')), 'informe.txt'), (e: AppError) => {
      assert.equal(e.code, 'report_binary');
      assert.equal(e.params.line, 1201);
      assert.match(errorMessage(e, 'es'), /línea 1201/);
      assert.match(errorMessage(e, 'en'), /line 1201/);
      return true;
    });
    const withEscape = seedBytes().toString('utf8').replace('Compromiso 3.', 'Compromiso 3.\u001b[0m\u0007');
    const parsed = await readReport(Buffer.from(withEscape), 'informe.txt');
    assert.ok(!JSON.stringify(parsed).match(/\\u00(0[1-8]|1[0-9a-f])/), 'no control character is left');
    assert.equal(parsed.commitments.length, 17);
  });

  test("an agency's name of 200 000 characters is read, not a SyntaxError from a pattern made of it", async () => {
    const text = seedBytes()
      .toString('utf8')
      .replace(/Contraloría General de la República/, `Contraloría General de la República ${'x'.repeat(200_000)}`);
    const parsed = await readReport(Buffer.from(text), 'informe.txt');
    assert.equal(parsed.commitments.length, 17);
  });
});
