import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { checkFileName } from '../../src/domain/file-types.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { refusalText, uploadRoutes, type UploadRoute } from '../helpers/upload-routes.js';
import { eachDatabase } from '../helpers/databases.js';
import * as S from '../files/samples.js';
import { changedTables, dumpDatabase } from '../helpers/dump.js';

/**
 * Hostile files through every route that takes one — evidence (workspace form and API) and an alert's
 * file (public form and API): a renamed program, a polyglot, an oversized file, a name with a folder
 * (as typed, percent-encoded, or in RFC 7578's `filename*`), a zip bomb named .docx. Each is refused
 * with a message that names the problem, and nothing is kept: no row, no audit entry, no file.
 */

const MB = 1024 * 1024;

/** A multipart body by hand: the file's Content-Disposition as given (to send `filename*=`). */
function rawMultipart(fields: Record<string, string>, fileField: string, disposition: string, bytes: Uint8Array) {
  const boundary = `----vigia${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; ${disposition}\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

interface Hostile {
  label: string;
  /** The file's Content-Disposition parameters, and its bytes. */
  disposition: string;
  bytes: () => Uint8Array;
  /** What the message must say (Spanish). */
  message: RegExp;
}

const HOSTILE: Hostile[] = [
  { label: 'a Windows program named .pdf', disposition: 'filename="informe.pdf"', bytes: S.exe, message: /programa de Windows \(EXE\)/ },
  { label: 'a Linux program named .pdf', disposition: 'filename="informe.pdf"', bytes: S.elf, message: /programa de Linux \(ELF\)|ELF/ },
  {
    label: 'a PDF with a zip appended (polyglot)',
    disposition: 'filename="oficio.pdf"',
    bytes: S.pdfWithZip,
    message: /otro archivo adosado al final/,
  },
  {
    label: 'a PNG with a script after its end (polyglot)',
    disposition: 'filename="foto.png"',
    bytes: () => Buffer.concat([S.png(), Buffer.from('<script>alert(1)</script>')]),
    message: /otro archivo adosado al final/,
  },
  {
    label: 'a file over the limit',
    disposition: 'filename="grande.pdf"',
    bytes: () => Buffer.concat([S.pdf(), Buffer.alloc(MB + 10, 0x20)]),
    message: /límite de 1 MB/,
  },
  {
    label: 'a name with ../',
    disposition: 'filename="../../informe.pdf"',
    bytes: S.pdf,
    message: /«\.\.\/\.\.\/informe\.pdf» incluye una carpeta/,
  },
  { label: 'a name with ..\\', disposition: 'filename="..\\\\..\\\\informe.pdf"', bytes: S.pdf, message: /incluye una carpeta/ },
  {
    label: 'a name with ../ percent-encoded',
    disposition: 'filename="..%2F..%2Finforme.pdf"',
    bytes: S.pdf,
    message: /incluye una carpeta/,
  },
  { label: 'a name with ../ encoded twice', disposition: 'filename="..%252Finforme.pdf"', bytes: S.pdf, message: /incluye una carpeta/ },
  {
    label: 'a name with ../ in filename* (RFC 5987)',
    disposition: "filename*=UTF-8''..%2F..%2Finforme.pdf",
    bytes: S.pdf,
    message: /incluye una carpeta/,
  },
  {
    label: 'a name with a full-width solidus',
    disposition: "filename*=UTF-8''..%EF%BC%8Finforme.pdf",
    bytes: S.pdf,
    message: /incluye una carpeta/,
  },
  {
    label: 'a zip bomb named .docx (600 MB unpacked)',
    disposition: 'filename="informe.docx"',
    bytes: () => S.bombDocx(60),
    message: /bomba/,
  },
  {
    label: 'a zip bomb of overlapping entries named .docx',
    disposition: 'filename="informe.docx"',
    bytes: S.overlappingDocx,
    message: /dañado/,
  },
];

/** Every file under the folder, temporary ones included. */
function listing(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

describe('uploads: hostile files through every upload route, refused with words, nothing kept', () => {
  test('names: encoded folders are folders too; a percent sign alone is not', () => {
    for (const name of [
      '..%2Finforme.pdf',
      '..%2finforme.pdf',
      '..%5Cinforme.pdf',
      '%2E%2E%2Finforme.pdf',
      '..%252Finforme.pdf',
      'a%2Fb.pdf',
    ]) {
      assert.equal(checkFileName(name)?.code, 'name_path', name);
    }
    for (const name of ['100% avance.pdf', 'Informe %20.pdf', 'a%2.pdf']) assert.equal(checkFileName(name), null, name);
  });

  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let dir: string;
    let commitmentId: number;
    let editor: SignedIn;
    let citizen: SignedIn;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vigia-uploads-'));
      process.env.FILES_DIR = dir;
      process.env.UPLOAD_MAX_MB = '1';
      const s = await seededApp(db);
      ({ app, store } = s);
      commitmentId = s.commitment(4);
      const own = await commitmentSubject(store.db, commitmentId);
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: own!.agency_id! });
      citizen = await signIn(app, store, { role: 'civil-society' });
    });
    after(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      delete process.env.UPLOAD_MAX_MB;
    });

    /** The upload routes: who sends, the file's field, the other fields of a form that is otherwise right. */
    const routes = (): UploadRoute[] => uploadRoutes(commitmentId, editor, citizen, citizen);

    const send = (r: UploadRoute, disposition: string, bytes: Uint8Array): Promise<LightMyRequestResponse> => {
      const form = rawMultipart({ _csrf: r.who.csrf, ...r.fields }, r.field, disposition, bytes);
      return app.inject({
        method: 'POST',
        url: r.url,
        payload: form.payload,
        headers: { ...form.headers, cookie: r.who.cookie, 'accept-language': 'es' },
      });
    };

    test('each hostile file, through each route: 4xx, the message names the problem, every table and FILES_DIR as before', async () => {
      const rows = await dumpDatabase(store);
      const files = listing(dir);
      const wrong: string[] = [];
      for (const r of routes()) {
        for (const h of HOSTILE) {
          const res = await send(r, h.disposition, h.bytes());
          const message = refusalText(r, res);
          if (res.statusCode < 400 || res.statusCode >= 500) wrong.push(`${r.url}, ${h.label}: ${res.statusCode}`);
          else if (!h.message.test(message))
            wrong.push(`${r.url}, ${h.label}: ${res.statusCode} without ${h.message}: ${message.slice(0, 200)}`);
        }
      }
      assert.deepEqual(wrong, []);
      const now = await dumpDatabase(store);
      assert.deepEqual(changedTables(rows, now), [], 'no row, no audit entry');
      assert.deepEqual(listing(dir), files, 'no file in FILES_DIR, not even a temporary one');
    });

    test('the routes do keep a good file: the refusals above are the checks’ doing', async () => {
      for (const r of routes()) {
        const rows = await dumpDatabase(store);
        const res = await send(r, `filename="acta ${r.url.length}.pdf"`, S.pdf(`Acta ${r.url}`));
        assert.ok(res.statusCode === 201 || res.statusCode === 303, `${r.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        const changed = changedTables(rows, await dumpDatabase(store));
        assert.ok(changed.includes('files') && changed.includes('audit_log'), `${r.url}: ${changed.join(', ')}`);
      }
    });
  });
});
