import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { raiseAlert } from '../../src/services/alerts.js';
import { storeEvidenceFile } from '../../src/services/evidence-files.js';
import { deleteEvidence } from '../../src/services/workspace/commitments.js';
import { openRound, saveAssessment } from '../../src/services/workspace/rounds.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { nowIso } from '../helpers/clock.js';

/**
 * Files and report downloads follow the rule of the page that links to them (docs/decisions/023):
 * an evidence file is served to whom the commitment's page lists it, and to nobody once it is gone; an
 * alert's file to whom the public alert log lists it; a draft round's report to no one outside the
 * workspace, and to a workspace account only with the drafts its pages show it. (Every export's
 * content against every visitor is walked in stored-script.test.ts.)
 */
describe('downloads follow the pages that link to them', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let planId: number;
    let cid: number;
    let people: Record<'coordinator' | 'ownEditor' | 'otherEditor' | 'civilSociety', SignedIn>;
    let roundId: number;
    before(async () => {
      process.env.FILES_DIR ??= mkdtempSync(join(tmpdir(), 'vigia-downloads-'));
      const s = await seededApp(db);
      ({ app, store, planId } = s);
      cid = s.commitment(4);
      const own = (await commitmentSubject(store.db, cid))!;
      const other = (await commitmentSubject(store.db, s.commitment(1)))!;
      people = {
        coordinator: await signIn(app, store, { role: 'coordinator' }),
        ownEditor: await signIn(app, store, { role: 'agency-editor', agencyId: own.agency_id! }),
        otherEditor: await signIn(app, store, { role: 'agency-editor', agencyId: other.agency_id! }),
        civilSociety: await signIn(app, store, { role: 'civil-society' }),
      };
      const round = await openRound(
        store,
        people.coordinator.actor,
        planId,
        { kind: 'periodic', cutoffDate: '2017-12-31' },
        new Date().toISOString(),
      );
      assert.ok(round.ok);
      roundId = round.id;
    });
    after(async () => app.close());

    const get = (url: string, who?: SignedIn) => app.inject({ url, headers: who ? { cookie: who.cookie } : {} });

    test('an evidence file is served while, and only while, the public commitment page lists it — cited by a draft or not', async () => {
      const { evidenceId } = await storeEvidenceFile(
        store,
        { actor: 'test', at: new Date().toISOString(), context: 'downloads' },
        { commitmentId: cid, fileName: 'acta.csv', bytes: Buffer.from('a,b\n1,2\n') },
      );
      const link = `/evidencias/${evidenceId}/archivo`;
      // Cited by the open round's draft: the draft stays in the workspace, the evidence is the commitment's (decision 023).
      const draft = await saveAssessment(
        store,
        people.ownEditor.actor,
        roundId,
        cid,
        { level: 'complete', results: 'BORRADOR-CITA', evidenceIds: [evidenceId] },
        { submit: false },
        new Date().toISOString(),
      );
      assert.ok(draft.ok, JSON.stringify(draft));
      for (const who of [undefined, people.civilSociety, people.otherEditor]) {
        const page = await get(`/compromisos/${cid}`, who);
        assert.ok(page.body.includes(`href="${link}"`), 'the page lists the file');
        assert.ok(!page.body.includes('BORRADOR-CITA'), 'not the draft that cites it');
        assert.equal((await get(link, who)).statusCode, 200, 'so the file is served');
        const api = await get(`/api/v1/commitments/${cid}`, who);
        assert.ok(!api.body.includes('BORRADOR-CITA'));
      }
      // Gone from the page (deleted while only a draft cites it): gone as a file.
      await deleteEvidence(store, people.ownEditor.actor, evidenceId, nowIso());
      const page = await get(`/compromisos/${cid}`);
      assert.ok(!page.body.includes(link));
      assert.equal((await get(link)).statusCode, 404);
      assert.equal((await get(link, people.coordinator)).statusCode, 404);
      assert.equal((await get('/evidencias/999999/archivo')).statusCode, 404);
    });

    test('the workspace says so where evidence is added: public once added, in both languages', async () => {
      for (const [prefix, words] of [
        ['', 'Cada evidencia es pública desde que se agrega'],
        ['/en', 'Evidence is public as soon as it is added'],
      ] as const) {
        const page = await get(`${prefix}/espacio/compromisos/${cid}`, people.ownEditor);
        assert.equal(page.statusCode, 200);
        assert.ok(page.body.includes(words), `${prefix || '/'}: ${words}`);
      }
    });

    test("an alert's file is served as the public alert log links it", async () => {
      const raised = await raiseAlert(
        store,
        people.civilSociety.actor,
        cid,
        { category: 'delay', alertText: 'Sin avance visible' },
        app.today(),
        { name: 'foto.csv', bytes: Buffer.from('x,y\n1,2\n') },
      );
      assert.ok(raised.ok && raised.id);
      const log = await get(`/planes/${planId}/alertas`);
      assert.ok(log.body.includes(`/alertas/${raised.id}/archivo`));
      const file = await get(`/alertas/${raised.id}/archivo`);
      assert.equal(file.statusCode, 200);
      assert.match(String(file.headers['content-disposition']), /^attachment;/);
    });

    test('the report of an unpublished round: the public gets no draft, each workspace account no more than its pages show', async () => {
      const draft = await saveAssessment(
        store,
        people.ownEditor.actor,
        roundId,
        cid,
        { level: 'substantial', results: 'BORRADOR-INFORME', version: 1 },
        { submit: false },
        new Date().toISOString(),
      );
      assert.ok(draft.ok, JSON.stringify(draft));
      // The pages: the draft's page is the own agency's and the coordinator's.
      assert.equal((await get(`/espacio/evaluaciones/${roundId}/compromisos/${cid}`, people.otherEditor)).statusCode, 403);
      assert.equal((await get(`/espacio/evaluaciones/${roundId}/compromisos/${cid}`, people.ownEditor)).statusCode, 200);
      const download = (who?: SignedIn, format = 'html') =>
        get(`/espacio/planes/${planId}/informe/descarga?formato=${format}&ronda=${roundId}`, who);
      const anonymous = await download();
      assert.equal(anonymous.statusCode, 303, 'sent to sign in');
      assert.equal((await download(people.civilSociety)).statusCode, 403);
      const other = await download(people.otherEditor);
      // Without the right to read drafts, the report of an unpublished round is not found (decided by renderReportFor, as the public print view).
      assert.equal(other.statusCode, 404);
      assert.ok(!other.body.includes('BORRADOR-INFORME'), "another agency's editor: no draft of commitment 4");
      const coordinator = await download(people.coordinator);
      assert.equal(coordinator.statusCode, 200);
      assert.ok(coordinator.body.includes('BORRADOR-INFORME'), 'the coordinator: the drafts (the test can see a leak)');
      // The public print view of the same round, and the open data, carry no draft.
      for (const url of [
        `/planes/${planId}/informe?ronda=${roundId}`,
        `/datos/evaluaciones.csv?plan=${planId}`,
        `/datos/evaluaciones.json?plan=${planId}`,
        `/api/v1/plans/${planId}/summary`,
        `/planes/${planId}/cambios.atom`,
        `/compromisos/${cid}/cambios.atom`,
        `/compromisos/${cid}/historial`,
      ]) {
        const res = await get(url);
        assert.ok(!res.body.includes('BORRADOR-INFORME'), url);
      }
    });
  });
});
