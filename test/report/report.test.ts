import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LEVELS } from '../../src/domain/levels.js';
import { formatNumber } from '../../src/i18n/index.js';
import { cellText as seedCellText, lex } from '../../src/import/text-report/lexer.js';
import { isFichaStart } from '../../src/import/text-report/ficha.js';
import { fieldForLabel } from '../../src/import/text-report/labels.js';
import { writeReportDocx } from '../../src/report/docx.js';
import { getSummary } from '../../src/services/plans.js';
import { getCommitmentReview } from '../../src/services/reviews.js';
import { buildReport } from '../../src/services/report.js';
import type { Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { seededApp, type Seeded } from '../helpers/app.js';
import { eachDatabase } from '../helpers/databases.js';
import { seedText } from '../helpers/seed.js';
import { readDocx, type DocxReading } from './docx-xml.js';

/**
 * The self-assessment report checked against the data it is made from: every commitment's ficha with
 * its title and its X, the summary's percentages as `vigia summary` computes them, Word's heading
 * styles and a table-of-contents field, English with translations where stored and marks where not,
 * and the IRM's review kept out of the fichas (which must read back like the seed's Word tables).
 */
const isFicha = (t: string[][]) => /^Compromiso \d+\. /.test(t[1]?.[0] ?? '') || /^Commitment \d+\. /.test(t[1]?.[0] ?? '');

/** The template fields a run of label cells names, in order (the seed's reader's own label list). */
const fieldsOf = (cells: string[]) => cells.map((c) => fieldForLabel(c)).filter((f) => f !== null);

/** Commitment 1's ficha in the seed's text export, as its labels name its fields. */
function seedFichaFields(): string[] {
  const { cells } = lex(seedText());
  const start = cells.findIndex((_c, i) => isFichaStart(cells, i));
  const next = cells.findIndex((_c, i) => i > start + 2 && isFichaStart(cells, i));
  return fieldsOf(cells.slice(start, next).map(seedCellText));
}

describe('the self-assessment report', () => {
  eachDatabase((db) => {
    let s: Seeded;
    let store: Store;
    let es: DocxReading;
    before(async () => {
      s = await seededApp(db);
      store = s.store;
      es = await readDocx(await writeReportDocx(await buildReport(store, { lang: 'es', today: '2026-11-27' })));
    });
    after(() => s.app.close());

    test('one ficha table per commitment, with its title and the X under its level at the latest published round', async () => {
      const model = await buildReport(store, { lang: 'es' });
      const fichas = es.tables.filter(isFicha);
      const commitments = model.themes.flatMap((t) => t.fichas);
      assert.equal(commitments.length, 17);
      assert.equal(fichas.length, 17);
      const levels = await store.db
        .selectFrom('assessments')
        .innerJoin('commitments', 'commitments.id', 'assessments.commitment_id')
        .select(['commitments.number', 'commitments.title', 'assessments.level'])
        .where('assessments.round_id', '=', model.round.id)
        .execute();
      assert.equal(levels.length, 17);
      for (const row of levels) {
        const table = fichas.find((t) => t[1]![0] === `Compromiso ${row.number}. ${row.title}`);
        assert.ok(table, `a ficha titled "Compromiso ${row.number}. ${row.title}"`);
        const header = table.findIndex((r) => r[0] === 'Cumplimiento');
        assert.deepEqual(table[header], ['Cumplimiento', 'No iniciado', 'Limitado', 'Sustancial', 'Completo']);
        const marks = table[header + 1]!;
        assert.equal(marks.filter((c) => c === 'X').length, 1, `one X in commitment ${row.number}`);
        assert.equal(LEVELS[marks.indexOf('X') - 1], row.level, `commitment ${row.number}'s X`);
      }
    });

    test("each ficha's labels name the seed's template fields in the seed's order, and its cited evidence where it has some", async () => {
      const expected = seedFichaFields();
      assert.ok(expected.includes('problem') && expected.includes('completion') && expected.includes('additionalInfo'), expected.join());
      const citing = (await buildReport(store, { lang: 'es' })).themes.flatMap((t) => t.fichas).filter((f) => f.citedEvidence.length > 0);
      let withCited = 0;
      for (const table of es.tables.filter(isFicha)) {
        const fields = fieldsOf(table.flat());
        // The row of cited evidence (issue 20) is Vigía's: the seed's template has none.
        if (fields.includes('citedEvidence')) withCited++;
        assert.deepEqual(
          fields.filter((f) => f !== 'citedEvidence'),
          expected,
          table[1]![0],
        );
        assert.match(table[0]![0]!, /^Componente: /);
      }
      assert.ok(citing.length > 0, 'the import cites evidence (issue 20)');
      assert.equal(withCited, citing.length, 'a row of cited evidence in each ficha that cites some');
    });

    test("the summary table's figures are the summary service's (`vigia summary`)", async () => {
      const { summary } = await getSummary(store, s.planId, undefined, { includeDrafts: true });
      const table = es.tables.find((t) => t[0]?.[0] === 'Compromisos')!;
      assert.ok(table, 'the summary table');
      assert.deepEqual(table[0], ['Compromisos', 'No iniciado', 'Limitado', 'Sustancial', 'Completo', 'Total']);
      assert.deepEqual(table.at(-1), ['%', ...LEVELS.map((l) => formatNumber(summary.percentages[l], 'es')), '100']);
      assert.deepEqual(table.at(-1), ['%', '17,6', '5,9', '11,8', '64,7', '100']);
      assert.deepEqual(table.at(-2), ['Total', ...LEVELS.map((l) => String(summary.total.counts[l])), '17']);
      for (const row of summary.rows) {
        assert.deepEqual(
          table.find((r) => r[0] === row.theme),
          [row.theme, ...LEVELS.map((l) => String(row.counts[l])), String(row.total)],
        );
      }
    });

    test('the comparison across rounds has every commitment at each round, headed as the seed heads it', () => {
      const table = es.tables.find((t) => t[0]?.[0] === 'N°')!;
      assert.ok(table, 'the comparison table');
      assert.deepEqual(table[0], ['N°', 'Compromiso', 'Evaluación intermedia\nSeptiembre de 2016', 'Evaluación final\nSeptiembre de 2017']);
      assert.equal(table.length, 18);
      assert.deepEqual(table[1], [
        '1.',
        'Modificación de la Ley de Transparencia y Acceso a la Información Pública',
        'No iniciado',
        'No iniciado',
      ]);
      assert.deepEqual(table[5]?.slice(2), ['Limitado', 'Completo']);
    });

    test("Word's heading styles, a table-of-contents field, the chart as a picture with its description", () => {
      const h = (style: string) => es.paragraphs.filter((p) => p.style === style).map((p) => p.text);
      assert.deepEqual(h('Heading1'), [
        'Glosario',
        '1. Introducción y antecedentes',
        '2. Proceso de elaboración del Plan de Acción Nacional de Gobierno Abierto 2015-2016',
        '3. Incorporación de las recomendaciones del mecanismo de revisión independiente (MRI) del Primer PAGA (2012-2013)',
        '4. Cumplimiento de la implementación de los compromisos del Plan de Acción Nacional de Gobierno Abierto 2015-2016',
        '5. Conclusiones y recomendaciones',
      ]);
      assert.deepEqual(h('Heading2'), [
        'Tema 1: Transparencia y acceso a la información pública',
        'Tema 2: Participación ciudadana',
        'Tema 3: Rendición de cuentas',
        'Tema 4: Mejora de los servicios públicos',
      ]);
      assert.ok(h('Heading3').includes('Difusión del Proceso de elaboración'));
      assert.match(es.xml, /<w:instrText[^>]*>\s*TOC \\h \\o &quot;1-3&quot;/);
      assert.equal(h('Title').length, 1);
      assert.match(es.xml, /<wp:docPr [^>]*descr="Gráfico de barras: compromisos de cada tema por nivel de cumplimiento/);
      assert.match(es.xml, /<asvg:svgBlip|svgBlip/);
      // The glossary as the seed writes it: term, tab, definition.
      assert.ok(es.paragraphs.some((p) => p.text === 'MRI\tMecanismo de Evaluación Independiente'));
      // A footnote of section 2 is a Word footnote.
      assert.match(es.footnotes, /PLAN_AGA\.pdf/);
    });

    test("the narrative sections are the plan's stored texts, each theme closes with its synthesis", () => {
      const texts = es.paragraphs.map((p) => p.text);
      assert.ok(
        texts.some((t) => t.startsWith('La Alianza para el Gobierno Abierto (Open Government Partnership) es una iniciativa global')),
      );
      assert.ok(texts.some((t) => t.startsWith('En síntesis, de los 6 compromisos establecidos en materia de Transparencia')));
      assert.ok(texts.some((t) => t.startsWith('c) Se ha alcanzado un alto nivel de cumplimiento')));
    });

    test('in English: interface words in English, stored translations used, the rest marked as not translated', async () => {
      const c1 = s.commitment(1);
      const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString() });
      await w.insert('translations', {
        entity: 'commitments',
        entity_id: c1,
        field: 'title',
        lang: 'en',
        text: 'Amending the Transparency and Access to Public Information Act',
      });
      const model = await buildReport(store, { lang: 'en' });
      const en = await readDocx(await writeReportDocx(model));
      const fichas = en.tables.filter(isFicha);
      assert.equal(fichas.length, 17);
      const first = fichas.find((t) => t[1]![0]!.startsWith('Commitment 1. '))!;
      assert.equal(first[1]![0], 'Commitment 1. Amending the Transparency and Access to Public Information Act');
      assert.equal(
        fichas.find((t) => t[1]![0]!.startsWith('Commitment 2. '))![1]![0],
        'Commitment 2. Mejora del Portal de Transparencia Estándar [not translated]',
      );
      const header = first.findIndex((r) => r[0] === 'Completion');
      assert.deepEqual(first[header], ['Completion', 'Not started', 'Limited', 'Substantial', 'Complete']);
      assert.ok(fieldsOf(first.flat()).length >= 10, 'the English labels are the English template’s');
      assert.ok(en.paragraphs.some((p) => p.style === 'Heading2' && p.text.startsWith('Theme 1: ')));
      assert.ok(
        en.paragraphs.some((p) => p.text === '[not translated]'),
        'untranslated long texts are marked',
      );
      const summary = en.tables.find((t) => t[0]?.[0] === 'Commitments')!;
      assert.deepEqual(summary.at(-1), ['%', '17.6', '5.9', '11.8', '64.7', '100']);
      // The sentence made from the counts is in English.
      assert.equal(model.themes[0]!.sentence.startsWith('Of the 6 commitments'), true);
    });

    test("the IRM's review goes in an annex (starred computed), its recommendations in section 3; the fichas stay the seed's", async () => {
      const now = new Date().toISOString();
      const w = new AuditedWriter(store.db, { actor: 'test', at: now }).forPlan(s.planId);
      await w.insert('irm_reviews', {
        commitment_id: s.commitment(2),
        report: 'end-of-term',
        report_year: 2017,
        specificity: 'high',
        value_access_to_information: 1,
        value_civic_participation: 0,
        value_public_accountability: 0,
        value_technology_and_innovation: 1,
        potential_impact: 'transformative',
        completion: 'substantial',
        diog_overall: 'major',
        diog_access_to_information: null,
        diog_civic_participation: null,
        diog_public_accountability: null,
        text: 'El portal <script>alert(1)</script> mejoró.',
        origin: 'user',
      });
      await w.insert('irm_recommendations', {
        plan_id: s.planId,
        source: 'Informe de avance 2012-2013',
        position: 1,
        text: 'Crear una autoridad autónoma de transparencia.',
        answer: 'Se incluyó como compromiso.',
        status: 'partly-addressed',
        action: 'Decreto Legislativo N° 1353.',
        lang: 'es',
      });
      const model = await buildReport(store, { lang: 'es' });
      assert.equal(model.reviews.length, 1);
      assert.equal(model.reviews[0]!.review.starred, true);
      assert.deepEqual(
        model.reviews[0]!.review.agreement,
        { kind: 'lower', steps: 1 },
        'substantial (IRM) against complete (self-assessment)',
      );
      const doc = await readDocx(await writeReportDocx(model));
      assert.equal(doc.tables.filter(isFicha).length, 17);
      for (const t of doc.tables.filter(isFicha)) assert.ok(!t.flat().some((c) => /Especificidad|★/.test(c)), 'no review inside a ficha');
      const review = doc.tables.find((t) => t[0]?.[0] === 'Especificidad')!;
      assert.deepEqual(
        review.map((r) => r[0]),
        [
          'Especificidad',
          'Relevancia frente a los valores de OGP',
          'Impacto potencial',
          'Cumplimiento (MRI)',
          'Cumplimiento (autoevaluación)',
          '¿Contribuyó a abrir el gobierno?',
          'Compromiso estelar',
        ],
      );
      assert.equal(review[6]![1], '★ Sí');
      assert.equal(review[3]![1], 'Sustancial (El MRI asigna 1 nivel menos)');
      assert.deepEqual(
        review[1],
        [
          'Relevancia frente a los valores de OGP',
          'Acceso a la información, Tecnología e innovación para la transparencia y la rendición de cuentas',
        ],
        "the review page's words",
      );
      const label = doc.paragraphs.findIndex((p) => p.text === 'Texto del MRI');
      assert.ok(label > 0 && doc.paragraphs[label + 1]!.text.startsWith('El portal'), "the reviewer's text under its label");
      const annex = doc.paragraphs.findIndex((p) => p.style === 'Heading1' && p.text === 'Anexos');
      const conclusions = doc.paragraphs.findIndex((p) => p.style === 'Heading1' && p.text.startsWith('5. '));
      assert.ok(annex > conclusions, 'the annex comes after the conclusions');
      const recs = doc.tables.find((t) => t[0]?.[0] === 'Recomendación')!;
      assert.deepEqual(recs[1], [
        'Crear una autoridad autónoma de transparencia.',
        'Se incluyó como compromiso.',
        'Atendida en parte',
        'Decreto Legislativo N° 1353.',
      ]);
      // The HTML view escapes what the reviewer typed.
      const { renderReportHtml } = await import('../../src/report/html.js');
      const html = renderReportHtml(model, { stylesheet: 'inline' });
      assert.doesNotMatch(html, /<script>alert/);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    });
    test("a progress report is set beside the mid-term self-assessment, as on the commitment's page", async () => {
      const rounds = await store.db
        .selectFrom('rounds')
        .selectAll()
        .where('plan_id', '=', s.planId)
        .where('published', '=', 1)
        .orderBy('position')
        .execute();
      const mid = rounds.find((r) => r.kind === 'midterm')!;
      const end = rounds.find((r) => r.kind === 'end-of-term')!;
      assert.ok(mid && end, 'the seed has a mid-term and a final round');
      const levels = await store.db
        .selectFrom('assessments')
        .select(['commitment_id', 'round_id', 'level'])
        .where('round_id', 'in', [mid.id, end.id])
        .execute();
      const at = (round: number, c: number) => levels.find((l) => l.round_id === round && l.commitment_id === c)?.level;
      // A commitment whose level changed between the two rounds: the round compared with decides the agreement.
      const c = levels.find(
        (l) => l.round_id === mid.id && l.level && at(end.id, l.commitment_id) && at(end.id, l.commitment_id) !== l.level,
      )!;
      assert.ok(c, 'a commitment whose level changed');
      const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString() }).forPlan(s.planId);
      await w.insert('irm_reviews', {
        commitment_id: c.commitment_id,
        report: 'progress',
        report_year: 2016,
        specificity: 'medium',
        value_access_to_information: 1,
        value_civic_participation: 0,
        value_public_accountability: 0,
        value_technology_and_innovation: 0,
        potential_impact: 'moderate',
        completion: c.level,
        diog_overall: null,
        diog_access_to_information: null,
        diog_civic_participation: null,
        diog_public_accountability: null,
        text: null,
        origin: 'user',
      });
      const model = await buildReport(store, { lang: 'es' });
      const inReport = model.reviews.find((r) => r.review.report === 'progress')!;
      const page = (await getCommitmentReview(store, c.commitment_id)).reviews.find((r) => r.report === 'progress')!;
      assert.deepEqual(inReport.review.agreement, { kind: 'same' }, 'the mid-term level, not the final one');
      assert.deepEqual(inReport.review.agreement, page.agreement);
      assert.equal(inReport.review.starred, page.starred);
      assert.deepEqual(inReport.review.self, page.self);
      const html = (await import('../../src/report/html.js')).renderReportHtml(model, { stylesheet: 'inline' });
      assert.match(html, /Coinciden/);
    });

    test("a plan with no stored sections and one published round: the template's sections, a computed synthesis, a DOCX", async () => {
      const w = new AuditedWriter(store.db, { actor: 'test', at: new Date().toISOString() });
      const gov = await w.insert('governments', { name: 'Uruguay', kind: 'national', country_code: 'UY', lang: 'es' });
      const plan = await w.insert('plans', {
        government_id: gov,
        title: 'Plan de prueba 2020-2022',
        lang: 'es',
        period_start: 2020,
        period_end: 2022,
        approval_instrument: null,
        approval_date: null,
        status: 'completed',
        ogp_number: null,
      });
      const theme = await w.insert('themes', {
        plan_id: plan,
        position: 0,
        title: 'Datos abiertos',
        intro: null,
        synthesis: null,
        lang: 'es',
      });
      const c = await w.insert('commitments', {
        plan_id: plan,
        theme_id: theme,
        number: 1,
        title: 'Abrir los datos de compras',
        lang: 'es',
        problem: null,
        objective: null,
        description: null,
        relevance: null,
        ambition: null,
        additional_info: null,
        other_actors_government: null,
        other_actors_civil_society: null,
        other_fields: null,
        planned_start: '2020-07-01',
        planned_end: '2022-06-30',
        ogp_id: null,
        supporting_institutions: null,
        policy_areas: null,
        continues_id: null,
      });
      const round = await w.insert('rounds', {
        plan_id: plan,
        position: 0,
        kind: 'end-of-term',
        title: 'Evaluación final',
        lang: 'es',
        cutoff_date: '2022-08-31',
        published: 1,
        published_at: new Date().toISOString(),
      });
      await w.insert('assessments', {
        round_id: round,
        commitment_id: c,
        level: 'limited',
        results: null,
        additional_info: null,
        reasons: null,
        next_steps: null,
        lang: 'es',
      });
      const model = await buildReport(store, { planId: plan, lang: 'es' });
      assert.deepEqual(
        [...model.before, model.implementation, ...model.after].map((x) => `${x.number} ${x.key}`),
        ['1 background', '2 process', '3 irm', '4 implementation', '5 conclusions'],
      );
      assert.equal(model.glossary, null);
      assert.equal(model.themes[0]!.sentence, 'El único compromiso de Datos abiertos tiene avance limitado.');
      const doc = await readDocx(await writeReportDocx(model));
      assert.ok(doc.paragraphs.some((p) => p.text === 'El único compromiso de Datos abiertos tiene avance limitado.'));
      const ficha = doc.tables.find(isFicha)!;
      assert.deepEqual(
        ficha.find((r) => r[0] === 'Fecha de inicio'),
        ['Fecha de inicio', '1 de julio de 2020'],
      );
      assert.equal(ficha[ficha.findIndex((r) => r[0] === 'Cumplimiento') + 1]![2], 'X');
    });
  });
});
