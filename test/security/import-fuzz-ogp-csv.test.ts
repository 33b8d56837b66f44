import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { COL } from '../../src/domain/ogp-dataset.js';
import { ogpMessages, problemLine } from '../../src/i18n/ogp.js';
import { looksLikeOgpDataset, OgpCsvError, readOgpCsv, type OgpDataset } from '../../src/import/ogp-csv/index.js';
import { verifyAuditLog } from '../../src/services/history.js';
import { importOgpDataset } from '../../src/services/ogp-import.js';
import type { Store } from '../../src/storage/connect.js';
import { findCommitmentByOgpId } from '../../src/storage/ogp.js';
import { flippedBytes, fuzzDamages, hugeLine, insertedBytes, truncatedBytes, type Variant } from '../helpers/corrupt.js';
import { eachDatabase } from '../helpers/databases.js';
import { diffDumps, dumpDatabase } from '../helpers/dump.js';
import { ogpBytes } from '../helpers/ogp.js';

/**
 * OGP's dataset importer (`vigia import file.csv`) fed damaged copies of the fixture. The reader either
 * refuses the file with OgpCsvError (its words in both languages, the line where there is one) or reads
 * it, each refused row named by its row and column and none of them among the rows it keeps. Stored: what
 * was read and not refused is in the database; a failure while storing leaves every table as before
 * (one transaction, decision 024). Fixed seeds.
 */
const NOW = '2026-11-28T04:00:00.000Z';
const SEED = 70_707;
const READ_RUNS = 15;
const STORE_RUNS = 5;

const records = (b: Buffer) => parse(b.toString('utf8'), { bom: true }) as string[][];
const csv = (rows: string[][], delimiter = ',') => Buffer.from(stringify(rows, { delimiter }));

/** Each kind of damage to a CSV, at the byte level and at the level of its records and columns. */
function csvDamages(file: Buffer): [string, fc.Arbitrary<Variant>][] {
  const rows = records(file);
  const [header, ...body] = rows;
  const width = header!.length;
  const quotes = [...file.toString('latin1').matchAll(/"/g)].map((m) => m.index!);
  return [
    ['truncated at a byte', truncatedBytes(file)],
    [
      'truncated at a record',
      fc.nat({ max: body.length }).map((n) => ({ label: `first ${n} records`, bytes: csv([header!, ...body.slice(0, n)]) })),
    ],
    [
      'records shuffled, repeated or dropped',
      fc.array(fc.nat({ max: body.length - 1 }), { minLength: 1, maxLength: body.length * 2 }).map((order) => ({
        label: `records in order ${order.slice(0, 12).join(',')}…`,
        bytes: csv([header!, ...order.map((i) => body[i]!)]),
      })),
    ],
    ['bits flipped', flippedBytes(file)],
    ['bytes inserted: NUL, invalid UTF-8, control characters', insertedBytes(file)],
    [
      'a column missing, extra or duplicated; a row short or long',
      fc
        .tuple(
          fc.constantFrom('drop', 'extra', 'duplicate name', 'short row', 'long row'),
          fc.nat({ max: width - 1 }),
          fc.nat({ max: width - 1 }),
          fc.nat({ max: body.length - 1 }),
        )
        .map(([how, c, d, r]) => {
          const out = rows.map((row) => [...row]);
          if (how === 'drop') for (const row of out) row.splice(c, 1);
          if (how === 'extra') out.forEach((row, i) => row.splice(c, 0, i === 0 ? 'Extra Column' : `x${i}`));
          if (how === 'duplicate name') out[0]![d] = out[0]![c]!;
          if (how === 'short row') out[r + 1]!.splice(c);
          if (how === 'long row') out[r + 1]!.push('sobra', 'más');
          return { label: `${how} (column ${c} ${header![c]}, ${d}, row ${r + 2})`, bytes: csv(out) };
        }),
    ],
    [
      'another delimiter (";" as a Spanish Excel saves, a tab)',
      fc
        .constantFrom(';', '\t', '|')
        .map((delimiter) => ({ label: `delimiter ${JSON.stringify(delimiter)}`, bytes: csv(rows, delimiter) })),
    ],
    [
      'an unbalanced quote',
      fc.nat({ max: quotes.length - 1 }).map((q) => {
        const out = Buffer.from(file);
        out[quotes[q]!] = 0x20;
        return { label: `quote at byte ${quotes[q]} removed`, bytes: out };
      }),
    ],
    [
      'a BOM, and cells that look like formulas',
      fc
        .tuple(
          fc.boolean(),
          fc.nat({ max: body.length - 1 }),
          fc.constantFrom(COL.title, COL.lead, COL.theme, COL.start, COL.specificity),
          fc.constantFrom('=1+1', '+SUM(A1:A9)', '-2+3', '@cmd', '\'=HYPERLINK("http://x")', "=cmd|' /C calc'!A0"),
        )
        .map(([bom, r, column, formula]) => {
          const out = rows.map((row) => [...row]);
          out[r + 1]![header!.indexOf(column)] = formula;
          const bytes = csv(out);
          return {
            label: `${bom ? 'BOM, ' : ''}${column} of row ${r + 2} = ${formula}`,
            bytes: bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes,
          };
        }),
    ],
    ['a huge line', hugeLine(file)],
  ];
}

/** The dataset's words for a refusal, in both languages. */
function assertClearRefusal(e: unknown, label: string): asserts e is OgpCsvError {
  if (!(e instanceof OgpCsvError))
    assert.fail(`${label}: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}\n${e.stack?.slice(0, 800)}` : String(e)}`);
  for (const lang of ['es', 'en'] as const) {
    const m = ogpMessages(lang).fileErrors;
    const words = e.reason === 'malformed' || e.reason === 'binary' ? m[e.reason]('datos.csv', e.line) : m[e.reason]('datos.csv');
    assert.ok(words.includes('datos.csv') && !/undefined|null|NaN/.test(words), `${label}: ${words}`);
  }
}

/** What the reader kept agrees with what it refused, and every problem names its row (and a column of the file). */
function assertConsistent(data: OgpDataset, header: string[], label: string): void {
  const refused = new Set(data.errors.map((e) => e.row));
  const ids = new Set<string>();
  for (const p of [...data.errors, ...data.warnings]) {
    assert.ok(Number.isInteger(p.row) && p.row >= 2 && p.row <= data.rows + 1, `${label}: row ${p.row} of ${data.rows}`);
    // A column the file has, or one of OGP's that it lacks (a damaged header: every row misses it).
    assert.ok(
      p.column === null || header.includes(p.column) || (Object.values(COL) as string[]).includes(p.column),
      `${label}: column ${p.column}`,
    );
    for (const lang of ['es', 'en'] as const) assert.ok(!/undefined|NaN/.test(problemLine(p, lang)), `${label}: ${problemLine(p, lang)}`);
  }
  for (const plan of data.plans) {
    assert.ok(plan.commitments.length > 0 && data.members.some((m) => m.name === plan.member), label);
    for (const c of plan.commitments) {
      assert.ok(!refused.has(c.row), `${label}: row ${c.row} is both refused and kept`);
      // Without OGP's identifier (a blanked cell), a commitment is its plan's of that number.
      const id = c.ogpId?.toUpperCase() ?? `${plan.member} ${plan.number ?? `${plan.periodStart}–${plan.periodEnd}`} #${c.number}`;
      assert.ok(!ids.has(id), `${label}: ${id} kept twice`);
      ids.add(id);
      assert.ok(c.title.trim() !== '', label);
    }
  }
}

