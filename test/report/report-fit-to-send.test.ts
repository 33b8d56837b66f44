import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Document, Paragraph, TextRun } from 'docx';
import { layoutDocument } from 'docx/layout';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { parse } from 'node-html-parser';
import { LEVELS, levelLabel } from '../../src/domain/levels.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { renderReport } from '../../src/services/report.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { docxAsWordText } from './docx-text.js';
import { elements } from './docx-xml.js';

/**
 * The report fit to send (issue 20), on the demo plan: each commitment's reasons and cited evidence in the
 * DOCX (read back with mammoth) and the print view, as the commitment's page shows them; Word's contents
 * field, refreshed on open; summary and comparison headers whose words fit their columns whole; file names
 * in the report's language; and the figure the conclusions quote ("65%") checked against the computed
 * table on the workspace's report page.
 */
const NOW = '2026-12-01T10:00:00.000Z';

/** Every header cell of the summary, the comparison and the fichas' completion row: its words and the room they have. */
interface HeaderCell {
  table: string;
  text: string;
  /** Twips across the cell less its left and right margins. */
  room: number;
  /** Points. */
  size: number;
  bold: boolean;
}

const attr = (xml: string, re: RegExp) => {
  const m = re.exec(xml);
  return m ? Number(m[1]) : null;
};

