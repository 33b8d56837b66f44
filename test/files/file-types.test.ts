import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkFileName, checkUpload, REFUSAL_CODES, type UploadCheck } from '../../src/domain/file-types.js';
import { contentDisposition } from '../../src/http/routes/files.js';
import { FORM_REFUSAL_CODES, fileMessages, refusalMessage } from '../../src/i18n/files.js';
import * as S from './samples.js';

const MB = 1024 * 1024;
const limits = { maxBytes: 20 * MB };

function refused(result: UploadCheck, code: string): Record<string, string | number> {
  assert.equal(result.ok, false, `expected a refusal (${code}), got ${JSON.stringify(result)}`);
  if (result.ok) throw new Error('unreachable');
  assert.equal(result.code, code, JSON.stringify(result));
  return result.params;
}

describe('evidence files: what is accepted, judged by the content', () => {
  test('each accepted type, made for real, is accepted with its detected media type', async () => {
    const samples: [string, Uint8Array, string][] = [
      ['Oficio 290-2017.pdf', S.pdf(), 'application/pdf'],
      ['Informe.docx', S.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['Avance.xlsx', await S.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['Informe.odt', S.odt(), 'application/vnd.oasis.opendocument.text'],
      ['Avance.ods', S.ods(), 'application/vnd.oasis.opendocument.spreadsheet'],
      ['Foto.png', S.png(), 'image/png'],
      ['Foto.jpg', S.jpeg(), 'image/jpeg'],
      ['Foto.JPEG', S.jpeg(), 'image/jpeg'],
      ['Datos.csv', Buffer.from('\ufeffcompromiso;nivel\n1;Completo\n2;Limitado – año 2017\n', 'utf8'), 'text/csv'],
    ];
    for (const [name, bytes, mediaType] of samples) {
      const r = await checkUpload(name, bytes, limits);
      assert.ok(r.ok, `${name}: ${JSON.stringify(r)}`);
      assert.equal(r.mediaType, mediaType, name);
    }
  });

  test('a renamed executable is refused, naming what it is and what the name says', async () => {
    const elf = refused(await checkUpload('informe.pdf', S.elf(), limits), 'type_mismatch');
    assert.deepEqual([elf.detected, elf.expected], ['elf', 'pdf']);
    const exe = refused(await checkUpload('informe.pdf', S.exe(), limits), 'type_mismatch');
    assert.deepEqual([exe.detected, exe.expected], ['exe', 'pdf']);
    const es = refusalMessage({ code: 'type_mismatch', params: exe }, 'es');
    assert.match(es, /programa de Windows \(EXE\)/);
    assert.match(es, /un PDF/);
    assert.match(refusalMessage({ code: 'type_mismatch', params: elf }, 'en'), /Linux program \(ELF\).*a PDF/);
    // An executable under its own name is refused for its extension.
    refused(await checkUpload('setup.exe', S.exe(), limits), 'extension_not_accepted');
  });

  test('a PNG named .pdf, and a PDF named .docx, are refused', async () => {
    const p = refused(await checkUpload('oficio.pdf', S.png(), limits), 'type_mismatch');
    assert.deepEqual([p.detected, p.expected], ['png', 'pdf']);
    const d = refused(await checkUpload('oficio.docx', S.pdf(), limits), 'type_mismatch');
    assert.deepEqual([d.detected, d.expected], ['pdf', 'docx']);
    // A zip that is not an office document is not a .docx.
    const z = refused(await checkUpload('x.docx', S.zip([{ name: 'a.txt', data: Buffer.from('hola') }]), limits), 'type_mismatch');
    assert.equal(z.detected, 'zip');
  });

  test('a file larger than the limit is refused with the limit in the message', async () => {
    const p = refused(await checkUpload('a.pdf', S.pdf(), { maxBytes: 100 }), 'too_large');
    assert.equal(p.limit, 100);
    assert.equal(p.size, S.pdf().length);
    const words = refusalMessage({ code: 'too_large', params: { name: 'a.pdf', size: 25.5 * MB, limit: 20 * MB } }, 'es');
    assert.equal(words, 'El archivo «a.pdf» pesa 25,5 MB y el límite es de 20 MB');
    assert.match(refusalMessage({ code: 'too_large', params: { limit: 20 * MB } }, 'en'), /limit of 20 MB/);
    refused(await checkUpload('a.pdf', new Uint8Array(0), limits), 'empty');
  });

  test('names with a path, a drive, control or invisible characters are refused, not cleaned up', async () => {
    for (const name of [
      '../informe.pdf',
      '../../etc/passwd.pdf',
      'carpeta/informe.pdf',
      '/informe.pdf',
      'a\\b.pdf',
      '..\\..\\x.pdf',
      'C:informe.pdf',
      'c:\\x.pdf',
      '..',
      'a\uff0fb.pdf',
    ]) {
      const p = refused(await checkUpload(name, S.pdf(), limits), 'name_path');
      assert.equal(p.name, name);
    }
    for (const name of ['a\u0000.pdf', 'a\n.pdf', 'a\u007f.pdf', 'factura\u202efdp.exe', 'a\u200b.pdf', 'a\ud800.pdf']) {
      refused(await checkUpload(name, S.pdf(), limits), 'name_control');
    }
    refused(await checkUpload(`${'ñ'.repeat(130)}.pdf`, S.pdf(), limits), 'name_too_long');
    refused(await checkUpload('  ', S.pdf(), limits), 'name_missing');
    assert.equal(checkFileName('Oficio N° 290 – año 2017.pdf'), null);
    assert.match(refusalMessage({ code: 'name_path', params: { name: '../x.pdf' } }, 'es'), /«\.\.\/x\.pdf».*carpeta/);
  });

  test('names keep their accents, in NFC', async () => {
    const r = await checkUpload('Informe de an\u0303o.pdf', S.pdf(), limits);
    assert.ok(r.ok);
    assert.equal(r.name, 'Informe de año.pdf');
  });

  test('extensions that are not accepted, and names without one', async () => {
    assert.equal(refused(await checkUpload('nota.txt', Buffer.from('hola'), limits), 'extension_not_accepted').extension, 'txt');
    assert.equal(refused(await checkUpload('informe', S.pdf(), limits), 'extension_not_accepted').extension, '');
    assert.match(
      refusalMessage({ code: 'extension_not_accepted', params: { name: 'x.svg', extension: 'svg' } }, 'en'),
      /“\.svg” files are not accepted\. PDF, DOCX/,
    );
  });

  test('CSV: UTF-8 text without NUL bytes, whatever letters it starts with; not a PDF in disguise', async () => {
    assert.ok((await checkUpload('imc.csv', Buffer.from('BMI,peso\n1,2\n'), limits)).ok, 'text that starts like a bitmap is still text');
    refused(await checkUpload('latin1.csv', Buffer.from('a\u00f1o;nivel\n', 'latin1'), limits), 'csv_not_text');
    refused(await checkUpload('nul.csv', Buffer.from('a,b\u0000\n'), limits), 'csv_not_text');
    const png = refused(await checkUpload('datos.csv', S.png(), limits), 'type_mismatch');
    assert.equal(png.detected, 'png');
    const pdf = refused(await checkUpload('datos.csv', S.pdf(), limits), 'type_mismatch');
    assert.equal(pdf.detected, 'pdf');
  });

  test('content that is not recognised is refused for the type its name promises', async () => {
    const p = refused(await checkUpload('informe.pdf', Buffer.from('<html><script>alert(1)</script></html>'), limits), 'type_unknown');
    assert.equal(p.expected, 'pdf');
  });

  test('polyglots: a PDF with a zip appended, a PNG with data after its end', async () => {
    refused(await checkUpload('oficio.pdf', S.pdfWithZip(), limits), 'polyglot');
    refused(await checkUpload('foto.png', Buffer.concat([S.png(), Buffer.from('<script>alert(1)</script>')]), limits), 'polyglot');
    refused(
      await checkUpload('foto.jpg', Buffer.concat([S.jpeg(), S.zip([{ name: 'x.js', data: Buffer.from('x') }])]), limits),
      'polyglot',
    );
    refused(await checkUpload('foto.png', S.png().subarray(0, 40), limits), 'damaged');
  });

  test('zip bombs disguised as .docx are refused quickly, without unpacking them; so are macros', async () => {
    for (const [label, bytes, code] of [
      ['600 MB declared in 0.6 MB', S.bombDocx(60), 'archive_too_large'],
      ['an entry that lies about its size', S.lyingDocx(), 'damaged'],
      ['overlapping entries', S.overlappingDocx(), 'damaged'],
    ] as const) {
      const started = performance.now();
      const r = await checkUpload('informe.docx', bytes, limits);
      const ms = performance.now() - started;
      refused(r, code);
      assert.ok(ms < 2000, `${label}: ${Math.round(ms)} ms`);
    }
    const macros = S.zip([...S.docxEntries('x'), { name: 'word/vbaProject.bin', data: Buffer.from('Attribute VB_Name = "x"') }]);
    refused(await checkUpload('informe.docx', macros, limits), 'macros');
    const many = S.zip([
      ...S.docxEntries('x'),
      ...Array.from({ length: 30 }, (_, i) => ({ name: `word/${i}.xml`, data: Buffer.from('x') })),
    ]);
    refused(await checkUpload('informe.docx', many, { ...limits, maxZipEntries: 10 }), 'archive_too_many_entries');
    assert.match(refusalMessage({ code: 'archive_too_large', params: { name: 'b.docx', limit: 62 * MB } }, 'es'), /más de 62 MB.*bomba/);
  });

  test('every refusal has words in both languages, with no final full stop (the app adds one)', () => {
    const params = {
      name: 'x.pdf',
      size: 30 * MB,
      limit: 20 * MB,
      max: 10,
      extension: 'exe',
      expected: 'pdf',
      detected: 'exe',
      type: 'docx',
      field: 'descripcion',
      kind: 'dde',
      part: 'word/document.xml',
      detail: 'DDEAUTO',
    };
    for (const code of [...REFUSAL_CODES, ...FORM_REFUSAL_CODES]) {
      for (const lang of ['es', 'en'] as const) {
        const words = fileMessages[lang].refusals[code](params);
        assert.ok(words.length > 10, `${lang} ${code}`);
        assert.ok(!words.endsWith('.'), `${lang} ${code}: ${words}`);
      }
    }
    assert.deepEqual(Object.keys(fileMessages.en.typeNames).sort(), Object.keys(fileMessages.es.typeNames).sort());
  });

  test('Content-Disposition: the original name in UTF-8 and an ASCII fallback', () => {
    assert.equal(
      contentDisposition('Oficio N° 290 – año 2017.pdf'),
      `attachment; filename="Oficio N_ 290 - ano 2017.pdf"; filename*=UTF-8''Oficio%20N%C2%B0%20290%20%E2%80%93%20a%C3%B1o%202017.pdf`,
    );
    assert.equal(
      contentDisposition(`a"b%c'(d)*.pdf`),
      `attachment; filename="a_b_c'(d)*.pdf"; filename*=UTF-8''a%22b%25c%27%28d%29%2A.pdf`,
    );
  });
});
