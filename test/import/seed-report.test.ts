import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readTextReport } from '../../src/import/text-report/index.js';
import type { ParsedCommitment } from '../../src/import/model.js';
import { seedBytes } from '../helpers/seed.js';

/** The reader on the real 2015–2016 report: every number the issue names, every ficha field of 1, 5 and 12. */
const report = readTextReport(seedBytes(), 'seed.txt');
const commitment = (n: number): ParsedCommitment => report.commitments.find((c) => c.number === n)!;

describe('reading the 2015–2016 end-of-term report', () => {
  test('the plan: Peru, 2015-2016, approved by Resolución Ministerial N° 176-2015-PCM', () => {
    assert.equal(report.government?.name, 'Perú');
    assert.equal(report.government?.countryCode, 'PE');
    assert.equal(report.plan.title, 'Plan de Acción de Gobierno Abierto 2015-2016');
    assert.equal(report.plan.periodStart, 2015);
    assert.equal(report.plan.periodEnd, 2016);
    assert.equal(report.plan.approvalInstrument, 'Resolución Ministerial N° 176-2015-PCM');
    assert.equal(report.plan.approvalDate, '2015-07-17');
    assert.equal(report.plan.status, 'completed');
    assert.equal(report.language, 'es');
  });

  test('four themes in the report’s order, however the report spells them', () => {
    assert.deepEqual(
      report.themes.map((t) => t.title),
      [
        'Transparencia y acceso a la información pública',
        'Participación ciudadana',
        'Rendición de cuentas',
        'Mejora de los servicios públicos',
      ],
    );
    assert.ok(report.themes[1]!.spellings.includes('PARTICIPACION CIUDADANA'));
    assert.deepEqual(
      report.commitments.map((c) => c.themeIndex),
      [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3],
    );
  });

  test('17 commitments numbered 1–17 and no warnings', () => {
    assert.deepEqual(
      report.commitments.map((c) => c.number),
      Array.from({ length: 17 }, (_, i) => i + 1),
    );
    assert.deepEqual(report.warnings, []);
  });

  test('the end-of-term level of each commitment from the X of its ficha', () => {
    const levels = report.commitments.map((c) => c.levelText);
    assert.deepEqual(levels, [
      'No iniciado',
      'Completo',
      'Completo',
      'Sustancial',
      'Completo',
      'Completo',
      'No iniciado',
      'Completo',
      'Completo',
      'Limitado',
      'Completo',
      'No iniciado',
      'Completo',
      'Completo',
      'Completo',
      'Completo',
      'Sustancial',
    ]);
  });

  test('two rounds from the closing comparison table: September 2016 and September 2017', () => {
    assert.deepEqual(
      report.rounds.map((r) => [r.kind, r.title, r.cutoffDate]),
      [
        ['midterm', 'Evaluación intermedia', '2016-09-30'],
        ['end-of-term', 'Evaluación final', '2017-09-30'],
      ],
    );
    const midterm = report.rounds[0]!;
    assert.deepEqual(
      [...midterm.levels.entries()].map(([n, l]) => `${n}:${l.text}`),
      [
        '1:No iniciado',
        '2:Sustancial',
        '3:Sustancial',
        '4:Sustancial',
        '5:Limitado',
        '6:Completo',
        '7:No iniciado',
        '8:Completo',
        '9:Sustancial',
        '10:No iniciado',
        '11:Sustancial',
        '12:No iniciado',
        '13:Completo',
        '14:Sustancial',
        '15:Completo',
        '16:Completo',
        '17:Sustancial',
      ],
    );
  });

  test('activities: the numbered items of the results, with the text up to the next one', () => {
    const counts = Object.fromEntries(report.commitments.map((c) => [c.number, c.activities.length]));
    assert.deepEqual(
      { 1: counts[1], 2: counts[2], 7: counts[7], 9: counts[9], 12: counts[12], 15: counts[15], 17: counts[17] },
      { 1: 4, 2: 3, 7: 5, 9: 5, 12: 4, 15: 5, 17: 3 },
    );
    assert.deepEqual(
      commitment(1).activities.map((a) => a.title),
      [
        'Proyecto de ley culminado',
        'Reuniones de trabajo con entidades públicas y organizaciones de la sociedad civil para compartir el proyecto y recibir comentarios.',
        'Aprobación del proyecto de ley por la Alta Dirección de PCM.',
        'Remisión del proyecto de ley al Congreso de la República.',
      ],
    );
    const second = commitment(2).activities[1]!;
    assert.match(second.title, /^Elaboración y aprobación de la Estrategia de difusión/);
    assert.match(second.details!, /Se desarrollaron acciones de difusión/);
  });

  test('activities without numbers: one per bullet, or one per paragraph', () => {
    // Commitment 13 lists its actions as bullets; commitment 4 as two paragraphs.
    assert.equal(commitment(13).activities.length, 4);
    assert.match(commitment(13).activities[0]!.title, /^Publicación, por parte del Grupo de Trabajo Multisectorial/);
    assert.deepEqual(
      commitment(4).activities.map((a) => a.title.slice(0, 40)),
      ['Registro Nacional de Usuarios (RNU) elab', 'Aplicativo web implementado y su difusió'],
    );
  });

  test('evidence: every URL, attached to the activity under which it appears', () => {
    const ev = commitment(2).evidence;
    assert.deepEqual(
      ev.map((e) => [e.activityNumber, e.url]),
      [
        [1, 'http://peru.gob.pe/Portal_Transparencia_Estandar/'],
        [2, 'http://sgp.pcm.gob.pe/biblioteca/?searchll=Normas'],
      ],
    );
    // A URL in the additional information is about the whole commitment.
    assert.deepEqual(
      commitment(4).evidence.map((e) => [e.activityNumber, e.url]),
      [
        [2, 'http://sdv.midis.gob.pe/Infomidis/#/padronGralHog'],
        [null, 'http://sdv.midis.gob.pe/Infomidis#/'],
      ],
    );
    // URLs in a footnote belong where the footnote is cited; trailing punctuation is not part of a link.
    assert.equal(commitment(8).evidence.length, 3);
    assert.ok(commitment(8).evidence.every((e) => e.activityNumber === 5));
    assert.ok(
      commitment(13).evidence.some((e) => e.url === 'http://www.unicef.org/peruspanish/gasto-publico-ninos-ninas-adolescentes-2014.pdf'),
    );
    assert.equal(commitment(14).evidence.length, 12);
  });

  test('sources: every "Fuente:" line, with its date when the text gives one', () => {
    assert.deepEqual(commitment(4).sources, [{ text: 'Oficio N° 290-2017-MIDIS/SG/OGPPM, del 12.09.17', date: '2017-09-12' }]);
    assert.deepEqual(commitment(5).sources, [{ text: 'Oficio N° 2813-2017/OSCE/SGE', date: null }]);
    assert.deepEqual(commitment(10).sources, [{ text: 'Oficio N° 8405-2016-SG-CS-PJ', date: null }]);
    assert.deepEqual(commitment(14).sources, [{ text: 'Memorando N° 568-2016-PCM/ONGEI, del 15.09.16', date: '2016-09-15' }]);
    const withSources = report.commitments.filter((c) => c.sources.length > 0).map((c) => c.number);
    assert.deepEqual(withSources, [4, 5, 9, 10, 11, 13, 14, 15, 17]);
  });

  test('every field of commitment 1', () => {
    const c = commitment(1);
    assert.equal(c.title, 'Modificación de la Ley de Transparencia y Acceso a la Información Pública');
    assert.equal(c.leadAgency?.asWritten, 'Presidencia del Consejo de Ministros, a través de la Secretaría de Gestión Pública');
    assert.equal(c.leadAgency?.name, 'Presidencia del Consejo de Ministros');
    assert.deepEqual(c.contact, {
      name: 'Mercedes Araoz',
      position: 'Presidenta del Consejo de Ministros',
      email: null,
      phone: '51-1-2197000',
    });
    assert.equal(
      c.otherActors.government,
      'Ministerio de Justicia, Contraloría General de la República y Comisión de Alto Nivel Anticorrupción.',
    );
    assert.equal(c.otherActors.civilSociety, 'Proética, Ciudadanos al Día, Consejo de la Prensa Peruana.');
    assert.equal(
      c.problem,
      'Se identificaron los siguientes vacíos en la Ley de Transparencia y Acceso a la Información Pública (LTAIP) que inciden en su aplicación: a) No cuenta con un glosario de términos que oriente a los funcionarios públicos en la interpretación de dicha ley, b) No contiene disposiciones que regulen las consecuencias sobre el extravío y destrucción indebida de la información en poder de las entidades públicas y c) Las entidades públicas tienen dificultad para aplicar sanciones a los funcionarios y servidores públicos que incumplen la LTAIP, debido a que ésta establece de manera general que el incumplimiento de sus disposiciones conlleva a la sanción por falta grave, sin establecer un catálogo de infracciones con su correspondiente sanción.',
    );
    assert.match(c.objective!, /^Orientar a los funcionarios públicos en la interpretación de las disposiciones de la LTAIP/);
    assert.match(c.description!, /^Formular una propuesta normativa para la modificación de la Ley de Transparencia/);
    assert.match(c.relevance!, /^Actualizar una norma que data desde el año 2002/);
    assert.match(c.ambition!, /^Es necesario fortalecer la transparencia de la gestión pública/);
    assert.equal(c.level, 'not-started');
    assert.match(c.results!, /^Se consideraron las siguientes actividades:\n\n1\. Proyecto de ley culminado\n2\. Reuniones de trabajo/);
    assert.match(
      c.additionalInfo!,
      /^El Ministerio de Justicia ha creado la Autoridad Autónoma de Transparencia .*\n\nDe acuerdo al nuevo ROF de la Secretaría de Gestión Pública .* 27 de febrero de 2017\.$/s,
    );
    assert.deepEqual(c.otherFields, []);
  });

  test('every field of commitment 5', () => {
    const c = commitment(5);
    assert.equal(c.title, 'Mejorar el SEACE- Sistema Electrónico de Adquisiciones del Estado');
    assert.equal(c.leadAgency?.asWritten, 'Organismo Supervisor de las Contrataciones del Estado - OSCE');
    assert.equal(c.leadAgency?.name, 'Organismo Supervisor de las Contrataciones del Estado');
    assert.equal(c.leadAgency?.acronym, 'OSCE');
    assert.deepEqual(c.contact, {
      name: 'Thou Su Chen',
      position: 'Secretaria General',
      email: 'secretaria_general@osce.gob.pe',
      phone: '51-1-613-5555',
    });
    assert.equal(c.otherActors.government, 'NO APLICA');
    assert.equal(c.otherActors.civilSociety, null);
    assert.match(c.problem!, /^Limitada operatividad del Sistema Electrónico de Adquisiciones del Estado- SEACE/);
    assert.match(c.objective!, /^Mejorar el SEACE para su uso eficiente/);
    assert.equal(
      c.description,
      'Mejorar el Portal del SEACE, a través de la implementación de módulos que faciliten la búsqueda de procesos de contrataciones de las entidades públicas.',
    );
    assert.match(c.relevance!, /CUBSO versión 2\.9\.\n\nCabe precisar que dicha herramienta tecnológica fomenta la transparencia/);
    assert.match(
      c.ambition!,
      /^Se espera que se realicen las mejoras .*\n\nPlan Anual de Contrataciones – PAC versión 2\.9;\n\nCatálogo Único/s,
    );
    assert.equal(c.level, 'complete');
    assert.deepEqual(
      c.activities.map((a) => a.title),
      ['Implementación de los módulos del Plan Anual de Contrataciones - PAC', 'Implementación del Módulo de Contratos'],
    );
    assert.match(c.activities[0]!.details!, /^Catálogo Único de Bienes, Servicios y Obras –CUBSO\.\n\n- Módulo PAC en SEACE versión 3\.0:/);
    // The "Fuente:" line is a source, not part of the activity's text.
    assert.equal(c.activities[1]!.details, 'Se tiene la versión 2.9 del Módulo Contratos.');
    assert.match(
      c.additionalInfo!,
      /^Se tiene previsto la implementación de un Módulo CUBSO versión 3\.0.*\n\nEl desarrollo e implementación de un nuevo Módulo de Contratos .* marzo 2018\.$/s,
    );
  });

  test('every field of commitment 12, whose "Puesto" label cell is blank', () => {
    const c = commitment(12);
    assert.equal(c.title, 'Mejorar la calidad de las audiencias de rendición de cuentas');
    assert.equal(c.leadAgency?.asWritten, 'Presidencia del Consejo de Ministros, a través de la Secretaría de Gestión Pública');
    assert.deepEqual(c.contact, {
      name: 'Mercedes Araoz',
      position: 'Presidenta del Consejo de Ministros',
      email: null,
      phone: '51-1-2197000',
    });
    assert.equal(
      c.otherActors.government,
      'Defensoría del Pueblo, Secretaría de Descentralización de la PCM y Gobiernos Regionales y Locales',
    );
    assert.equal(c.otherActors.civilSociety, 'Grupo Propuesta Ciudadana, Ciudadanos al Día');
    assert.match(
      c.problem!,
      /^De acuerdo a un estudio de la Defensoría del Pueblo.*\n\n- Los gobiernos regionales y locales emplean diferentes criterios/s,
    );
    assert.equal((c.problem!.match(/^- /gm) ?? []).length, 4);
    assert.equal(
      c.objective,
      'Los gobiernos regionales y locales rinden cuentas, de acuerdo a los lineamientos desarrollados para tal fin.',
    );
    assert.equal(c.description, 'Mejorar la calidad de las audiencias de rendición de cuentas de los gobiernos regionales y locales.');
    assert.match(c.relevance!, /^El compromiso contribuye a fortalecer el mecanismo de rendición de cuentas/);
    assert.match(c.ambition!, /^Se espera contar con una Directiva que precise criterios/);
    assert.equal(c.level, 'not-started');
    assert.equal(c.activities.length, 4);
    assert.match(
      c.additionalInfo!,
      /^Como se señala en el acápite 2 .* suspender el acompañamiento al proceso de implementación del Plan\.$/s,
    );
    assert.deepEqual(c.evidence, []);
    assert.deepEqual(c.sources, []);
    assert.deepEqual(c.otherFields, []);
  });

  test('long texts keep their structure: commitment 3’s table stays a table, footnotes become notes', () => {
    const results = commitment(3).results!;
    assert.match(
      results,
      /\| Tópico o tema a capacitar \| 2015 \| 2016 \| Total \|\n\| --- \| --- \| --- \| --- \|\n\| Implementación del Portal de Transparencia Estándar \| 998 \| 941 \| 1939 \|/,
    );
    assert.match(results, /\| Total \| 3218 \| 2380 \| 5598 \|/);
    assert.equal(commitment(3).activities.length, 2);
    const eight = commitment(8).results!;
    assert.match(eight, /A la fecha, se han realizado:\[\^2\]/);
    assert.match(eight, /\n\[\^2\]: Algunos sustentos de Fortalecimiento de Conocimientos y Capacidades:/);
    assert.doesNotMatch(eight, /footnote/);
  });

  test('Word’s bookmark markers disappear; narrative sections are kept', () => {
    const all = JSON.stringify(report);
    assert.doesNotMatch(all, /\[bookmark:/);
    assert.deepEqual(
      report.sections.map((s) => s.key),
      ['glossary', 'background', 'process', 'irm', 'implementation', 'conclusions'],
    );
    const process = report.sections.find((s) => s.key === 'process')!;
    assert.match(process.title, /^Proceso de elaboración del Plan de Acción Nacional de Gobierno Abierto 2015-2016$/);
    assert.match(process.body, /170 propuestas/);
    assert.match(report.sections[0]!.body, /- \*\*PAGA\*\*: Plan de Acción de Gobierno Abierto/);
  });

  test('each theme keeps the report’s introduction and synthesis', () => {
    assert.match(report.themes[0]!.intro!, /^El país se comprometió a cumplir seis compromisos/);
    assert.match(report.themes[0]!.synthesis!, /^En síntesis, de los 6 compromisos establecidos/);
    assert.match(report.themes[3]!.synthesis!, /^Del total de 4 compromisos asumidos por el Perú/);
    // The synthesis is not part of the last ficha's additional information.
    assert.doesNotMatch(commitment(6).additionalInfo!, /En síntesis/);
    assert.doesNotMatch(commitment(10).additionalInfo!, /En síntesis|Tema 3/);
  });

  test('the printed summary table is read, its 4th row matched to the 4th theme', () => {
    const s = report.printedSummary!;
    assert.deepEqual(
      s.rows.map((r) => [r.label, r.themeIndex, r.values]),
      [
        ['Transparencia y acceso a información pública', 0, [1, 0, 1, 4, 6]],
        ['Participación ciudadana', 1, [1, 1, 0, 2, 4]],
        ['Rendición de cuentas', 2, [1, 0, 0, 2, 3]],
        ['Acceso a servicios', 3, [0, 0, 1, 3, 4]],
      ],
    );
    assert.deepEqual(s.total, [3, 1, 2, 11, 17]);
    assert.deepEqual(s.percent, ['17,6', '5.8', '11,7', '64,7', '100']);
  });
});
