import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { MAX_CELL_TEXT, sheetName, toXlsx } from '../../src/export/xlsx.js';

async function load(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  assert.equal(wb.worksheets.length, 1, 'one sheet');
  return wb.worksheets[0]!;
}

/** The sheet's XML, to see what is a formula in the file itself. */
async function sheetXml(buffer: Buffer): Promise<string> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(buffer);
  return zip.file('xl/worksheets/sheet1.xml')!.async('string');
}

const columns = [
  { key: 'n', label: 'N°' },
  { key: 'title', label: 'Título' },
  { key: 'amount', label: 'Monto' },
];

describe('XLSX export', () => {
  test('one sheet, a bold frozen header, sensible widths, one row per record', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({
      n: i + 1,
      title: i === 3 ? 'x'.repeat(200) : `Compromiso ${i + 1}`,
      amount: i / 2,
    }));
    const sheet = await load(await toXlsx(columns, rows, { sheet: 'Compromisos' }));
    assert.equal(sheet.name, 'Compromisos');
    assert.equal(sheet.rowCount, 151);
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['N°', 'Título', 'Monto']);
    assert.equal(sheet.getRow(1).getCell(1).font?.bold, true);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
    assert.equal(sheet.getColumn(1).width, 8, 'narrow columns get the minimum');
    assert.equal(sheet.getColumn(2).width, 60, 'long ones are capped');
    assert.equal(sheet.getRow(2).getCell(1).value, 1);
    assert.equal(sheet.getRow(151).getCell(3).value, 74.5);
  });

  test('exceljs writes a string that starts with "=" as a string, never a formula', async () => {
    // Without our neutralisation: what exceljs's streaming writer does with such a string by itself.
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const ws = wb.addWorksheet('t');
    ws.addRow(['=1+1', '=HYPERLINK("http://evil.example","x")']).commit();
    ws.commit();
    await wb.commit();
    const buffer = Buffer.concat(chunks);
    assert.doesNotMatch(await sheetXml(buffer), /<f>/);
    const cell = (await load(buffer)).getRow(1).getCell(1);
    assert.equal(cell.type, ExcelJS.ValueType.String);
    assert.equal(cell.value, '=1+1');
  });

  test('text that would start a formula is neutralised as in the CSV; numbers stay numbers', async () => {
    const attacks = ['=HYPERLINK("http://evil.example","clic")', '+1', '@SUM(A1:A2)', '-2+3', '\u0001=1+1'];
    const buffer = await toXlsx(
      columns,
      attacks.map((title) => ({ n: -1, title, amount: -12.5 })),
      { sheet: 'x' },
    );
    assert.doesNotMatch(await sheetXml(buffer), /<f>/);
    const sheet = await load(buffer);
    const titles = attacks.map((_, i) => sheet.getRow(i + 2).getCell(2));
    for (const cell of titles) assert.equal(cell.type, ExcelJS.ValueType.String);
    assert.deepEqual(
      titles.map((c) => c.value),
      ['\'=HYPERLINK("http://evil.example","clic")', "'+1", "'@SUM(A1:A2)", "'-2+3", "'=1+1"],
      'a control character XML forbids is dropped before neutralising',
    );
    assert.equal(sheet.getRow(2).getCell(1).value, -1);
    assert.equal(sheet.getRow(2).getCell(3).value, -12.5);
  });

  test('a text longer than an Excel cell holds is cut; sheet names are made acceptable', async () => {
    const sheet = await load(await toXlsx(columns, [{ n: 1, title: 'a'.repeat(MAX_CELL_TEXT + 10), amount: null }], { sheet: 's' }));
    const value = sheet.getRow(2).getCell(2).value as string;
    assert.equal(value.length, MAX_CELL_TEXT);
    assert.ok(value.endsWith('…'));
    assert.equal(sheet.getRow(2).getCell(3).value, null);
    const name = sheetName('Evaluaciones: [final] / intermedia y más texto');
    assert.ok(name.length <= 31 && !/[:\\/?*[\]]/.test(name), name);
    assert.equal(sheetName('::'), 'Datos');
  });
});
