import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildApp } from '../../src/http/app.js';
import { auditEntityWords } from '../../src/i18n/audit-entities.js';
import { LANGS } from '../../src/i18n/lang.js';
import * as S from '../../src/services/consultation.js';
import { eachDatabase } from '../helpers/databases.js';
import { buildLateActivitiesPlan } from '../helpers/plans.js';

/**
 * The Atom feeds name the kinds of record changed with words, never table names: every table of the
 * migrated schema that the audit log can name has a word in Spanish and English. The list comes from
 * the database's own schema; only the tables below, never written through AuditedWriter, are left out
 * — and the source is read to check that none of them is.
 */
const NOT_AUDITED = new Set([
  // The log itself, migrations, search and locks: machinery.
  'audit_log',
  'schema_migrations',
  'schema_migrations_lock',
  'search_documents',
  'write_locks',
  // A browser import's preview file, noted until its token expires (decision 031): the import is what is audited.
  'import_previews',
  // Private by design (addresses, secrets, sign-in): kept out of the public history.
  'sessions',
  'account_tokens',
  'login_attempts',
  'consultation_authors',
  'consultation_tokens',
  'proposal_submissions',
  'rate_events',
  // Mail and follows (decision 016): a person's own settings and the queue.
  'follows',
  'outbox',
  'digest_told',
  'notification_cursors',
  'notification_runs',
  'notification_settings',
  'notification_tokens',
]);
const internal = (name: string) => name.startsWith('sqlite_') || name.startsWith('search_fts') || name.startsWith('kysely_');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

eachDatabase((db) => {
  test('every table the audit log can name has a word in es and en (from the schema); AuditedWriter writes none of the tables left out', async () => {
    const store = await db.open();
    const tables = (await store.db.introspection.getTables()).map((t) => t.name).filter((n) => !internal(n));
    assert.ok(tables.includes('consultation_comments') && tables.includes('alerts'), tables.join(' '));
    const audited = tables.filter((n) => !NOT_AUDITED.has(n));
    for (const lang of LANGS) {
      assert.deepEqual(
        audited.filter((n) => !auditEntityWords[lang][n]),
        [],
        `tables without a word in ${lang}`,
      );
    }
    // What the code writes through AuditedWriter (w.insert('table', …), .update(…), .remove(…)).
    const written = new Set(
      sourceFiles('src').flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/\.(?:insert|update|remove)\('([a-z_]+)'/g)].map((m) => m[1]!),
      ),
    );
    assert.ok(written.has('proposals'));
    assert.deepEqual(
      [...written].filter((n) => NOT_AUDITED.has(n) || !tables.includes(n)),
      [],
    );
  });

  test('a plan’s feed counts consultation comments and consultations in words, in both languages', async () => {
    const store = await db.open();
    const plan = await buildLateActivitiesPlan(store);
    const opened = await S.openConsultation(
      store,
      plan.people.carla,
      plan.planId,
      {
        title: 'Borrador',
        startsOn: '2026-03-02',
        endsOn: '2026-03-09',
      },
      new Date().toISOString(),
    );
    assert.ok(opened.ok);
    assert.ok(
      (
        await S.postComment(store, {
          now: new Date().toISOString(),
          consultationId: opened.id,
          who: { kind: 'account', actor: plan.people.eva },
          body: { target: 'draft', body: 'Un aporte' },
          today: '2026-03-05',
        })
      ).ok,
    );
    const app = await buildApp({ store, cacheCheckEveryMs: 0, today: () => '2026-03-05' });
    const es = (await app.inject(`/planes/${plan.planId}/cambios.atom`)).body;
    assert.match(es, /1 comentarios de consulta/);
    assert.match(es, /1 consultas públicas/);
    const en = (await app.inject(`/en/planes/${plan.planId}/cambios.atom`)).body;
    assert.match(en, /1 consultation comments/);
    assert.ok(!/consultation_comments|>1 consultations</.test(es + en));
    await app.close();
  });
});
