import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { readOgpCsv } from '../../src/import/ogp-csv/index.js';
import { readTextReport } from '../../src/import/text-report/index.js';
import { importReport } from '../../src/services/import-report.js';
import { importOgpDataset } from '../../src/services/ogp-import.js';
import { getPlan } from '../../src/services/plans.js';
import type { Store } from '../../src/storage/connect.js';
import type { TestDb } from './databases.js';
import { ogpBytes } from './ogp.js';
import { seedBytes } from './seed.js';

export interface Seeded {
  store: Store;
  app: FastifyInstance;
  planId: number;
  /** Commitment id by its number in the plan. */
  commitment: (n: number) => number;
  themeIds: number[];
  roundIds: number[];
}

/** The 2015–2016 report imported into `store`, as a coordinator would with `vigia import`. */
async function importSeed(store: Store): Promise<number> {
  const bytes = seedBytes();
  const { planId } = await importReport(store, readTextReport(bytes, 'seed.txt'), {
    now: new Date().toISOString(),
    actor: 'test',
    fileName: 'seed.txt',
    bytes,
  });
  return planId;
}

/**
 * A database with the 2015–2016 report imported and the app on it; the page cache looks for changes on every request.
 * Without `existing`, the database is a copy of one the run imported the report into once (TestDb.openCopy).
 * `existing`: a store the test opened itself (to know its URL, for the `vigia` command); the report is
 * imported into it, and the test closes it.
 */
export async function seededApp(db: TestDb, existing?: Store): Promise<Seeded> {
  if (existing) return seeded(existing, await importSeed(existing));
  return seeded(await db.openCopy('seed', async (s) => void (await importSeed(s))));
}

/** seededApp's, with OGP's A–M extract (test/fixtures/ogp) imported after the report: 48 governments, 134 plans. */
export async function seededOgpApp(db: TestDb): Promise<Seeded> {
  return seeded(
    await db.openCopy('seed_ogp', async (s) => {
      await importSeed(s);
      const bytes = ogpBytes();
      await importOgpDataset(s, readOgpCsv(bytes), { now: new Date().toISOString(), actor: 'test', fileName: 'ogp.csv', bytes });
    }),
  );
}

/** The app on a store the seed report was imported into: the report's plan is the first one. */
async function seeded(store: Store, planId?: number): Promise<Seeded> {
  planId ??= (await store.db.selectFrom('plans').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  const app = await buildApp({ store, cacheCheckEveryMs: 0 });
  const plan = await getPlan(store, planId);
  const ids = new Map(plan.themes.flatMap((t) => t.commitments).map((c) => [c.number, c.id]));
  return {
    store,
    app,
    planId,
    commitment: (n) => ids.get(n)!,
    themeIds: plan.themes.map((t) => t.id),
    roundIds: plan.rounds.map((r) => r.id),
  };
}
