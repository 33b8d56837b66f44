import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import { importDemoIfEmpty } from '../../src/cli/commands/serve.js';
import { BackupError, MAGIC, backupDatabase, restoreDatabase } from '../../src/services/backup.js';
import { openStore, parseDatabaseUrl } from '../../src/storage/connect.js';
import { pgCounts, sqliteCheck } from '../../src/storage/backup.js';
import { vigia } from '../helpers/cli.js';
import { eachDatabase } from '../helpers/databases.js';

/**
 * `vigia backup` / `vigia restore` (issue 9, decision 019) on the seed data: the copy is checked, the
 * restored database has the rows the backup recorded and its audit chain verifies; the refusals (file
 * missing, not a backup, damaged, wrong kind, database with data, database in use) change nothing.
 */
const dir = mkdtempSync(join(tmpdir(), 'vigia-backup-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { out: () => undefined, err: () => undefined, lang: 'es' as const };

async function counts(url: string): Promise<Record<string, number>> {
  const t = parseDatabaseUrl(url);
  return t.dialect === 'sqlite' ? sqliteCheck(t.target).counts : pgCounts(t.target);
}

async function refusal(p: Promise<unknown>, problem: string): Promise<Record<string, string | number>> {
  const e = await p.then(
    () => assert.fail(`expected ${problem}`),
    (x: unknown) => x,
  );
  assert.ok(e instanceof BackupError, String(e));
  assert.equal(e.problem, problem);
  return e.params;
}

describe('vigia backup and vigia restore', () => {
  eachDatabase((db) => {
    let seeded: string | undefined;
    test('the seed backed up, checked, restored into a new database: the same rows per table, the audit chain intact', async () => {
      const source = await db.freshUrl();
      const store = await openStore(source);
      await importDemoIfEmpty(store, quiet);
      await store.close();
      seeded = source;
      const before = await counts(source);
      const file = join(dir, `${db.kind}-seed.vigia`);
      const saved = await backupDatabase(source, file, new Date().toISOString());
      assert.ok(readFileSync(file).subarray(0, MAGIC.length).toString() === MAGIC);
      assert.deepEqual(saved.manifest.tables, before, 'the manifest records every table and its rows');
      assert.equal(saved.manifest.kind, db.kind);
      assert.ok(before.commitments === 17 && before.audit_log! > 100);

      const dest = await db.freshUrl();
      const restored = await restoreDatabase(dest, file);
      assert.deepEqual(await counts(dest), before);
      assert.equal(restored.auditChecked, before.audit_log);
      console.log(
        `[backup ${db.kind}] seed: ${Object.keys(before).length} tables, ${restored.rows} rows, ${saved.bytes} bytes; backup ${saved.ms} ms, restore ${restored.ms} ms`,
      );

      // A database with data is not replaced without --force; with it, it is, and checked again.
      const params = await refusal(restoreDatabase(dest, file), 'not_empty');
      assert.equal(params.rows, before.audit_log, 'the rows people wrote: audit entries');
      const again = await restoreDatabase(dest, file, { force: true });
      assert.equal(again.rows, restored.rows);
    });

    test('refusals: file missing, not a backup, damaged, the other kind of database, a database in use — nothing restored', async () => {
      const dest = await db.freshUrl();
      await (await openStore(dest)).close();
      const untouched = await counts(dest);
      await refusal(restoreDatabase(dest, join(dir, 'no-such-file.vigia')), 'file_missing');
      const text = join(dir, 'report.txt');
      writeFileSync(text, 'Reporte de autoevaluación\n');
      await refusal(restoreDatabase(dest, text), 'not_a_backup');

      const source = await db.freshUrl();
      await (await openStore(source)).close();
      const file = join(dir, `${db.kind}-empty.vigia`);
      await backupDatabase(source, file, new Date().toISOString());
      const bytes = readFileSync(file);
      const cut = join(dir, `${db.kind}-cut.vigia`);
      writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
      await refusal(restoreDatabase(dest, cut), 'damaged');
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 10] = flipped[flipped.length - 10]! ^ 0xff;
      writeFileSync(cut, flipped);
      await refusal(restoreDatabase(dest, cut), 'damaged');

      // A backup of the other kind (its header and payload consistent) is refused by kind.
      const other = db.kind === 'sqlite' ? 'postgres' : 'sqlite';
      const payload = Buffer.from('payload');
      const manifest = {
        kind: other,
        createdAt: new Date().toISOString(),
        tables: {},
        payloadBytes: payload.length,
        sha256: createHash('sha256').update(payload).digest('hex'),
      };
      const foreign = join(dir, `${other}.vigia`);
      writeFileSync(foreign, Buffer.concat([Buffer.from(MAGIC + JSON.stringify(manifest) + '\n'), payload]));
      const p = await refusal(restoreDatabase(dest, foreign), 'wrong_kind');
      assert.deepEqual([p.backup, p.database], [other, db.kind]);

      // In use: a store open on it, as a running `vigia serve` has.
      const running = await openStore(dest);
      try {
        await running.db.selectFrom('plans').select('id').execute();
        await refusal(restoreDatabase(dest, file), 'busy');
      } finally {
        await running.close();
      }
      // Nothing was restored by any refusal: the destination is still empty of data.
      assert.deepEqual(await counts(dest), untouched);
    });

    test('as a user runs them: `vigia backup FILE`, `vigia restore FILE`, their messages and exit statuses', async () => {
      // The seeded database of the first test (backed up, not changed).
      assert.ok(seeded, 'the first test ran');
      const file = join(dir, `${db.kind}-cli.vigia`);
      const b = await vigia(['backup', file], { DATABASE_URL: seeded });
      assert.equal(b.status, 0, b.stderr);
      assert.match(
        b.stdout,
        new RegExp(
          `Copia guardada en ${file}: \\d+ tablas, \\d+ filas, .* \\(${db.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\\)\\. Comprobada:`,
        ),
      );
      assert.match(b.stderr, /Copiando…/);
      const dest = await db.freshUrl();
      const r = await vigia(['restore', file], { DATABASE_URL: dest, VIGIA_LANG: 'en' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(
        r.stdout,
        /Database restored from .*: \d+ rows in \d+ tables, the ones the backup recorded; history intact \(\d+ entries\)/,
      );
      const refused = await vigia(['restore', file], { DATABASE_URL: dest });
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /^Error: La base de datos .* ya tiene datos \(\d+ filas\): no se reemplaza sin --force\.\n$/);
      const verify = await vigia(['audit', 'verify'], { DATABASE_URL: dest });
      assert.equal(verify.status, 0, verify.stdout);
    });
  });
});
