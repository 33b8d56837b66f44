import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { parse } from 'node-html-parser';
import { buildApp } from '../../src/http/app.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { confirmImport, previewImport } from '../../src/services/workspace/web-import.js';
import type { Store } from '../../src/storage/connect.js';
import { AuditedWriter } from '../../src/storage/writer.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { eachDatabase } from '../helpers/databases.js';
import { changedTables, dumpDatabase } from '../helpers/dump.js';
import { moveMark, seedText } from '../helpers/seed.js';
import { seedDocx } from '../helpers/seed-docx.js';
import * as A from '../files/active-samples.js';
import { exe, multipart, pdf } from '../files/samples.js';

/**
 * A Word report imported from the browser (issue 19): upload → preview (what would be created or changed,
 * every warning with its commitment and line; nothing written) → confirm (exactly what was previewed, the
 * person's name on every audit entry, the plan in the coordinator's government). A bad file is refused in
 * words and nothing is kept; a confirmation that is not this session's preview, or too late, or for a
 * database that moved on, writes nothing. Agency editors and visitors cannot import.
 */

const unescape = (s: string) =>
  s
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The seed with commitment 3's level moved: the summary and the comparison table disagree with its ficha (warnings). */
const alteredSeed = () => Buffer.from(moveMark(seedText(), 3, 0));
/** A preview notes the file it keeps (for its removal if never confirmed): bookkeeping, not the import's data. */
const BUT_NOTES = { exclude: ['import_previews'] };