function headerCells(documentXml: string, defaultMargin: number): HeaderCell[] {
  const out: HeaderCell[] = [];
  for (const tbl of elements(documentXml.slice(documentXml.indexOf('<w:body>')), 'w:tbl')) {
    const tblPr = /<w:tblPr>[\s\S]*?<\/w:tblPr>/.exec(tbl)?.[0] ?? '';
    const grid = [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const margin = (side: string, xml: string) => attr(xml, new RegExp(`<w:${side} w:type="dxa" w:w="(\\d+)"/>`));
    const tblMar = /<w:tblCellMar>[\s\S]*?<\/w:tblCellMar>/.exec(tblPr)?.[0] ?? '';
    const rows = elements(tbl.slice(tbl.indexOf('>') + 1), 'w:tr');
    const textOf = (tc: string) => [...tc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ');
    const cellsOf = (tr: string) => elements(tr.slice(tr.indexOf('>') + 1), 'w:tc');
    const first = cellsOf(rows[0] ?? '').map(textOf);
    const kind =
      first[0] === 'Compromisos' || first[0] === 'Commitments'
        ? 'summary'
        : first[0] === 'N°' || first[0] === 'No.'
          ? 'comparison'
          : /^(Componente|Theme): /.test(first[0] ?? '')
            ? 'ficha'
            : null;
    if (!kind) continue;
    const headerRows =
      kind === 'ficha' ? rows.filter((tr) => /^(Cumplimiento|Completion)$/.test(textOf(cellsOf(tr)[0] ?? ''))) : [rows[0]!];
    for (const tr of headerRows) {
      let column = 0;
      for (const tc of cellsOf(tr)) {
        const span = attr(tc, /<w:gridSpan w:val="(\d+)"\/>/) ?? 1;
        const width = grid.slice(column, column + span).reduce((a, b) => a + b, 0);
        column += span;
        const tcMar = /<w:tcMar>[\s\S]*?<\/w:tcMar>/.exec(tc)?.[0] ?? '';
        const side = (s: string) => margin(s, tcMar) ?? margin(s, tblMar) ?? defaultMargin;
        const run = /<w:rPr>[\s\S]*?<\/w:rPr>/.exec(tc)?.[0] ?? '';
        out.push({
          table: kind,
          text: textOf(tc),
          room: width - side('left') - side('right'),
          size: (attr(run, /<w:sz w:val="(\d+)"\/>/) ?? 22) / 2,
          bold: /<w:b\/>/.test(run),
        });
      }
    }
  }
  return out;
}

/**
 * How wide each word is, in twips, laid out by docx's own layout (docx/layout, Word's widths): in Calibri, the
 * document's font, and in Verdana, as wide as DejaVu Sans, which LibreOffice draws in where Calibri is missing.
 */
function wordWidths(words: { text: string; size: number; bold: boolean }[]): number[] {
  const fonts = ['Calibri', 'Verdana'];
  const runs = words.flatMap((w) => fonts.map((font) => ({ ...w, font })));
  const doc = new Document({
    sections: [
      {
        children: runs.map(
          (w) => new Paragraph({ children: [new TextRun({ text: w.text, font: w.font, size: w.size * 2, bold: w.bold })] }),
        ),
      },
    ],
  });
  const widths: number[] = [];
  for (const page of layoutDocument(doc).pages)
    for (const b of page.body) if (b.type === 'paragraph') widths.push(b.lines[0]!.textWidth * 15); // px → twips
  assert.equal(widths.length, runs.length);
  return words.map((_w, i) => Math.max(widths[2 * i]!, widths[2 * i + 1]!));
}

describe('the report fit to send', () => {
  eachDatabase((db) => {
    let s: Seeded;
    let coordinator: SignedIn;
    let finalRound: number;
    /** Commitment n's assessment in the final round. */
    const finalAssessment = (n: number) =>
      s.store.db
        .selectFrom('assessments')
        .selectAll()
        .where('round_id', '=', finalRound)
        .where('commitment_id', '=', s.commitment(n))
        .executeTakeFirstOrThrow();
    /** The final round's report in each language: the DOCX, its XML, mammoth's HTML of it. */
    const docx = new Map<'es' | 'en', { bytes: Buffer; fileName: string; xml: string; settings: string; html: ReturnType<typeof parse> }>();
    const reasons = new Map<number, string>();
    const cited = new Map<number, string[]>();

    before(async () => {
      s = await seededApp(db);
      coordinator = await signIn(s.app, s.store, { role: 'coordinator' });
      finalRound = s.roundIds.at(-1)!;
      const w = new AuditedWriter(s.store.db, { actor: 'test', at: NOW }).forPlan(s.planId);
      const assessments = await s.store.db.selectFrom('assessments').selectAll().where('round_id', '=', finalRound).execute();
      // Reasons for every No iniciado and Limitado, as the round's workflow asks for them.
      for (const a of assessments.filter((x) => x.level === 'not-started' || x.level === 'limited')) {
        const text = `Razón registrada para el compromiso ${a.commitment_id}: el reglamento no se aprobó a tiempo.`;
        reasons.set(a.commitment_id, text);
        await w.update('assessments', a, { reasons: text });
      }
      assert.ok(reasons.size >= 4, 'the demo plan has No iniciado and Limitado commitments');
      // Evidence cited by every Completo: the import cites its links and numbered documents (issue 20); the first one cites a file too.
      const file = await w.insert('files', {
        sha256: 'a'.repeat(64),
        name: 'Oficio N° 290-2017.pdf',
        media_type: 'application/pdf',
        size: 52_431,
        storage_key: `aa/${'a'.repeat(64)}`,
      });
      const completes = assessments.filter((x) => x.level === 'complete');
      for (const a of completes) {
        const items = await s.store.db.selectFrom('evidence').selectAll().where('commitment_id', '=', a.commitment_id).execute();
        if (a === completes[0]) {
          const id = await w.insert('evidence', {
            commitment_id: a.commitment_id,
            activity_id: null,
            position: items.length,
            kind: 'file',
            url: null,
            file_id: file,
            description: 'Oficio de remisión del informe final',
            origin: 'user',
          });
          await w.insert('assessment_evidence', { assessment_id: a.id, evidence_id: id });
          items.push(await s.store.db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
        }
        const citedIds = (
          await s.store.db.selectFrom('assessment_evidence').select('evidence_id').where('assessment_id', '=', a.id).execute()
        ).map((x) => x.evidence_id);
        assert.deepEqual(
          citedIds.sort((x, y) => x - y),
          items.map((e) => e.id).sort((x, y) => x - y),
          `commitment ${a.commitment_id}: every item cited`,
        );
        cited.set(
          a.commitment_id,
          items.map((e) => e.url ?? (e.kind === 'file' ? 'Oficio N° 290-2017.pdf' : e.description!)),
        );
      }
      assert.ok(cited.size >= 10, 'every Completo cites evidence');
      for (const lang of ['es', 'en'] as const) {
        const report = await renderReport(s.store, { planId: s.planId, lang, format: 'docx', today: '2026-12-01', siteUrl: null });
        const zip = await JSZip.loadAsync(report.bytes);
        docx.set(lang, {
          bytes: report.bytes,
          fileName: report.fileName,
          xml: await zip.file('word/document.xml')!.async('string'),
          settings: await zip.file('word/settings.xml')!.async('string'),
          html: parse((await mammoth.convertToHtml({ buffer: report.bytes })).value),
        });
      }
    });
    after(() => s.app.close());

    const numberOf = async (commitmentId: number) =>
      (await s.store.db.selectFrom('commitments').select('number').where('id', '=', commitmentId).executeTakeFirstOrThrow()).number;

    test("the DOCX read back with mammoth: every commitment's reasons and cited evidence, in its ficha", async () => {
      for (const lang of ['es', 'en'] as const) {
        const html = docx.get(lang)!.html;
        const fichas = html.querySelectorAll('table').filter((t) => /^(Componente|Theme): /.test(t.querySelector('td')?.text.trim() ?? ''));
        assert.equal(fichas.length, 17, lang);
        const fichaOf = async (id: number) => {
          const n = await numberOf(id);
          const ficha = fichas.find((t) =>
            t
              .querySelectorAll('tr')[1]!
              .text.trim()
              .startsWith(`${lang === 'es' ? 'Compromiso' : 'Commitment'} ${n}. `),
          )!;
          return ficha.querySelectorAll('tr').map((tr) => tr.text.trim());
        };
        const reasonsLabel = lang === 'es' ? 'Razones' : 'Reasons';
        const evidenceLabel = lang === 'es' ? 'Evidencia citada' : 'Cited evidence';
        for (const [id, text] of reasons) {
          const rows = await fichaOf(id);
          const at = rows.indexOf(reasonsLabel);
          assert.ok(at > 0, `${lang}: commitment ${id} has its reasons' row`);
          assert.ok(rows[at + 1]!.includes(text), `${lang}: commitment ${id}'s reasons`);
          assert.ok(at > rows.findIndex((r) => /^(Descripción de los resultados|Description of results)$/.test(r)), 'after the results');
        }
        for (const [id, items] of cited) {
          const rows = await fichaOf(id);
          const at = rows.indexOf(evidenceLabel);
          assert.ok(at > 0, `${lang}: commitment ${id} has its cited evidence's row`);
          for (const item of items) assert.ok(rows[at + 1]!.includes(item), `${lang}: commitment ${id} cites ${item}`);
        }
        // A link is a link; a file is named with its size.
        const first = [...cited.values()].flat().find((x) => x.startsWith('http'))!;
        assert.ok(html.querySelector(`a[href="${first}"]`), 'a cited link is a hyperlink');
        const file =
          lang === 'es'
            ? 'Oficio N° 290-2017.pdf (archivo, 51 kB) — Oficio de remisión'
            : 'Oficio N° 290-2017.pdf (file, 51 kB) — Oficio de remisión';
        assert.ok(html.text.includes(file), `${lang}: the file cited, named with its size`);
      }
    });

    test('the Word import reads the reasons back, and takes the cited evidence for known labels (no unknown label)', async () => {
      const back = readTextReport(Buffer.from(await docxAsWordText(docx.get('es')!.bytes)), 'report.txt');
      assert.deepEqual(
        back.warnings.filter((w) => w.code === 'unknown_label'),
        [],
      );
      for (const [id, text] of reasons) {
        const n = await numberOf(id);
        assert.equal(back.commitments.find((c) => c.number === n)?.reasons, text, `commitment ${n}`);
      }
      for (const c of back.commitments) assert.deepEqual(c.otherFields, [], `commitment ${c.number}`);
    });

    test('the print view (/planes/:id/informe) shows the same reasons and cited evidence, in Spanish and English', async () => {
      for (const lang of ['es', 'en'] as const) {
        const res = await s.app.inject({ url: `${lang === 'en' ? '/en' : ''}/planes/${s.planId}/informe` });
        assert.equal(res.statusCode, 200);
        const page = parse(res.body);
        for (const [id, text] of reasons) {
          const ficha = page.querySelector(`#commitment-${await numberOf(id)}`)!;
          const ths = ficha.querySelectorAll('th').map((th) => th.text.trim());
          assert.ok(ths.includes(lang === 'es' ? 'Razones' : 'Reasons'), `${lang}: ${id}`);
          assert.ok(ficha.text.includes(text));
        }
        for (const [id, items] of cited) {
          const list = page.querySelector(`#commitment-${await numberOf(id)} ul.evidence`);
          assert.ok(list, `${lang}: commitment ${id} lists its cited evidence`);
          for (const item of items) assert.ok(list.text.includes(item), `${lang}: ${item}`);
        }
        // On the site, a cited file links to where the site serves it.
        assert.ok(page.querySelector('ul.evidence a[href^="/evidencias/"][href$="/archivo"]'), 'the file is linked');
      }
    });

    test("Word's contents: a TOC field with an entry and a page reference per heading, refreshed when Word opens the file", async () => {
      const { xml, settings } = docx.get('es')!;
      assert.match(xml, /<w:instrText[^>]*>TOC \\h \\o &quot;1-3&quot;<\/w:instrText>/);
      assert.ok([...xml.matchAll(/<w:instrText[^>]*>PAGEREF _Toc\d+ \\h<\/w:instrText>/g)].length >= 12, 'a page reference per heading');
      assert.match(settings, /<w:updateFields(?: w:val="(?:true|1)")?\/>/);
      assert.doesNotMatch(settings, /<w:autoHyphenation(?! w:val="(?:false|0)")/, 'no hyphenation');
    });

    test('the summary and comparison headers are whole words, and each fits its column in Calibri and in the widest fallback font', async () => {
      for (const lang of ['es', 'en'] as const) {
        // With the "not assessed" column too: one commitment without a level in the round.
        for (const unassessed of [false, true]) {
          const w = new AuditedWriter(s.store.db, { actor: 'test', at: NOW }).forPlan(s.planId);
          const one = await finalAssessment(17);
          const level = one.level;
          if (unassessed) await w.update('assessments', one, { level: null });
          try {
            let xml = docx.get(lang)!.xml;
            let html = docx.get(lang)!.html;
            if (unassessed) {
              const report = await renderReport(s.store, { planId: s.planId, lang, format: 'docx', today: '2026-12-01' });
              xml = await (await JSZip.loadAsync(report.bytes)).file('word/document.xml')!.async('string');
              html = parse((await mammoth.convertToHtml({ buffer: report.bytes })).value);
            }
            const cells = headerCells(xml, 108);
            const summary = cells.filter((c) => c.table === 'summary').map((c) => c.text);
            const words =
              lang === 'es' ? ['No iniciado', 'Limitado', 'Sustancial', 'Completo'] : ['Not started', 'Limited', 'Substantial', 'Complete'];
            assert.deepEqual(summary.slice(1, 5), words);
            assert.equal(summary.length, unassessed ? 7 : 6);
            // Read back with mammoth, each header is the whole word.
            const table = html.querySelectorAll('table').find((t) => t.querySelector('td')?.text.trim() === summary[0])!;
            assert.deepEqual(
              table
                .querySelectorAll('tr')[0]!
                .querySelectorAll('td')
                .map((td) => td.text.trim())
                .slice(1, 5),
              LEVELS.map((l) => levelLabel(l, lang)),
            );
            const checked = cells.filter((c) => c.table !== 'ficha' || LEVELS.some((l) => levelLabel(l, lang) === c.text));
            // A word may break after a hyphen ("End-of-term"); room to spare (5 %) for the fallback fonts' own widths and the borders.
            const all = checked.flatMap((c) => [...c.text.matchAll(/[^\s-]+-?/g)].map((m) => ({ ...c, word: m[0] })));
            const widths = wordWidths(all.map((x) => ({ text: x.word, size: x.size, bold: x.bold })));
            const tooWide = all
              .map((x, i) => ({ ...x, width: Math.ceil(widths[i]! * 1.05) }))
              .filter((x) => x.width > x.room)
              .map((x) => `${x.table} "${x.word}" (${x.size} pt): ${x.width} twips in ${x.room}`);
            assert.deepEqual(tooWide, [], `${lang}${unassessed ? ', with a column of commitments not assessed' : ''}`);
          } finally {
            if (unassessed) await w.update('assessments', { ...one, level: null }, { level });
          }
        }
      }
    });

    test("file names in the report's language, never mixed", async () => {
      assert.equal(docx.get('es')!.fileName, 'autoevaluacion-plan-de-accion-de-gobierno-abierto-2015-2016-evaluacion-final-es.docx');
      assert.equal(docx.get('en')!.fileName, 'self-assessment-plan-de-accion-de-gobierno-abierto-2015-2016-end-of-term-en.docx');
      const mid = await renderReport(s.store, { planId: s.planId, roundId: s.roundIds[0], lang: 'es', format: 'html' });
      assert.match(mid.fileName, /-evaluacion-intermedia-es\.html$/);
      const midEn = await renderReport(s.store, { planId: s.planId, roundId: s.roundIds[0], lang: 'en', format: 'html' });
      assert.match(midEn.fileName, /-mid-term-en\.html$/);
    });

    test('the workspace report page: "(65%)" agrees with 64,7 %; once a Completo is lowered (58,8 %), the sentence is listed, es and en', async () => {
      const page = async (lang: 'es' | 'en') => {
        const res = await s.app.inject({
          url: `${lang === 'en' ? '/en' : ''}/espacio/planes/${s.planId}/informe`,
          headers: { cookie: coordinator.cookie },
        });
        assert.equal(res.statusCode, 200, res.body.slice(0, 300));
        return parse(res.body).querySelector('section[aria-labelledby="figures-heading"]');
      };
      const agreed = await page('es');
      assert.ok(agreed, 'the check is on the page');
      assert.equal(agreed.querySelectorAll('li').length, 0);
      assert.match(agreed.text, /coinciden con las tablas calculadas para «Evaluación final \(septiembre de 2017\)»/);

      // One Completo of the first theme lowered to Sustancial: 10 of 17 (58,8 %), as the issue found it.
      const w = new AuditedWriter(s.store.db, { actor: 'test', at: NOW }).forPlan(s.planId);
      const two = await finalAssessment(2);
      assert.equal(two.level, 'complete');
      await w.update('assessments', two, { level: 'substantial' });
      try {
        const es = (await page('es'))!;
        const items = es.querySelectorAll('li');
        assert.equal(items.length, 1, es.text);
        const item = items[0]!.text.replace(/\s+/g, ' ');
        assert.match(item, /^Sección «Conclusiones y recomendaciones»: /);
        assert.match(item, /Se ha alcanzado un alto nivel de cumplimiento de los compromisos del PAGA 2015-2016 \(65%\)/);
        assert.match(item, /Dice «65%»; la tabla da 58,8 % \(Completo: 10 de 17 compromisos\)\./);
        assert.equal(items[0]!.querySelector('a')?.getAttribute('href'), '#section-conclusions');
        assert.match(
          es.text,
          /Una cifra citada en los textos del informe no coincide con las tablas calculadas para «Evaluación final \(septiembre de 2017\)»/,
        );

        const en = (await page('en'))!;
        const enItem = en.querySelectorAll('li')[0]!;
        assert.equal(enItem.querySelector('q')?.getAttribute('lang'), 'es', 'the Spanish sentence is marked as Spanish');
        assert.match(
          enItem.text.replace(/\s+/g, ' '),
          /^Section “Conclusiones y recomendaciones”: .*\(65%\).* It says “65%”; the table gives 58\.8% \(Complete: 10 of 17 commitments\)\./,
        );
        assert.match(
          en.text,
          /A figure quoted in the report’s texts does not agree with the tables computed for “End-of-term assessment \(September 2017\)”/,
        );
      } finally {
        await w.update('assessments', { ...two, level: 'substantial' }, { level: 'complete' });
      }
    });
  });
});
