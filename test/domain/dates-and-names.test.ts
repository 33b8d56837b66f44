import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitAgency, findAcronym } from '../../src/domain/agencies.js';
import { addDays, findDate, findMonthEnd, isIsoDate, isoDate } from '../../src/domain/dates.js';
import { foldKey, nameSimilarity, sentenceCase } from '../../src/lib/text.js';

describe('dates as reports write them', () => {
  test('day first, two- or four-digit years, words', () => {
    assert.equal(findDate('Oficio N° 290-2017-MIDIS/SG/OGPPM, del 12.09.17'), '2017-09-12');
    assert.equal(findDate('Memorando N° 568-2016-PCM/ONGEI, del 15.09.16'), '2016-09-15');
    assert.equal(findDate('Oficio No. 001-2017-MIDIS/VMPES/DGFO (16 de marzo de 2017)'), '2017-03-16');
    assert.equal(findDate('publicada el 17 de julio 2015.'), '2015-07-17');
    assert.equal(findDate('on 3 September 2016'), '2016-09-03');
    assert.equal(findDate('del 01/02/2018'), '2018-02-01');
  });
  test('numbers that are not dates are not read as dates', () => {
    assert.equal(findDate('Oficio N° 2813-2017/OSCE/SGE'), null);
    assert.equal(findDate('Oficio N° 8405-2016-SG-CS-PJ'), null);
    assert.equal(findDate('el 30.02.16 no existe'), null);
    assert.equal(findDate('versión 2.9'), null);
  });
  test('calendar checks and month ends', () => {
    assert.equal(isoDate(2016, 2, 29), '2016-02-29');
    assert.equal(isoDate(2017, 2, 29), null);
    assert.equal(isIsoDate('2016-02-30'), false);
    assert.equal(isIsoDate('2016-02-28'), true);
    assert.equal(addDays('2016-02-28', 1), '2016-02-29');
    assert.equal(addDays('2016-12-25', 14), '2017-01-08');
    assert.equal(addDays('2016-03-01', -1), '2016-02-29');
    assert.equal(findMonthEnd('Evaluación Intermedia\nSetiembre 2016'), '2016-09-30');
    assert.equal(findMonthEnd('febrero de 2016'), '2016-02-29');
    assert.equal(findMonthEnd('Evaluación final'), null);
  });
});

describe('agencies as fichas write them', () => {
  test('the agency apart from the unit in charge', () => {
    assert.deepEqual(splitAgency('Presidencia del Consejo de Ministros, a través de la Secretaría de Gestión Pública'), {
      name: 'Presidencia del Consejo de Ministros',
      acronym: null,
      detail: 'a través de la Secretaría de Gestión Pública',
    });
    assert.deepEqual(splitAgency('Organismo Supervisor de las Contrataciones del Estado - OSCE '), {
      name: 'Organismo Supervisor de las Contrataciones del Estado',
      acronym: 'OSCE',
      detail: null,
    });
    assert.deepEqual(
      splitAgency(
        'Comisión Multisectorial Permanente para la Transparencia de las Industrias Extractivas (Comisión EITI por sus siglas en inglés), adscrita al Ministerio de Energía y Minas-MINEM.',
      ),
      {
        name: 'Comisión Multisectorial Permanente para la Transparencia de las Industrias Extractivas',
        acronym: 'EITI',
        detail: 'adscrita al Ministerio de Energía y Minas-MINEM',
      },
    );
    assert.deepEqual(splitAgency('Poder Judicial – Corte Suprema de Justicia'), {
      name: 'Poder Judicial',
      acronym: null,
      detail: 'Corte Suprema de Justicia',
    });
    assert.deepEqual(splitAgency('Contraloría General de la República'), {
      name: 'Contraloría General de la República',
      acronym: null,
      detail: null,
    });
  });
  test('the acronym a document gives an agency elsewhere', () => {
    const doc = 'a cargo del Ministerio de Desarrollo e Inclusión Social –MIDIS. Otros: Ministerio de Economía y Finanzas (MEF)';
    assert.equal(findAcronym(doc, 'Ministerio de Desarrollo e Inclusión Social'), 'MIDIS');
    assert.equal(findAcronym(doc, 'Ministerio de Economía y Finanzas'), 'MEF');
    assert.equal(findAcronym(doc, 'Ministerio de Cultura'), null);
  });
});

describe('names spelled differently', () => {
  test('fold, compare, sentence case', () => {
    assert.equal(foldKey('  PARTICIPACION   Ciudadana '), 'participacion ciudadana');
    assert.equal(foldKey('Participación ciudadana'), foldKey('PARTICIPACION CIUDADANA'));
    assert.ok(nameSimilarity('Mejora de servicios públicos', 'Mejora de los Servicios Públicos') === 1);
    assert.ok(nameSimilarity('Acceso a servicios', 'Rendición de cuentas') === 0);
    assert.equal(sentenceCase('Transparencia y Acceso a la Información Pública'), 'Transparencia y acceso a la información pública');
    assert.equal(sentenceCase('Gobierno Abierto y TIC'), 'Gobierno abierto y TIC');
    assert.equal(sentenceCase('PARTICIPACION CIUDADANA'), 'Participacion ciudadana');
  });
});
