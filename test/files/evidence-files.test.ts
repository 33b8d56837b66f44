import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type AppError } from '../../src/errors.js';
import { openEvidenceFile, storeEvidenceFile, UploadRefusedError } from '../../src/services/evidence-files.js';
import type { Store } from '../../src/storage/connect.js';
import type { WriteContext } from '../../src/storage/writer.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { rowCount, snapshot } from '../helpers/tables.js';
import * as S from './samples.js';

const ctx: WriteContext = { actor: 'user:7', at: '2026-12-01T10:00:00.000Z', context: 'POST /test/evidencias' };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every file under the folder, temporary ones included: what a refusal must not change. */
function listing(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

async function withEnv<T>(name: string, value: string, body: () => Promise<T>): Promise<T> {
  const old = process.env[name];
  process.env[name] = value;
  try {
    return await body();
  } finally {
    if (old === undefined) delete process.env[name];
    else process.env[name] = old;
  }
}

describe('evidence files: stored once under their hash, with audited rows, served back as downloads', () => {
  eachDatabase((db) => {
    let store: Store;
    let app: FastifyInstance;
    let dir: string;
    let commitmentId: number;
    let otherCommitmentId: number;
    // An editor of the agency that leads commitment 4: session and CSRF cookies, and the token a form carries in `_csrf`.
    let editor: SignedIn;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vigia-files-'));
      process.env.FILES_DIR = dir;
      // Small, so that the HTTP limit can be crossed without megabytes of test data.
      process.env.UPLOAD_MAX_MB = '1';
      const s = await seededApp(db);
      store = s.store;
      app = s.app;
      commitmentId = s.commitment(4);
      otherCommitmentId = s.commitment(5);
      const own = await commitmentSubject(store.db, commitmentId);
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: own!.agency_id! });
    });
    after(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      delete process.env.UPLOAD_MAX_MB;
    });

    test('a PDF is stored under its sha256 with its files and evidence rows, each with an audit entry', async () => {
      const bytes = S.pdf('Oficio 1');
      const before = await store.db
        .selectFrom('evidence')
        .select((eb) => eb.fn.max('position').as('last'))
        .where('commitment_id', '=', commitmentId)
        .executeTakeFirstOrThrow();
      const { evidenceId, fileId } = await storeEvidenceFile(store, ctx, {
        commitmentId,
        fileName: 'Oficio N° 290 – año 2017.pdf',
        bytes,
        description: '  Oficio de remisión  ',
      });

      const evidence = await store.db.selectFrom('evidence').selectAll().where('id', '=', evidenceId).executeTakeFirstOrThrow();
      assert.equal(evidence.kind, 'file');
      assert.equal(evidence.file_id, fileId);
      assert.equal(evidence.commitment_id, commitmentId);
      assert.equal(evidence.activity_id, null);
      assert.equal(evidence.origin, 'user');
      assert.equal(evidence.description, 'Oficio de remisión');
      assert.equal(evidence.position, before.last === null ? 0 : Number(before.last) + 1);

      const hash = sha(bytes);
      const file = await store.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirstOrThrow();
      assert.deepEqual(
        { sha256: file.sha256, name: file.name, media_type: file.media_type, size: Number(file.size), storage_key: file.storage_key },
        {
          sha256: hash,
          name: 'Oficio N° 290 – año 2017.pdf',
          media_type: 'application/pdf',
          size: bytes.length,
          storage_key: `${hash.slice(0, 2)}/${hash}`,
        },
      );
      assert.deepEqual(readFileSync(join(dir, hash.slice(0, 2), hash)), bytes);
      assert.ok(!listing(dir).some((f) => f.endsWith('.tmp')), 'no temporary file left');

      const audit = await store.db.selectFrom('audit_log').selectAll().where('context', '=', ctx.context!).orderBy('id').execute();
      const entry = (entity: string, id: number) => audit.find((a) => a.entity === entity && a.entity_id === id);
      for (const [entity, id] of [
        ['files', fileId],
        ['evidence', evidenceId],
      ] as const) {
        const a = entry(entity, id);
        assert.ok(a, `audit entry for ${entity} ${id}`);
        assert.equal(a.action, 'create');
        assert.equal(a.actor, 'user:7');
        assert.equal(a.at, ctx.at);
        assert.equal(a.commitment_id, commitmentId);
      }
      assert.equal(JSON.parse(entry('evidence', evidenceId)!.after!).kind, 'file');
    });

    test('evidence under an activity of its commitment; an activity of another commitment is refused', async () => {
      const activity = await store.db
        .selectFrom('activities')
        .select('id')
        .where('commitment_id', '=', commitmentId)
        .orderBy('number')
        .executeTakeFirstOrThrow();
      const { evidenceId } = await storeEvidenceFile(store, ctx, {
        commitmentId,
        activityId: activity.id,
        fileName: 'foto.png',
        bytes: S.png(),
      });
      const row = await store.db.selectFrom('evidence').select('activity_id').where('id', '=', evidenceId).executeTakeFirstOrThrow();
      assert.equal(row.activity_id, activity.id);

      const snap = await snapshot(store);
      await assert.rejects(
        storeEvidenceFile(store, ctx, { commitmentId: otherCommitmentId, activityId: activity.id, fileName: 'otra.jpg', bytes: S.jpeg() }),
        (e: AppError) => e.code === 'invalid_input',
      );
      await assert.rejects(
        storeEvidenceFile(store, ctx, { commitmentId: 999999, fileName: 'otra.jpg', bytes: S.jpeg() }),
        (e: AppError) => e.code === 'not_found',
      );
      assert.deepEqual(await snapshot(store), snap);
      assert.ok(!listing(dir).some((f) => f.endsWith(sha(S.jpeg()))), 'no file written for a wrong commitment or activity');
    });

    test('identical uploads are stored once: one file on disk; one row while the name is the same', async () => {
      const bytes = await S.xlsx();
      const filesBefore = await rowCount(store, 'files');
      const evidenceBefore = await rowCount(store, 'evidence');
      const a = await storeEvidenceFile(store, ctx, { commitmentId, fileName: 'Avance.xlsx', bytes });
      const b = await storeEvidenceFile(store, ctx, { commitmentId: otherCommitmentId, fileName: 'Avance.xlsx', bytes });
      assert.equal(b.fileId, a.fileId);
      assert.notEqual(b.evidenceId, a.evidenceId);
      assert.equal(await rowCount(store, 'files'), filesBefore + 1);
      // The same bytes under another name: a row of its own (it downloads under that name), the same file on disk.
      const c = await storeEvidenceFile(store, ctx, { commitmentId, fileName: 'Avance final.xlsx', bytes });
      assert.notEqual(c.fileId, a.fileId);
      const keys = await store.db.selectFrom('files').select('storage_key').where('id', 'in', [a.fileId, c.fileId]).execute();
      assert.equal(new Set(keys.map((k) => k.storage_key)).size, 1);
      assert.equal(await rowCount(store, 'evidence'), evidenceBefore + 3);
      assert.equal(listing(dir).filter((f) => f.endsWith(sha(bytes))).length, 1);
    });

    test('refused uploads store nothing: no row, no audit entry, no file', async () => {
      const rows = await snapshot(store);
      const files = listing(dir);
      const cases: [string, Uint8Array, string][] = [
        ['informe.pdf', S.elf(), 'type_mismatch'],
        ['informe.pdf', S.exe(), 'type_mismatch'],
        ['oficio.pdf', S.png(), 'type_mismatch'],
        ['../../etc/informe.pdf', S.pdf(), 'name_path'],
        ['C:\\temp\\informe.pdf', S.pdf(), 'name_path'],
        ['informe.docx', S.bombDocx(60), 'archive_too_large'],
        ['informe.docx', S.overlappingDocx(), 'damaged'],
        ['oficio.pdf', S.pdfWithZip(), 'polyglot'],
      ];
      for (const [name, bytes, code] of cases) {
        await assert.rejects(storeEvidenceFile(store, ctx, { commitmentId, fileName: name, bytes }), (e: unknown) => {
          assert.ok(e instanceof UploadRefusedError, String(e));
          assert.equal(e.refusal.code, code, name);
          assert.equal(e.status, 400);
          return true;
        });
      }
      await withEnv('UPLOAD_MAX_MB', '0.0005', async () => {
        await assert.rejects(
          storeEvidenceFile(store, ctx, {
            commitmentId,
            fileName: 'oficio.pdf',
            bytes: Buffer.concat([S.pdf(), Buffer.alloc(1000, 0x20)]),
          }),
          (e: UploadRefusedError) => {
            assert.equal(e.refusal.code, 'too_large');
            assert.equal(e.status, 413);
            assert.match(String(e.params.value), /pesa \d kB y el límite es de 1 kB/);
            return true;
          },
        );
      });
      assert.deepEqual(await snapshot(store), rows);
      assert.deepEqual(listing(dir), files);
    });

    test('a failed database write leaves no row; the file left on disk is used by the next upload', async () => {
      const bytes = S.odt();
      const rows = await snapshot(store);
      // The audit entry cannot be written without an actor: the transaction fails after the files row.
      await assert.rejects(
        storeEvidenceFile(store, { ...ctx, actor: null as unknown as string }, { commitmentId, fileName: 'acta.odt', bytes }),
      );
      assert.deepEqual(await snapshot(store), rows);
      assert.ok(existsSync(join(dir, sha(bytes).slice(0, 2), sha(bytes))), 'the bytes stay, with no row pointing at them');
      const { evidenceId } = await storeEvidenceFile(store, ctx, { commitmentId, fileName: 'acta.odt', bytes });
      const opened = await openEvidenceFile(store, evidenceId);
      assert.ok(opened);
      opened.stream.destroy();
      assert.equal(listing(dir).filter((f) => f.endsWith(sha(bytes))).length, 1);
    });

    test('openEvidenceFile: name, type, size and bytes; null for unknown ids and for link evidence', async () => {
      const csv = Buffer.from('compromiso;nivel\n4;Completo\n', 'utf8');
      const { evidenceId } = await storeEvidenceFile(store, ctx, { commitmentId, fileName: 'niveles.csv', bytes: csv });
      const f = await openEvidenceFile(store, evidenceId);
      assert.ok(f);
      assert.deepEqual([f.name, f.mediaType, f.type, f.size, f.commitmentId], ['niveles.csv', 'text/csv', 'csv', csv.length, commitmentId]);
      assert.equal(await text(f.stream), csv.toString('utf8'));
      assert.equal(await openEvidenceFile(store, 987654), null);
      const link = await store.db.selectFrom('evidence').select('id').where('kind', '=', 'url').executeTakeFirstOrThrow();
      assert.equal(await openEvidenceFile(store, link.id), null);
    });

    test('GET /evidencias/:id/archivo: the bytes, as an attachment with its original name, nosniff, length, ETag, cache', async () => {
      const bytes = S.pdf('Oficio 290');
      const { evidenceId } = await storeEvidenceFile(store, ctx, { commitmentId, fileName: 'Oficio N° 290 – año 2017.pdf', bytes });
      const res = await app.inject({ method: 'GET', url: `/evidencias/${evidenceId}/archivo` });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.rawPayload, bytes);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['content-length'], String(bytes.length));
      assert.equal(
        res.headers['content-disposition'],
        `attachment; filename="Oficio N_ 290 - ano 2017.pdf"; filename*=UTF-8''Oficio%20N%C2%B0%20290%20%E2%80%93%20a%C3%B1o%202017.pdf`,
      );
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers.etag, `"sha256-${sha(bytes)}"`);
      assert.match(String(res.headers['cache-control']), /^public, max-age=\d+$/);
      assert.match(String(res.headers['content-security-policy']), /sandbox/);

      const head = await app.inject({ method: 'HEAD', url: `/evidencias/${evidenceId}/archivo` });
      assert.equal(head.statusCode, 200);
      assert.equal(head.headers['content-length'], String(bytes.length));
      assert.equal(head.rawPayload.length, 0);

      const again = await app.inject({
        method: 'GET',
        url: `/evidencias/${evidenceId}/archivo`,
        headers: { 'if-none-match': String(res.headers.etag) },
      });
      assert.equal(again.statusCode, 304);
      assert.equal(again.rawPayload.length, 0);

      const csv = await storeEvidenceFile(store, ctx, { commitmentId, fileName: 'datos.csv', bytes: Buffer.from('a;b\n1;2\n') });
      const csvRes = await app.inject({ method: 'GET', url: `/evidencias/${csv.evidenceId}/archivo` });
      assert.equal(csvRes.headers['content-type'], 'text/csv; charset=utf-8');
    });

    test('GET /evidencias/:id/archivo is a 404 for unknown ids, ids that are not numbers and link evidence', async () => {
      const link = await store.db.selectFrom('evidence').select('id').where('kind', '=', 'url').executeTakeFirstOrThrow();
      for (const id of ['987654', 'abc', '0', '1e3', '99999999999999999999', String(link.id)]) {
        const res = await app.inject({ method: 'GET', url: `/evidencias/${id}/archivo` });
        assert.equal(res.statusCode, 404, id);
      }
    });

    test('a row whose bytes are gone from FILES_DIR is a server error, not a quiet 404', async () => {
      const bytes = S.pdf('Se perderá');
      const { evidenceId } = await storeEvidenceFile(store, ctx, { commitmentId, fileName: 'perdido.pdf', bytes });
      const path = join(dir, sha(bytes).slice(0, 2), sha(bytes));
      renameSync(path, `${path}.moved`);
      try {
        const res = await app.inject({ method: 'GET', url: `/evidencias/${evidenceId}/archivo` });
        assert.equal(res.statusCode, 500);
      } finally {
        renameSync(`${path}.moved`, path);
      }
    });

    test('a multipart upload is stored with its name as sent, accents included', async () => {
      const form = S.multipart({ _csrf: editor.csrf, description: 'Acta firmada' }, [
        { field: 'file', name: 'Acta N° 12 – año 2016.docx', bytes: S.docx() },
      ]);
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/workspace/commitments/${commitmentId}/evidence`,
        payload: form.payload,
        headers: { ...form.headers, cookie: editor.cookie },
      });
      assert.equal(res.statusCode, 201, res.body);
      const { id: evidenceId } = res.json() as { id: number };
      const f = await openEvidenceFile(store, evidenceId);
      assert.ok(f);
      f.stream.destroy();
      assert.equal(f.name, 'Acta N° 12 – año 2016.docx');
      assert.equal(f.type, 'docx');
    });

    test('over HTTP: a path in the name, a renamed program, an oversized file, two files, no multipart — each refused with words', async () => {
      const rows = await snapshot(store);
      const files = listing(dir);
      const post = (form: { payload: Buffer; headers: Record<string, string> }, lang = 'es') =>
        app.inject({
          method: 'POST',
          url: `/api/v1/workspace/commitments/${commitmentId}/evidence`,
          payload: form.payload,
          headers: { ...form.headers, cookie: editor.cookie, 'accept-language': lang },
        });
      const fields = { _csrf: editor.csrf };

      // busboy would cut "../../x.pdf" down to "x.pdf"; it must reach the check as sent.
      let res = await post(S.multipart(fields, [{ field: 'file', name: '../../informe.pdf', bytes: S.pdf() }]));
      assert.equal(res.statusCode, 400);
      const body = res.json() as { error: { code: string; message: string; fields?: Record<string, string> } };
      assert.equal(body.error.code, 'invalid_input');
      assert.match(body.error.message, /«\.\.\/\.\.\/informe\.pdf» incluye una carpeta/);
      assert.ok(body.error.fields?.file);

      res = await post(S.multipart(fields, [{ field: 'file', name: 'informe.pdf', bytes: S.exe(), type: 'application/pdf' }]), 'en');
      assert.equal(res.statusCode, 400);
      assert.match((res.json() as typeof body).error.message, /is a Windows program \(EXE\), but its name says a PDF/);

      res = await post(
        S.multipart(fields, [{ field: 'file', name: 'grande.pdf', bytes: Buffer.concat([S.pdf(), Buffer.alloc(1024 * 1024 + 10, 0x20)]) }]),
      );
      assert.equal(res.statusCode, 413);
      assert.match((res.json() as typeof body).error.message, /supera el límite de 1 MB/);

      res = await post(
        S.multipart(fields, [
          { field: 'file', name: 'a.pdf', bytes: S.pdf() },
          { field: 'otro', name: 'b.pdf', bytes: S.pdf() },
        ]),
      );
      assert.equal(res.statusCode, 400);
      assert.match((res.json() as typeof body).error.message, /demasiadas partes/);

      // The form's page takes files only: anything else is a 415 that says what to send.
      res = await app.inject({
        method: 'POST',
        url: `/espacio/compromisos/${commitmentId}/archivos`,
        payload: fields,
        headers: { cookie: editor.cookie },
      });
      assert.equal(res.statusCode, 415);
      assert.match(res.body, /multipart\/form-data/);

      // The CSRF token is found in the multipart form, read before the check: without it, a 403.
      res = await post(S.multipart({ description: 'sin token' }, [{ field: 'file', name: 'a.pdf', bytes: S.pdf() }]));
      assert.equal(res.statusCode, 403);

      res = await post(S.multipart({ ...fields, description: 'x' }, []));
      assert.equal(res.statusCode, 400, 'no file chosen');
      assert.ok((res.json() as typeof body).error.fields?.file);

      // In the browser: the form comes back with the refusal next to the field and in the summary.
      const exe = S.multipart({ ...fields, description: 'Informe' }, [{ field: 'file', name: 'informe.pdf', bytes: S.exe() }]);
      res = await app.inject({
        method: 'POST',
        url: `/espacio/compromisos/${commitmentId}/archivos`,
        payload: exe.payload,
        headers: { ...exe.headers, cookie: editor.cookie },
      });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /text\/html/);
      const message = /El contenido de «informe\.pdf» es un programa de Windows/;
      assert.match(res.body, message);
      assert.equal(res.body.match(new RegExp(message.source, 'g'))?.length, 2, 'in the summary at the top and next to the field');
      assert.match(res.body, /value="Informe"|>Informe</, 'the description is kept as typed');

      assert.deepEqual(await snapshot(store), rows);
      assert.deepEqual(listing(dir), files);
    });
  });
});
