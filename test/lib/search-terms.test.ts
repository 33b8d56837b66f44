import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { markdownToText } from '../../src/lib/markdown-text.js';
import {
  MAX_QUERY_LENGTH,
  MAX_QUERY_WORDS,
  MAX_WORD_LENGTH,
  SNIPPET_LENGTH,
  fold,
  highlight,
  indexTokens,
  parseQuery,
  snippet,
  words,
} from '../../src/lib/search-terms.js';
import { ftsMatchQuery, tsQueryText } from '../../src/storage/search.js';

const alternatives = (q: string) => parseQuery(q).words.map((w) => w.alternatives);
const marked = (segments: { text: string; match: boolean }[]) => segments.filter((s) => s.match).map((s) => s.text);

describe('search terms: words and index tokens', () => {
  test('folding removes accents and case, ñ included', () => {
    assert.equal(fold('Participación'), 'participacion');
    assert.equal(fold('ÑANDÚ'), 'nandu');
    // A decomposed accent (e + combining acute) folds like a composed one.
    assert.equal(fold('gestio\u0301n'), 'gestion');
  });

  test('words are runs of letters and digits, lower-cased; punctuation and symbols separate them', () => {
    assert.deepEqual(words('SEACE- Sistema (2016): “Qali Warma”, año'), ['seace', 'sistema', '2016', 'qali', 'warma', 'año']);
    assert.deepEqual(words('gestio\u0301n'), ['gestio\u0301n'.normalize('NFC')]);
    assert.equal(words('x'.repeat(500))[0]!.length, MAX_WORD_LENGTH);
  });

  test('each word is indexed by its Spanish stem and by itself, folded', () => {
    assert.deepEqual(indexTokens('Capacitaciones de participación'), ['capacit', 'capacitaciones', 'de', 'particip', 'participacion']);
    // Same stem for singular and plural, with or without accent in the document.
    assert.deepEqual(indexTokens('capacitación capacitaciones').filter((t) => t === 'capacit').length, 2);
    assert.deepEqual(indexTokens('Móviles'), ['movil', 'moviles']);
    assert.deepEqual(indexTokens(''), []);
  });
});

describe('search terms: queries', () => {
  test('a query word gives the alternatives that may start a document token, none a prefix of another', () => {
    assert.deepEqual(alternatives('capacitaciones'), [['capacit']]);
    assert.deepEqual(alternatives('Participación'), [['particip']]);
    // Without the accent the stemmer does not see the suffix: the folded word matches "participación" by prefix.
    assert.deepEqual(alternatives('participacion'), [['participacion']]);
    assert.deepEqual(alternatives('transp'), [['transp']]);
  });

  test('common words are left out unless there is nothing else; repeated words count once', () => {
    assert.deepEqual(
      parseQuery('participación de la ciudadanía').words.map((w) => w.word),
      ['participación', 'ciudadanía'],
    );
    assert.deepEqual(
      parseQuery('de la').words.map((w) => w.word),
      ['de', 'la'],
    );
    assert.deepEqual(
      parseQuery('Datos datos DATOS').words.map((w) => w.word),
      ['datos'],
    );
  });

  test('empty and non-text queries have no words, and do not throw', () => {
    for (const q of ['', '   ', '¡¿!?', '\u0000\u0007\u001b', null, undefined, 42, {}, ['a']]) {
      const parsed = parseQuery(q);
      assert.deepEqual(parsed.words, [], String(q));
      assert.equal(parsed.cut, false);
    }
  });

  test('control and format characters are removed; white space collapses', () => {
    assert.equal(parseQuery('  trans\u0000parencia\t\n  datos\u0007 ').text, 'trans parencia datos');
    assert.equal(parseQuery('gobi\u200berno\u00ad abierto\ud800').text, 'gobierno abierto');
    assert.deepEqual(
      parseQuery('gobi\u200berno').words.map((w) => w.word),
      ['gobierno'],
    );
  });

  test('a 5,000-character query is cut at a space, and at most 12 words are searched', () => {
    const long = parseQuery('transparencia '.repeat(360));
    assert.equal(long.cut, true);
    assert.ok(long.text.length <= MAX_QUERY_LENGTH);
    assert.ok(long.text.endsWith('transparencia'));
    assert.deepEqual(
      long.words.map((w) => w.word),
      ['transparencia'],
    );

    const oneWord = parseQuery('a'.repeat(5000));
    assert.equal(oneWord.cut, true);
    assert.equal(oneWord.text.length, MAX_QUERY_LENGTH);
    assert.equal(oneWord.words[0]!.alternatives[0]!.length, MAX_WORD_LENGTH);

    const many = parseQuery(Array.from({ length: 30 }, (_, i) => `palabra${i}`).join(' '));
    assert.equal(many.cut, true);
    assert.equal(many.words.length, MAX_QUERY_WORDS);
    assert.ok(many.text.endsWith('palabra11'));
    assert.equal(parseQuery('palabra1 palabra2').cut, false);
  });

  test('full-text syntax in a query is only separators: tokens are letters and digits', () => {
    const hostile = `"a" (b) AND c* d:e f&g|h !i \\j ^k NEAR/2 -l +m {n} <-> 'o' OR NOT`;
    const parsed = parseQuery(hostile);
    // "a", "e", "o", "and", "or" are common words; the thirteenth word on is cut.
    assert.deepEqual(
      parsed.words.map((w) => w.word),
      ['b', 'c', 'd', 'f', 'g', 'h', 'i', 'j', 'k', 'near', '2', 'l'],
    );
    assert.equal(parsed.cut, true);
    for (const alt of parsed.words.flatMap((w) => w.alternatives)) assert.match(alt, /^[\p{L}\p{N}]+$/u);
  });

  test('the database queries quote every token (and escape what quoting needs)', () => {
    assert.equal(ftsMatchQuery([['capacit'], ['particip', 'x']]), '("capacit"*) AND ("particip"* OR "x"*)');
    assert.equal(ftsMatchQuery([['a"b']]), '("a""b"*)');
    assert.equal(tsQueryText([['capacit'], ['particip', 'x']]), "('capacit':*) & ('particip':* | 'x':*)");
    assert.equal(tsQueryText([["o'k\\"]]), "('o''k\\\\':*)");
  });
});

