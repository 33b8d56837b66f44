import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signedForm, signedJson, signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { dumpDatabase } from '../helpers/dump.js';

/**
 * A commitment's template texts in the plan's languages (issue 19): when the plan's government has
 * two, the new-commitment form and the ficha ask each text in both; the other language's texts are
 * kept in translations; the public page shows each in the reader's language (else as written, marked
 * with its language); once the plan is approved a change of a translation is a modification too.
 */
const SPANISH = {
  title: 'Registro abierto de beneficiarios finales',
  problem: 'No se sabe quién controla las empresas.',
  objective: 'Publicar a los beneficiarios finales.',
  description: 'Un registro en línea.',
  relevance: 'Transparencia.',
  ambition: 'Cubrir todas las empresas.',
  additionalInfo: 'Con la SUNARP.',
  otherActorsGovernment: 'SUNAT',
  otherActorsCivilSociety: 'Proética',
};
const ENGLISH: Record<string, string> = {
  titleTranslation: 'Open register of beneficial owners',
  problemTranslation: 'Nobody knows who controls companies.',
  objectiveTranslation: 'Publish the beneficial owners.',
  descriptionTranslation: 'An online register.',
  relevanceTranslation: 'Transparency.',
  ambitionTranslation: 'Cover every company.',
  additionalInfoTranslation: 'With SUNARP (English).',
  otherActorsGovernmentTranslation: 'Tax agency SUNAT',
  otherActorsCivilSocietyTranslation: 'Proetica (English)',
};

describe('commitment texts in the plan’s languages', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let themeId: number;
    let lead: number;
    let coordinator: SignedIn;
    let created: number;

    before(async () => {
      const s = await seededApp(db);
      ({ app, store, planId } = s);
      themeId = s.themeIds[0]!;
      lead = (await commitmentSubject(store.db, s.commitment(1)))!.agency_id!;
      coordinator = await signIn(app, store, { role: 'coordinator' });
    });
    after(async () => app.close());

    const setPlan = async (status: string) => store.db.updateTable('plans').set({ status }).where('id', '=', planId).execute();
    const setLanguages = async (languages: string) => store.db.updateTable('governments').set({ languages }).execute();

    test('a two-language plan asks each text in both; the public page shows each in the reader’s language', async () => {
      await setPlan('consultation');
      const newPage = `/espacio/planes/${planId}/compromisos/nuevo`;
      await setLanguages('es');
      const single = await app.inject({ url: newPage, headers: { cookie: coordinator.cookie } });
      assert.equal(single.statusCode, 200);
      assert.doesNotMatch(single.body, /name="problemTranslation"/, 'a one-language plan asks each text once');
      await setLanguages('es,en');
      const form = await app.inject({ url: newPage, headers: { cookie: coordinator.cookie } });
      for (const name of Object.keys(ENGLISH)) assert.match(form.body, new RegExp(`name="${name}"`), name);
      assert.match(form.body, /Objetivo principal \(inglés\)/);

      const sent = await app.inject({
        method: 'POST',
        url: `/espacio/planes/${planId}/compromisos`,
        ...signedForm(coordinator, { themeId: String(themeId), agencyId: String(lead), ...SPANISH, ...ENGLISH }),
      });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
      created = Number(/compromisos\/(\d+)/.exec(sent.headers.location as string)![1]);
      const kept = await store.db
        .selectFrom('translations')
        .select(['field', 'lang', 'text'])
        .where('entity', '=', 'commitments')
        .where('entity_id', '=', created)
        .execute();
      assert.equal(kept.length, 9);
      assert.ok(kept.every((t) => t.lang === 'en'));
      assert.equal(kept.find((t) => t.field === 'other_actors_civil_society')?.text, 'Proetica (English)');

      const en = (await app.inject(`/en/compromisos/${created}`)).body;
      for (const text of Object.values(ENGLISH)) assert.ok(en.includes(text), `English page: ${text}`);
      const es = (await app.inject(`/compromisos/${created}`)).body;
      for (const text of Object.values(SPANISH)) assert.ok(es.includes(text), `Spanish page: ${text}`);
      assert.ok(!es.includes(ENGLISH.objectiveTranslation!));

      // A translation removed (through the API, the plan not yet approved): the text is shown as written, marked as Spanish.
      const read = (await app.inject({ url: `/api/v1/workspace/commitments/${created}`, headers: { cookie: coordinator.cookie } })).json();
      const removed = await app.inject({
        method: 'PUT',
        url: `/api/v1/workspace/commitments/${created}`,
        ...signedJson(coordinator, { objectiveTranslation: null, version: read.version }),
      });
      assert.equal(removed.statusCode, 200, removed.body);
      const fallback = (await app.inject(`/en/compromisos/${created}`)).body;
      assert.match(fallback, /<div class="prose" lang="es"><p>Publicar a los beneficiarios finales\.<\/p>/);
      assert.ok(fallback.includes(ENGLISH.problemTranslation!));
    });

    test('the ficha shows both languages; after approval a translation changed needs a reason and a date, and is a modification', async () => {
      const page = await app.inject({ url: `/espacio/compromisos/${created}`, headers: { cookie: coordinator.cookie } });
      assert.match(page.body, /name="ambitionTranslation"/);
      assert.ok(page.body.includes('Cover every company.'));
      // Before approval: free, through the form.
      const version = Number(/name="version" value="(\d+)"/.exec(page.body)![1]);
      const saved = await app.inject({
        method: 'POST',
        url: `/espacio/compromisos/${created}`,
        ...signedForm(coordinator, { version: String(version), ...SPANISH, ...ENGLISH, ambitionTranslation: 'Every company, by 2020.' }),
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));

      await setPlan('approved');
      const read = (await app.inject({ url: `/api/v1/workspace/commitments/${created}`, headers: { cookie: coordinator.cookie } })).json();
      assert.equal(read.values.ambitionTranslation, 'Every company, by 2020.');
      const dump = await dumpDatabase(store);
      const refused = await app.inject({
        method: 'PUT',
        url: `/api/v1/workspace/commitments/${created}`,
        ...signedJson(coordinator, { problemTranslation: 'Who controls companies is unknown.', version: read.version }),
      });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.deepEqual(Object.keys(refused.json().error.fields).sort(), ['modificationDate', 'modificationReason']);
      assert.deepEqual(await dumpDatabase(store), dump, 'a refused save changes nothing');

      const done = await app.inject({
        method: 'PUT',
        url: `/api/v1/workspace/commitments/${created}`,
        ...signedJson(coordinator, {
          problemTranslation: 'Who controls companies is unknown.',
          modificationReason: 'Traducción revisada',
          modificationDate: '2018-05-03',
          version: read.version,
        }),
      });
      assert.equal(done.statusCode, 200, done.body);
      const mods = await store.db.selectFrom('commitment_modifications').selectAll().where('commitment_id', '=', created).execute();
      assert.deepEqual(
        mods.map((m) => [m.field, m.before, m.after, m.reason]),
        [['problemTranslation', 'Nobody knows who controls companies.', 'Who controls companies is unknown.', 'Traducción revisada']],
      );
      assert.ok((await app.inject(`/en/compromisos/${created}`)).body.includes('Who controls companies is unknown.'));
      const history = (await app.inject(`/en/compromisos/${created}/historial`)).body;
      assert.match(history, /Status quo or problem, in the plan&#39;s other language|Status quo or problem, in the plan's other language/);
    });
  });
});
