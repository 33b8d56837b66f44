import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dayMonthOrder, parseOgpDate } from '../../src/domain/ogp-dates.js';

/** The mixed date formats of OGP's commitment dataset, each as the extract writes it. */
describe('OGP dataset dates', () => {
  const date = (text: string, order: 'month-first' | 'day-first' = 'month-first', bound: 'start' | 'end' = 'start') => {
    const d = parseOgpDate(text, order, bound);
    return d.kind === 'date' ? d.iso : d.kind;
  };

  test('month first is the default; a number above 12 decides on its own', () => {
    assert.equal(date('1/1/2017'), '2017-01-01');
    assert.equal(date('9/30/2018'), '2018-09-30');
    assert.equal(date('31/12/2015'), '2015-12-31', 'day first: 31 cannot be a month');
    assert.equal(date('12/31/2015', 'day-first'), '2015-12-31', 'a day-first plan still reads 12/31 as month first');
    assert.equal(date('01/7/2012'), '2012-01-07');
    assert.equal(date('1/7/2014', 'day-first'), '2014-07-01');
  });

  test("a plan's order comes from its unambiguous dates", () => {
    assert.equal(dayMonthOrder(['1/7/2014', '31/12/2016', 'NA']), 'day-first');
    assert.equal(dayMonthOrder(['1/7/2014', '12/31/2016']), 'month-first');
    assert.equal(dayMonthOrder(['1/7/2014', '6/1/2018']), 'month-first', 'all ambiguous: month first');
    assert.equal(dayMonthOrder(['13/1/2014', '1/13/2014']), 'month-first', 'contradictory: month first');
    assert.equal(dayMonthOrder(['April 2012', '2014']), 'month-first');
  });

  test('two-digit years are this century', () => {
    assert.equal(date('10/1/18'), '2018-10-01');
    assert.equal(date('12/31/19', 'month-first', 'end'), '2019-12-31');
  });

  test('a month, a quarter or a year: its first day as a start, its last as an end', () => {
    assert.equal(date('April 2012'), '2012-04-01');
    assert.equal(date('February 2015', 'month-first', 'end'), '2015-02-28');
    assert.equal(date('Quarter 1 2014'), '2014-01-01');
    assert.equal(date('Quarter 3 2014', 'month-first', 'end'), '2014-09-30');
    assert.equal(date('2012'), '2012-01-01');
    assert.equal(date('2016', 'month-first', 'end'), '2016-12-31');
  });

  test("Excel's serial number of a year shown as a date in 1905 is that year", () => {
    assert.equal(date('7/15/1905'), '2023-01-01');
    assert.equal(date('7/19/1905', 'month-first', 'end'), '2027-12-31');
    assert.equal(date('1/1/1850'), 'invalid');
  });

  test("a day's spreadsheet serial number is that day (43525 = 2019-03-01)", () => {
    assert.equal(date('43525'), '2019-03-01');
    assert.equal(date('43525', 'month-first', 'end'), '2019-03-01', 'a day is its own end');
    assert.equal(date('44561.0'), '2021-12-31');
    assert.equal(date('12345'), 'invalid', 'a serial before 1990 is no date of a plan');
  });

  test('quarters and half-years in English, Spanish and Roman numerals: a start date is the first day, an end date the last', () => {
    const cases: [string, string, string][] = [
      ['IV quarter of 2021', '2021-10-01', '2021-12-31'],
      ['IV trimestre 2021', '2021-10-01', '2021-12-31'],
      ['Q4 2021', '2021-10-01', '2021-12-31'],
      ['2021 Q4', '2021-10-01', '2021-12-31'],
      ['cuarto trimestre de 2021', '2021-10-01', '2021-12-31'],
      ['I trimestre 2020', '2020-01-01', '2020-03-31'],
      ['2nd quarter 2019', '2019-04-01', '2019-06-30'],
      ['primer semestre de 2020', '2020-01-01', '2020-06-30'],
      ['II semestre 2020', '2020-07-01', '2020-12-31'],
      ['Marzo de 2019', '2019-03-01', '2019-03-31'],
      ['setiembre 2016', '2016-09-01', '2016-09-30'],
    ];
    for (const [text, start, end] of cases) {
      assert.equal(date(text), start, text);
      assert.equal(date(text, 'month-first', 'end'), end, text);
    }
    assert.equal(date('V quarter 2021'), 'words', 'there is no fifth quarter');
  });

  test("ISO dates (Vigía's own export) read back", () => {
    assert.equal(date('2016-06-30'), '2016-06-30');
    assert.equal(date('2016-02-30'), 'invalid');
  });

  test('no date, words, and mistyped dates are told apart', () => {
    for (const t of ['NA', 'ND', 'NR', '', '  ']) assert.equal(date(t), 'none', JSON.stringify(t));
    assert.deepEqual(parseOgpDate('Underway', 'month-first', 'start'), { kind: 'words', text: 'Underway' });
    assert.equal(date('Permanent activity'), 'words');
    assert.equal(date('Spring 2015'), 'words');
    for (const t of ['2/30/2016', '13/13/2016', '0/1/2016', '1/1/20166', '12.5']) assert.equal(date(t), 'invalid', t);
  });
});