describe('search terms: highlight and snippet', () => {
  test('the matched words are marked, whole, and the segments give the text back', () => {
    const title = '7. Fortalecer la gestión de la participación ciudadana';
    assert.deepEqual(highlight(title, parseQuery('participacion')), [
      { text: '7. Fortalecer la gestión de la ', match: false },
      { text: 'participación', match: true },
      { text: ' ciudadana', match: false },
    ]);
    // By stem: another form of the word; by prefix: the whole word.
    assert.deepEqual(marked(highlight('La capacitación y capacitar; capacidad.', parseQuery('capacitaciones'))), [
      'capacitación',
      'capacitar',
    ]);
    assert.deepEqual(marked(highlight('Portal de Transparencia Estándar', parseQuery('transp estandar'))), ['Transparencia', 'Estándar']);
    const text = 'Datos abiertos, (datos) y DATOS.';
    assert.equal(
      highlight(text, parseQuery('datos'))
        .map((s) => s.text)
        .join(''),
      text,
    );
    assert.deepEqual(marked(highlight(text, parseQuery('datos'))), ['Datos', 'datos', 'DATOS']);
  });

  test('without words nothing is marked; an empty text gives no segment', () => {
    assert.deepEqual(highlight('Texto', parseQuery('')), [{ text: 'Texto', match: false }]);
    assert.deepEqual(highlight('', parseQuery('texto')), []);
  });

  test('a snippet is the text around the first match, cut between words, with ellipses', () => {
    const before = 'uno dos tres cuatro cinco seis siete ocho nueve diez '.repeat(10);
    const after = ' once doce trece catorce quince dieciséis diecisiete '.repeat(10);
    const text = `${before}la participación ciudadana${after}`;
    const s = snippet(text, parseQuery('participacion'));
    assert.ok(s.startsWith('…') && s.endsWith('…'), s);
    assert.ok(s.includes('la participación ciudadana'));
    assert.ok(s.length <= SNIPPET_LENGTH + 2, String(s.length));
    const inner = s.slice(1, -1);
    // Whole words at both ends: the inner text stands between spaces in the (white space collapsed) text.
    assert.ok(` ${text.replace(/\s+/g, ' ')}`.includes(` ${inner} `), inner);
  });

  test('a snippet without a match is the beginning; a short text is whole; a long URL is cut inside', () => {
    const text = 'Primera frase del texto. '.repeat(30);
    const s = snippet(text, parseQuery('inexistente'));
    assert.ok(s.startsWith('Primera frase') && s.endsWith('…'));
    assert.equal(snippet('  Corto\n\n texto ', parseQuery('texto')), 'Corto texto');
    const url = `Enlace: http://example.org/${'segmento-'.repeat(60)}fin y más texto`;
    const u = snippet(url, parseQuery('enlace'));
    assert.ok(u.startsWith('Enlace: http://example.org/segmento-'));
    assert.ok(u.length >= SNIPPET_LENGTH - 2, String(u.length));
  });
});

describe('Markdown to plain text', () => {
  test('no syntax, entities decoded, one line per block, table cells and footnotes kept', () => {
    const md =
      '**Hola** [enlace](http://x) <http://y.z/a?b=1&c=2>\n\n- uno\n- dos &amp; tres\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nNota[^1].\n\n[^1]: Al pie.';
    assert.equal(markdownToText(md), 'Hola enlace http://y.z/a?b=1&c=2\nuno\ndos & tres\nA | B\n1 | 2\nNota.\nAl pie.');
    assert.equal(markdownToText(null), '');
    assert.equal(markdownToText('<script>alert(1)</script>'), '<script>alert(1)</script>');
  });
});