describe('import a report from the browser: upload, preview, confirm', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let dir: string;
    let coordinator: SignedIn;
    let otherCoordinator: SignedIn;
    let editor: SignedIn;
    let admin: SignedIn;
    let governmentId: number;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vigia-web-import-'));
      process.env.FILES_DIR = dir;
      store = await db.open();
      const w = new AuditedWriter(store.db, { actor: 'test', at: '2024-01-01T00:00:00.000Z' });
      // A government named otherwise than the report ("Perú"): the plan goes to the coordinator's all the same.
      governmentId = await w.insert('governments', { name: 'República del Perú', kind: 'national', country_code: 'PE', lang: 'es' });
      const agency = await w.insert('agencies', { government_id: governmentId, name: 'Ministerio de Cultura', acronym: null, lang: 'es' });
      app = await buildApp({ store, cacheCheckEveryMs: 0 });
      coordinator = await signIn(app, store, { role: 'coordinator', governmentId });
      otherCoordinator = await signIn(app, store, { role: 'coordinator', governmentId });
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: agency });
      admin = await signIn(app, store, { role: 'admin' });
    });
    after(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const upload = (
      who: SignedIn,
      name: string,
      bytes: Uint8Array,
      options: { url?: string; lang?: string; fields?: Record<string, string> } = {},
    ) => {
      const form = multipart({ _csrf: who.csrf, ...options.fields }, [{ field: 'file', name, bytes }]);
      return app.inject({
        method: 'POST',
        url: options.url ?? '/espacio/importar',
        payload: form.payload,
        headers: { ...form.headers, cookie: who.cookie, 'accept-language': options.lang ?? 'es' },
      });
    };
    /** The hidden fields of the preview's confirm form. */
    const confirmFields = (res: LightMyRequestResponse): Record<string, string> => {
      const form = parse(res.body).querySelector('form[action$="/espacio/importar/confirmar"]');
      assert.ok(form, `no confirm form in ${res.statusCode} ${res.body.slice(0, 300)}`);
      return Object.fromEntries(
        form.querySelectorAll('input[type=hidden]').map((i) => [i.getAttribute('name')!, unescape(i.getAttribute('value') ?? '')]),
      );
    };
    const confirm = (who: SignedIn, fields: Record<string, string>, lang = 'es') =>
      app.inject({
        method: 'POST',
        url: lang === 'en' ? '/en/espacio/importar/confirmar' : '/espacio/importar/confirmar',
        payload: new URLSearchParams({ ...fields, _csrf: who.csrf }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: who.cookie },
      });
    const plans = async () => store.db.selectFrom('plans').select(['id', 'title', 'government_id']).execute();

    test('the upload form: coordinators and admins; an agency editor 403, a visitor sent to sign in', async () => {
      const page = await app.inject({ url: '/espacio/importar', headers: { cookie: coordinator.cookie } });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /República del Perú/);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      assert.equal((await app.inject({ url: '/en/espacio/importar', headers: { cookie: admin.cookie } })).statusCode, 200);
      assert.equal((await app.inject({ url: '/espacio/importar', headers: { cookie: editor.cookie } })).statusCode, 403);
      const visitor = await app.inject({ url: '/espacio/importar' });
      assert.equal(visitor.statusCode, 303);
      assert.match(String(visitor.headers.location), /\/cuenta\/ingresar/);
    });

    test('an agency editor and a visitor cannot upload nor confirm; nothing is kept', async () => {
      const before = await dumpDatabase(store);
      assert.equal((await upload(editor, 'informe.txt', alteredSeed())).statusCode, 403);
      const anonymous = multipart({}, [{ field: 'file', name: 'informe.txt', bytes: alteredSeed() }]);
      const res = await app.inject({ method: 'POST', url: '/espacio/importar', payload: anonymous.payload, headers: anonymous.headers });
      assert.ok([401, 403].includes(res.statusCode), String(res.statusCode));
      assert.equal(
        (await confirm(editor, { token: 'x', sha256: 'a'.repeat(64), fileName: 'a.txt', expiresAt: '2999-01-01', digest: 'd' })).statusCode,
        403,
      );
      assert.deepEqual(changedTables(before, await dumpDatabase(store)), []);
    });

    let previewed: Record<string, string>;

    test('upload → the preview lists the plan, the counts, the agencies, every warning with commitment and line; nothing is written', async () => {
      const warnings = readTextReport(alteredSeed(), 'x.txt').warnings;
      assert.ok(warnings.length > 0 && warnings.every((w) => w.line !== null));
      const before = await dumpDatabase(store, BUT_NOTES);
      const res = await upload(coordinator, 'autoevaluación 2015-2016.txt', alteredSeed());
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      const body = unescape(res.body);
      assert.match(body, /Se creará un plan nuevo/);
      assert.match(body, /Plan de Acción de Gobierno Abierto 2015-2016/);
      assert.match(body, /República del Perú/);
      assert.match(body, /<dt>Compromisos<\/dt><dd>17<\/dd>/);
      assert.match(body, /<dt>Temas<\/dt><dd>4<\/dd>/);
      // Agencies: one already there (kept, not made twice), the others new.
      assert.match(body, /Ministerio de Cultura<\/span> — ya registrada/);
      assert.match(body, /Presidencia del Consejo de Ministros<\/span> — nueva/);
      assert.match(body, /<th scope="row">compromisos<\/th><td>17<\/td><td>0<\/td><td>0<\/td>/);
      assert.match(body, new RegExp(`${warnings.length} advertencias`));
      for (const w of warnings) assert.ok(body.includes(`línea ${w.line}`), `warning of line ${w.line}`);
      assert.match(body, /compromiso 3/i);
      assert.deepEqual(changedTables(before, await dumpDatabase(store, BUT_NOTES)), [], 'the preview writes nothing');
      previewed = confirmFields(res);
      assert.equal(previewed.fileName, 'autoevaluación 2015-2016.txt');
    });

    test('confirm with a forged token, another session’s token, or an altered field: refused in words, nothing written', async () => {
      const before = await dumpDatabase(store);
      const forged = await confirm(coordinator, { ...previewed, token: 'A'.repeat(43) });
      assert.equal(forged.statusCode, 400);
      assert.match(unescape(forged.body), /no corresponde a una vista previa de esta sesión/);
      const english = await confirm(coordinator, { ...previewed, token: 'A'.repeat(43) }, 'en');
      assert.match(unescape(english.body), /does not belong to a preview of this session/);
      const other = await confirm(otherCoordinator, previewed);
      assert.equal(other.statusCode, 400, 'a preview is its session’s');
      const longer = await confirm(coordinator, { ...previewed, expiresAt: '2999-12-31T00:00:00.000Z' });
      assert.equal(longer.statusCode, 400, 'the expiry is signed');
      assert.deepEqual(changedTables(before, await dumpDatabase(store)), []);
    });

    test('confirm → the plan is there, in the coordinator’s government, every audit entry in the coordinator’s name', async () => {
      const res = await confirm(coordinator, previewed);
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const location = String(res.headers.location);
      assert.match(location, /^\/espacio\/importar\?plan=\d+&cambios=\d+$/);
      const [plan] = await plans();
      assert.ok(plan);
      assert.equal(plan.title, 'Plan de Acción de Gobierno Abierto 2015-2016');
      assert.equal(Number(plan.government_id), governmentId);
      assert.equal(
        (await store.db.selectFrom('governments').select('id').execute()).length,
        1,
        'no government made from the report’s name',
      );
      assert.equal((await store.db.selectFrom('commitments').select('id').execute()).length, 17);
      const actors = await store.db.selectFrom('audit_log').select('actor').distinct().where('context', 'like', 'import %').execute();
      assert.deepEqual(
        actors.map((a) => a.actor),
        [`user:${coordinator.actor.userId}`],
      );
      const done = await app.inject({ url: location, headers: { cookie: coordinator.cookie } });
      assert.match(done.body, /Importado \(\d+ cambios\)/);
      // Confirming the same preview twice changes nothing more: the import is idempotent, and its digest is not met.
      const again = await confirm(coordinator, previewed);
      assert.equal(again.statusCode, 409);
      assert.match(unescape(again.body), /La base de datos cambió desde la vista previa/);
      assert.match(unescape(again.body), /importarlo no cambiaría nada/);
    });

    test('a re-import of a corrected Word file: the preview names the existing plan and each row it would change', async () => {
      const docx = await seedDocx(seedText());
      const res = await upload(coordinator, 'informe.docx', docx);
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      const body = unescape(res.body);
      assert.match(body, /El plan ya existe: se actualizará en su lugar/);
      // The file without the altered mark: commitment 3's level goes back — a change of an existing assessment.
      assert.match(body, /Registros existentes que cambiarían/);
      assert.match(body, /niveles y resultados \d+ \(compromiso 3\): level/);
      const before = await store.db.selectFrom('plans').select('id').execute();
      const ok = await confirm(coordinator, confirmFields(res));
      assert.equal(ok.statusCode, 303);
      assert.deepEqual(await store.db.selectFrom('plans').select('id').execute(), before, 'the same plan, updated');
    });

    test('a confirmation after the database moved on is shown again, not imported', async () => {
      const res = await upload(coordinator, 'informe.txt', alteredSeed());
      const fields = confirmFields(res);
      // Meanwhile, the other file is imported again (by the other coordinator): commitment 3's level is already what this one sets.
      const meanwhile = await upload(otherCoordinator, 'informe.txt', alteredSeed());
      assert.equal((await confirm(otherCoordinator, confirmFields(meanwhile))).statusCode, 303);
      const before = await dumpDatabase(store, BUT_NOTES);
      const stale = await confirm(coordinator, fields);
      assert.equal(stale.statusCode, 409);
      assert.match(unescape(stale.body), /La base de datos cambió desde la vista previa/);
      assert.deepEqual(changedTables(before, await dumpDatabase(store, BUT_NOTES)), []);
    });

    test('bad files: refused with words naming the problem, in Spanish and English, nothing stored', async () => {
      const before = await dumpDatabase(store);
      const dde = 'c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"';
      const cases: { name: string; bytes: Uint8Array; es: RegExp; en: RegExp }[] = [
        { name: 'informe.pdf', bytes: pdf(), es: /No se importan archivos «\.pdf»/, en: /“\.pdf” files are not imported/ },
        {
          name: 'informe.docx',
          bytes: A.wordDoc(A.paragraph(A.field('DDE', `AUTO ${dde}`))),
          es: /enlace DDE/,
          en: /DDE link/,
        },
        { name: 'informe.txt', bytes: exe(), es: /programa de Windows \(EXE\)/, en: /Windows program \(EXE\)/ },
        { name: 'informe.txt', bytes: await seedDocx(), es: /documento de Word \(DOCX\)/, en: /Word document \(DOCX\)/ },
        { name: 'informe.txt', bytes: Buffer.from('Lista de compras:\npan\nleche\n'), es: /reporte|informe/i, en: /report/i },
        { name: 'vacío.txt', bytes: Buffer.alloc(0), es: /está vacío/, en: /is empty/ },
      ];
      for (const c of cases) {
        for (const lang of ['es', 'en'] as const) {
          const res = await upload(coordinator, c.name, c.bytes, lang === 'en' ? { url: '/en/espacio/importar' } : {});
          assert.equal(res.statusCode, 400, `${c.name} (${lang}): ${res.statusCode} ${res.body.slice(0, 200)}`);
          const summary = parse(res.body).querySelector('.error-summary')?.text ?? '';
          assert.match(unescape(summary), lang === 'es' ? c.es : c.en, `${c.name} (${lang}): ${summary}`);
        }
      }
      assert.deepEqual(changedTables(before, await dumpDatabase(store)), []);
    });

    test('the API: upload → JSON preview with the warnings’ words and a token → confirm 201; a forged token 400 naming it', async () => {
      const form = multipart({}, [{ field: 'file', name: 'informe.txt', bytes: Buffer.from(seedText()) }]);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/workspace/imports',
        payload: form.payload,
        headers: { ...form.headers, cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'accept-language': 'en' },
      });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const preview = res.json() as { plan: { created: boolean }; counts: { commitments: number }; confirm: Record<string, unknown> };
      assert.equal(preview.plan.created, false);
      assert.equal(preview.counts.commitments, 17);
      const post = (body: unknown) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/workspace/imports/confirm',
          payload: body as Record<string, unknown>,
          headers: { cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrf, 'accept-language': 'en' },
        });
      const confirmBody = preview.confirm;
      const forged = await post({ ...confirmBody, digest: 'f'.repeat(64) });
      assert.equal(forged.statusCode, 400);
      assert.match(String((forged.json() as { error: { fields: Record<string, string> } }).error.fields.token), /does not belong/);
      const done = await post(confirmBody);
      assert.equal(done.statusCode, 201, done.body.slice(0, 300));
      assert.equal((done.json() as { created: boolean }).created, false);
    });

    test('service: a preview past its 30 minutes is refused, and the coordinator’s government is the only one they import into', async () => {
      const now = '2024-05-01T10:00:00.000Z';
      const result = await previewImport(
        store,
        coordinator.actor,
        { fields: {}, file: { name: 'informe.txt', bytes: alteredSeed() } },
        { secret: 's3cret', now },
      );
      assert.ok(result.ok);
      assert.equal(result.preview.confirm.expiresAt, '2024-05-01T10:30:00.000Z');
      const fields = { ...result.preview.confirm, government: result.preview.confirm.government ?? undefined };
      const late = await confirmImport(store, coordinator.actor, fields, { secret: 's3cret', now: '2024-05-01T10:30:00.001Z' });
      assert.deepEqual(late, { ok: false, refused: 'token_expired' });
      const otherSecret = await confirmImport(store, coordinator.actor, fields, { secret: 'other', now });
      assert.deepEqual(otherSecret, { ok: false, refused: 'token_invalid' });
      // A coordinator who asks for another government still imports into theirs (the field is an admin's).
      const asked = await previewImport(
        store,
        coordinator.actor,
        { fields: { government: '999' }, file: { name: 'informe.txt', bytes: alteredSeed() } },
        { secret: 's3cret', now },
      );
      assert.ok(asked.ok);
      assert.equal(asked.preview.plan.government, 'República del Perú');
    });

    test('a preview never confirmed: its file is removed once expired, when another preview is made; a file kept before stays', async () => {
      const kept = (sha: string) => existsSync(join(dir, sha.slice(0, 2), sha));
      const session = (now: string) => ({ secret: 's3cret', now });
      const unconfirmed = await previewImport(
        store,
        coordinator.actor,
        { fields: {}, file: { name: 'borrador.txt', bytes: Buffer.from(`${moveMark(seedText(), 3, 0)}\n\n`) } },
        session('2030-01-01T10:00:00.000Z'),
      );
      assert.ok(unconfirmed.ok);
      const sha = unconfirmed.preview.sha256;
      assert.ok(kept(sha), 'kept for the confirm step');
      // The seed's file was imported (confirmed) by an earlier test: previewed again, it is not the preview's to remove.
      const again = await previewImport(
        store,
        coordinator.actor,
        { fields: {}, file: { name: 'informe.txt', bytes: alteredSeed() } },
        session('2030-01-01T10:29:00.000Z'),
      );
      assert.ok(again.ok);
      assert.ok(kept(sha), 'not yet expired');
      const later = await previewImport(
        store,
        coordinator.actor,
        { fields: {}, file: { name: 'informe.txt', bytes: alteredSeed() } },
        session('2030-01-01T11:00:00.000Z'),
      );
      assert.ok(later.ok);
      assert.ok(!kept(sha), 'the expired preview’s file is gone');
      assert.ok(kept(later.preview.sha256), 'the confirmed import’s file stays');
      assert.equal((await store.db.selectFrom('import_previews').selectAll().where('sha256', '=', sha).execute()).length, 0);
    });
  });
});
