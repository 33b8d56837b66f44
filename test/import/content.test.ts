import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { extractFootnotes, findUrls, inlineMarkdown, toMarkdown, type ContentBlock } from '../../src/import/content.js';
import { decodeReportText } from '../../src/import/decode.js';
import { type AppError } from '../../src/errors.js';

const lines = (...texts: string[]): ContentBlock[] => texts.map((text, i) => ({ kind: 'line', text, line: i + 1 }));
const md = new MarkdownIt({ html: false });

describe('long texts as Markdown', () => {
  test('text that looks like markup stays text; links become links', () => {
    const out = inlineMarkdown('Ver *esto* y <b>aquello</b> en http://sgp.pcm.gob.pe/a_b_c?x=1&y=2.');
    const html = md.renderInline(out);
    assert.equal(
      html,
      'Ver *esto* y &lt;b&gt;aquello&lt;/b&gt; en <a href="http://sgp.pcm.gob.pe/a_b_c?x=1&amp;y=2">http://sgp.pcm.gob.pe/a_b_c?x=1&amp;y=2</a>.',
    );
  });
  test('bullets, numbered items and paragraphs keep their shape', () => {
    const out = toMarkdown(lines('Se consideraron:', '1. Uno', '2. Dos', 'Texto de dos.', '· Viñeta', '2015. Año'), new Map());
    assert.equal(out, 'Se consideraron:\n\n1. Uno\n2. Dos\n\nTexto de dos.\n\n- Viñeta\n\n2015\\. Año');
    const html = md.render(out);
    assert.match(html, /<ol>\n<li>Uno<\/li>\n<li>Dos<\/li>\n<\/ol>/);
    assert.match(html, /<p>2015. Año<\/p>/);
  });
  test('footnotes: the citation stays, the note moves to the end', () => {
    const notes = new Map<string, string[]>();
    const blocks = extractFootnotes(
      lines('A la fecha:[footnoteRef:2] [2:  Sustentos:', '- Taller uno', 'http://a.pe/x', '] ', 'Sigue.'),
      notes,
    );
    assert.deepEqual(notes.get('2'), ['Sustentos:', '- Taller uno', 'http://a.pe/x']);
    const out = toMarkdown(blocks, notes);
    assert.match(out, /^A la fecha:\[\^2\]\n\nSigue\.\n\n\[\^2\]: Sustentos:\n\n {4}- Taller uno\n\n {4}<http:\/\/a\.pe\/x>$/);
  });
  test('URLs end before the punctuation that ends the sentence', () => {
    assert.deepEqual(
      findUrls('en (http://a.pe/x_(1)) y http://b.pe/y. Fin').map((u) => u.url),
      ['http://a.pe/x_(1)', 'http://b.pe/y'],
    );
    assert.deepEqual(
      findUrls('www.peru.gob.pe/redessociales), y').map((u) => u.url),
      ['www.peru.gob.pe/redessociales'],
    );
  });
});

describe('decoding the bytes of a report', () => {
  const code = (bytes: Buffer) => {
    try {
      decodeReportText(bytes, 'f.txt');
      return 'ok';
    } catch (e) {
      return (e as AppError).code;
    }
  };
  test('refuses empty, binary, PDF and Word files with their own reasons', () => {
    assert.equal(code(Buffer.alloc(0)), 'report_empty');
    assert.equal(code(Buffer.from(' \n\t\n')), 'report_empty');
    assert.equal(code(Buffer.from([0x00, 0x01, 0x02, 0x41])), 'report_binary');
    assert.equal(code(Buffer.from('%PDF-1.4\n')), 'report_pdf');
    assert.equal(code(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])), 'report_docx');
  });
  test('reads UTF-8, UTF-16 and Windows-1252, and normalises line ends', () => {
    assert.equal(decodeReportText(Buffer.from('\ufeffCompromiso 1.\r\n\tPuesto\r\n'), 'a'), 'Compromiso 1.\n\tPuesto\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Información\r\n', 'utf16le')]);
    assert.equal(decodeReportText(utf16, 'b'), 'Información\n');
    const cp1252 = Buffer.from([0x49, 0x6e, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x63, 0x69, 0xf3, 0x6e, 0x20, 0x93, 0x41, 0x94]);
    assert.equal(decodeReportText(cp1252, 'c'), 'Información “A”');
  });
});
