import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { looksLikeOgpDataset, OgpCsvError, readOgpCsv } from '../../src/import/ogp-csv/index.js';
import { alteredOgpCsv, countBy, ogpBytes, ogpRecords } from '../helpers/ogp.js';

/** The reader of OGP's commitment dataset, on the real A–M extract and on broken copies of it. */
describe('OGP commitment dataset reader', () => {
  const records = ogpRecords();

  test('the extract: 322 commitments of 47 members, no row lost, plans as the CSV has them', () => {
    const d = readOgpCsv(ogpBytes());
    assert.equal(d.rows, 322);
    assert.deepEqual(d.errors, []);
    const commitments = d.plans.flatMap((p) => p.commitments);
    assert.equal(commitments.length, 322);
    assert.equal(new Set(commitments.map((c) => c.ogpId)).size, 322);
    assert.equal(d.members.length, 47);
    const perPlan = countBy(records, (r) => `${r['Country/Locality']} ${r['Action Plan Number']}`);
    assert.equal(d.plans.length, perPlan.size);
    for (const p of d.plans) assert.equal(p.commitments.length, perPlan.get(`${p.member} ${p.number}`), `${p.member} plan ${p.number}`);
    // The four date cells in words are kept as written, with a warning each.
    assert.deepEqual(
      d.warnings.map((w) => [w.row, w.column, w.value]),
      [
        [27, 'Start Date', 'Underway'],
        [85, 'End Date', 'Permanent activity'],
        [184, 'Start Date', 'Underway'],
        [203, 'End Date', 'Spring 2015'],
      ],
    );
  });

  test('members: countries of the list by code, local governments as local, Kosovo without a code; Spanish-speaking ones in Spanish', () => {
    const d = readOgpCsv(ogpBytes());
    const by = new Map(d.members.map((m) => [m.name, m]));
    assert.deepEqual(by.get('Croatia'), { name: 'Croatia', kind: 'national', countryCode: 'HR', lang: 'en' });
    assert.deepEqual(by.get("Cote d'Ivoire"), { name: "Cote d'Ivoire", kind: 'national', countryCode: 'CI', lang: 'en' });
    assert.deepEqual(by.get('Madrid, Spain'), { name: 'Madrid, Spain', kind: 'local', countryCode: null, lang: 'es' });
    assert.deepEqual(by.get('Kosovo'), { name: 'Kosovo', kind: 'national', countryCode: null, lang: 'en' });
    assert.deepEqual(by.get('Argentina'), { name: 'Argentina', kind: 'national', countryCode: 'AR', lang: 'es' });
    assert.equal(d.members.filter((m) => m.kind === 'local').length, 4);
  });

  test("dates, the IRM's words and the commitment number of particular rows", () => {
    const d = readOgpCsv(ogpBytes());
    const c = (id: string) => d.plans.flatMap((p) => p.commitments).find((x) => x.ogpId === id)!;
    // Bulgaria's plan 2 writes the day first (31/12/2016): its 1/7/2014 is the 1st of July, 1/3/2013 the 1st of March.
    assert.deepEqual([c('BG0027').start, c('BG0027').end], ['2014-07-01', '2016-12-31']);
    assert.deepEqual([c('BG0034').start, c('BG0034').end], ['2013-03-01', '2014-09-30']);
    // A plan with only ambiguous dates reads them month first (the dataset's usual form): the documented rule.
    assert.equal(c('CZ0012').end, '2015-01-07');
    assert.deepEqual([c('CZ0001').start, c('CZ0001').end], ['2012-04-01', '2013-12-31']);
    assert.deepEqual([c('BG0003').start, c('BG0003').end], [null, '2012-12-31']);
    // Kenya's Excel serials: 7/15/1905 is 2023, 7/19/1905 is 2027.
    assert.equal(c('KE0033').start, '2023-01-01');
    assert.equal(c('KE0033').end, '2027-12-31');
    assert.equal(c('HR0044').start, null);
    assert.equal(c('HR0044').startText, 'Underway');
    // Excel's float noise in a commitment number is removed.
    const noisy = records.find((r) => r['Commitment Number'] === '4.0999999999999996')!;
    assert.equal(c(noisy['Commitment Unique Identifier']!).number, '4.1');
    // Every review's words map to the scales; a row with an end-of-term completion has an end-of-term review.
    for (const r of records) {
      const x = c(r['Commitment Unique Identifier']!);
      const end = x.reviews.find((v) => v.report === 'end-of-term');
      const words: Record<string, string> = {
        'Not Started': 'not-started',
        Limited: 'limited',
        Substantial: 'substantial',
        Complete: 'complete',
      };
      assert.equal(end?.completion ?? null, words[r['Completion (End Of Term)']!] ?? null, r['Commitment Unique Identifier']);
    }
  });

  test('broken copies: each bad cell refuses its row with the row number and the column; the other rows are read', () => {
    const firstId = records[0]!['Commitment Unique Identifier']!;
    const bytes = alteredOgpCsv({
      4: { 'Start Date': '2/30/2016' },
      9: { Specificity: 'Very high' },
      19: { 'Commitment Title': '' },
      29: { 'Commitment Unique Identifier': firstId },
      39: { 'OGP Value Civic Participation': 'yes' },
      49: { 'Completion (End Of Term)': 'Almost' },
    });
    const d = readOgpCsv(bytes);
    assert.deepEqual(
      d.errors.map((e) => [e.row, e.column, e.code, e.value]),
      [
        [6, 'Start Date', 'invalid_date', '2/30/2016'],
        [11, 'Specificity', 'unknown_word', 'Very high'],
        [21, 'Commitment Title', 'missing_value', ''],
        [31, 'Commitment Unique Identifier', 'duplicate_id', firstId],
        [41, 'OGP Value Civic Participation', 'invalid_flag', 'yes'],
        [51, 'Completion (End Of Term)', 'unknown_word', 'Almost'],
      ],
    );
    assert.equal(d.errors.find((e) => e.code === 'duplicate_id')!.firstRow, 2);
    assert.equal(d.plans.flatMap((p) => p.commitments).length, 316);
  });

  test('a file that is not CSV is refused as a whole, saying where', () => {
    assert.throws(
      () => readOgpCsv(Buffer.from('Commitment Unique Identifier,Country/Locality\n"AL0001,Albania\n')),
      (e: unknown) => e instanceof OgpCsvError && e.reason === 'malformed' && e.line !== null,
    );
    assert.throws(
      () => readOgpCsv(Buffer.from([0x43, 0x6f, 0xff, 0xfe, 0x0a])),
      (e: unknown) => e instanceof OgpCsvError && e.reason === 'encoding',
    );
    assert.throws(
      () => readOgpCsv(Buffer.from('Commitment Unique Identifier,Country/Locality\n')),
      (e: unknown) => e instanceof OgpCsvError && e.reason === 'empty',
    );
  });

  test('the dataset is recognised by its header, a report is not', () => {
    assert.equal(looksLikeOgpDataset(ogpBytes()), true);
    assert.equal(looksLikeOgpDataset(Buffer.from('\uFEFF"Commitment Unique Identifier","Country/Locality"\r\n')), true);
    assert.equal(looksLikeOgpDataset(Buffer.from('Informe de autoevaluación\nCompromiso 1.\n')), false);
  });
});