function readDamaged(v: Variant): OgpDataset | null {
  try {
    const data = readOgpCsv(v.bytes);
    const header =
      (parse(v.bytes.toString('utf8'), { bom: true, to_line: 1, relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
    assertConsistent(
      data,
      header.map((h) => h.trim()),
      v.label,
    );
    return data;
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    assertClearRefusal(e, v.label);
    return null;
  }
}

async function importDamaged(store: Store, v: Variant): Promise<string> {
  const data = readDamaged(v);
  if (!data) return 'refused by the reader';
  const before = await dumpDatabase(store);
  let result;
  try {
    result = await importOgpDataset(store, data, { actor: 'test', fileName: 'datos.csv', bytes: v.bytes, now: NOW });
  } catch (e) {
    assert.deepEqual(
      diffDumps(before, await dumpDatabase(store)),
      [],
      `${v.label}: ${(e as Error).message}: the database is exactly as before`,
    );
    assert.fail(`${v.label}: storing failed: ${(e as Error).stack}`);
  }
  // Every row read and not refused while storing is there, under its identifier, with its title.
  const refused = new Set(result.errors.map((e) => e.row));
  for (const c of data.plans.flatMap((p) => p.commitments)) {
    if (refused.has(c.row) || c.ogpId === null) continue; // one without an identifier: found by its number, checked above
    const stored = await findCommitmentByOgpId(store.db, c.ogpId);
    assert.ok(stored, `${v.label}: row ${c.row} (${c.ogpId}) was stored`);
    assert.equal(stored.title, c.title, `${v.label}: row ${c.row}`);
  }
  return data.errors.length + result.errors.length > 0 ? 'imported, some rows refused' : 'imported';
}

/** A small extract of the fixture (its first 40 records: 10 members' plans), quick to store again and again. */
function extract(n = 40): Buffer {
  const [header, ...body] = records(ogpBytes());
  return csv([header!, ...body.slice(0, n)]);
}

describe('reading a damaged OGP dataset: a clear refusal or rows refused by number, never a crash', () => {
  test(`the fixture (322 commitments): ${csvDamages(ogpBytes()).length} kinds of damage × ${READ_RUNS} runs`, async () => {
    const tally = await fuzzDamages(csvDamages(ogpBytes()), READ_RUNS, SEED, async (v) =>
      readDamaged(v) ? 'read' : 'refused by the reader',
    );
    console.log('OGP CSV, read:', tally);
    assert.ok((tally.read ?? 0) > 30 && (tally['refused by the reader'] ?? 0) > 30, JSON.stringify(tally));
  });

  test('a NUL refuses the file naming its line; other control characters are dropped from the cells', () => {
    const [header, ...body] = records(extract());
    const withNul = csv([header!, ...body.slice(0, 3), body[3]!.map((x, i) => (i === header!.indexOf(COL.title) ? `${x}\u0000` : x))]);
    assert.throws(
      () => readOgpCsv(withNul),
      (e: OgpCsvError) => e.reason === 'binary' && e.line !== null && e.line > 4,
    );
    assert.match(ogpMessages('es').fileErrors.binary('datos.csv', 9), /carácter nulo en la línea 9/);
    const withEscape = csv([header!, body[0]!.map((x, i) => (i === header!.indexOf(COL.title) ? `Ti\u001b[31mtle\u0007` : x))]);
    assert.equal(readOgpCsv(withEscape).plans[0]!.commitments[0]!.title, 'Ti[31mtle');
  });
});

describe('OGP dataset saved by a spreadsheet in another language', () => {
  test('with ";" (Excel in Spanish) or tabs as delimiter it is recognised and read as the original', () => {
    const original = readOgpCsv(ogpBytes());
    for (const delimiter of [';', '\t']) {
      const bytes = csv(records(ogpBytes()), delimiter);
      assert.ok(looksLikeOgpDataset(bytes), JSON.stringify(delimiter));
      assert.deepEqual(readOgpCsv(bytes), original);
    }
  });
});

describe('storing a damaged OGP dataset: what was read is stored, a failure leaves nothing', () => {
  eachDatabase((db) => {
    test(`an extract of the fixture, damaged, into a database holding it: ${STORE_RUNS} runs of each kind`, async () => {
      const store = await db.open();
      const base = extract();
      await importOgpDataset(store, readOgpCsv(base), { actor: 'test', fileName: 'base.csv', bytes: base, now: NOW });
      const tally = await fuzzDamages(csvDamages(base), STORE_RUNS, SEED + 100, (v) => importDamaged(store, v));
      console.log(`OGP CSV, stored (${db.kind}):`, tally);
      assert.ok((tally.imported ?? 0) + (tally['imported, some rows refused'] ?? 0) > 10, JSON.stringify(tally));
      assert.equal((await verifyAuditLog(store)).broken, null, 'the audit chain still verifies');
    });

    test('a failure while storing the third plan leaves nothing of the first two (one transaction)', async () => {
      const store = await db.open();
      const before = await dumpDatabase(store);
      const data = readOgpCsv(extract());
      assert.ok(data.plans.length >= 3);
      // A commitment the reader would never give (no title): the database refuses it, half-way through the file.
      (data.plans[2]!.commitments[0] as { title: string | null }).title = null;
      await assert.rejects(importOgpDataset(store, data, { actor: 'test', fileName: 'datos.csv', bytes: extract(), now: NOW }));
      assert.deepEqual(diffDumps(before, await dumpDatabase(store)), []);
    });

    test('a plan refused while storing (its years belong to another plan) is undone alone; the others are stored', async () => {
      const store = await db.open();
      const [header, ...body] = records(extract());
      const col = (name: string) => header!.indexOf(name);
      const first = body[0]!;
      // A second plan of the first member with the first plan's years: refused, with each of its rows named.
      const twin = [...first];
      twin[col(COL.id)] = 'ZZ9999';
      twin[col(COL.planNumber)] = '9';
      const file = csv([header!, ...body, twin]);
      const result = await importOgpDataset(store, readOgpCsv(file), { actor: 'test', fileName: 'datos.csv', bytes: file, now: NOW });
      assert.deepEqual(
        result.errors.map((e) => [e.row, e.code]),
        [[body.length + 2, 'plan_period_taken']],
      );
      assert.equal(await findCommitmentByOgpId(store.db, 'ZZ9999'), undefined);
      assert.ok(await findCommitmentByOgpId(store.db, first[col(COL.id)]!));
      assert.equal(result.commitments.created, body.length);
      assert.equal((await verifyAuditLog(store)).broken, null);
    });
  });
});
