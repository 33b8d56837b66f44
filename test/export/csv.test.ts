import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { spreadsheetCell } from '../../src/export/cells.js';
import { neutraliseFormula } from '../../src/lib/formula-text.js';
import { BOM, csvChunks, toCsv } from '../../src/export/csv.js';

const columns = [
  { key: 'n', label: 'N°' },
  { key: 'title', label: 'Título' },
  { key: 'amount', label: 'Monto' },
];

function read(csv: string): string[][] {
  return parse(csv, { bom: true, relax_column_count: false }) as string[][];
}

describe('CSV export', () => {
  test('UTF-8 with a BOM, a header row, CRLF line ends', async () => {
    const csv = await toCsv(columns, [{ n: 1, title: 'Participación ciudadana', amount: 2.5 }]);
    assert.ok(csv.startsWith(BOM), 'starts with a byte-order mark');
    assert.equal(csv, `${BOM}N°,Título,Monto\r\n1,Participación ciudadana,2.5\r\n`);
    assert.equal((await toCsv(columns, [], { bom: false })).charCodeAt(0), 'N'.charCodeAt(0));
  });

  test('commas, quotes and line breaks are quoted and come back intact through a CSV parser', async () => {
    const tricky = ['Uno, dos', 'Dice "hola"', 'línea 1\nlínea 2', 'con CRLF\r\ndentro', 'solo CR\rdentro', '', ' espacios '];
    const csv = await toCsv(
      columns,
      tricky.map((title, i) => ({ n: i, title, amount: null })),
    );
    assert.match(csv, /"Dice ""hola"""/);
    assert.match(csv, /"línea 1\nlínea 2"/);
    const rows = read(csv);
    assert.deepEqual(rows[0], ['N°', 'Título', 'Monto']);
    assert.deepEqual(
      rows.slice(1).map((r) => r[1]),
      tricky,
    );
    assert.deepEqual(
      rows.slice(1).map((r) => r[2]),
      tricky.map(() => ''),
    );
  });

  test('cells that would start a formula are neutralised; numbers stay numbers', async () => {
    const attacks = ['=HYPERLINK("http://evil.example","clic")', '+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1', '＝1+1'];
    const csv = await toCsv(columns, [...attacks.map((title) => ({ n: 1, title, amount: -12.5 })), { n: 2, title: 'a = b', amount: 0 }]);
    const rows = read(csv).slice(1);
    assert.deepEqual(
      rows.map((r) => r[1]),
      [...attacks.map((a) => `'${a}`), 'a = b'],
    );
    assert.deepEqual(
      rows.map((r) => r[2]),
      [...attacks.map(() => '-12.5'), '0'],
      'a negative number stored as a number is written as a number',
    );
    assert.equal(spreadsheetCell('-5'), "'-5", 'a negative number stored as text is neutralised like any text');
    assert.equal(spreadsheetCell(-5), -5);
    assert.equal(spreadsheetCell(null), null);
    assert.equal(neutraliseFormula('Plan 2015-2016'), 'Plan 2015-2016');
    assert.equal(neutraliseFormula('@x'), "'@x");
    assert.equal(neutraliseFormula('x@y'), 'x@y');
  });

  test('the header row is neutralised too', async () => {
    const csv = await toCsv([{ key: 'a', label: '=cmd' }], []);
    assert.equal(csv, `${BOM}'=cmd\r\n`);
  });

  test('rows are read from an async iterable and written in chunks, header first', async () => {
    let produced = 0;
    async function* rows() {
      for (let i = 1; i <= 25; i++) {
        produced++;
        yield { n: i, title: `fila ${i}`, amount: i };
      }
    }
    const it = csvChunks(columns, rows(), { batchSize: 10 });
    const first = await it.next();
    assert.equal(first.value, `${BOM}N°,Título,Monto\r\n`);
    assert.equal(produced, 0, 'the header goes out before any row is read');
    const rest: string[] = [];
    for await (const chunk of it) rest.push(chunk);
    assert.equal(rest.length, 3, '10 + 10 + 5 rows');
    assert.equal(read(first.value + rest.join('')).length, 26);
  });
});
