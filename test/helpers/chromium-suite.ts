import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Account } from '../../src/services/accounts.js';
import type { Store } from '../../src/storage/connect.js';
import { accountWithPassword } from './auth.js';
import { requireChromium, serveInChromium, signedInContext } from './browser.js';
import { eachDatabase, type DbKind, type TestDb } from './databases.js';

export type AccountSpec = NonNullable<Parameters<typeof accountWithPassword>[1]>;
export type PasswordAccount = Account & { password: string };

/** What a suite's set-up gives: the app (not yet listening), its store, and the accounts with a password its tests sign in as. */
export interface Served {
  app: FastifyInstance;
  store: Store;
  /** By a name of the test's choosing; made in this order, after the rest of the set-up. */
  accounts?: Record<string, AccountSpec>;
}

/** A browser suite on one database; its getters are read inside tests, once the set-up has run. */
export interface ChromiumSuite {
  /** Registers the set-up: the app and accounts it returns are served to Chromium, and all is closed after the block. */
  setUp(serve: () => Promise<Served>): void;
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly browser: Browser;
  /** The app's address, `http://127.0.0.1:PORT`. */
  readonly base: string;
  account(who: string): PasswordAccount;
  /** A new browser context signed in as one of the set-up's accounts, through the sign-in form. */
  signIn(who: string, lang?: 'es' | 'en'): Promise<{ context: BrowserContext; page: Page }>;
}

/**
 * How every browser test starts: the set-up's app listening on a free port of 127.0.0.1, its accounts,
 * and Chromium; all closed after the block. Without Chromium the tests are skipped with the reason (a
 * failure under CI=true).
 *
 * A browser file runs on the one database it names (decision 038): what differs between SQLite and
 * PostgreSQL is storage, which the HTTP and service tests cover on both; the pages and their scripts are
 * the same on either. Half the browser files name each, so both serve real pages in Chromium; a file
 * whose acceptance asks for both databases says `on: ['sqlite', 'postgres']`.
 *
 *   describe('the board in the browser', () => {
 *     chromiumSuite({ on: 'sqlite' }, (web, db) => {
 *       web.setUp(async () => {
 *         const store = await db.open();
 *         return { store, app: await buildApp({ store }), accounts: { coordinator: { role: 'coordinator' } } };
 *       });
 *       test('…', async () => {
 *         const { context, page } = await web.signIn('coordinator', 'en');
 *         await page.goto(`${web.base}/en/espacio`);
 *       });
 *     });
 *   });
 */
export function chromiumSuite(on: { on: DbKind | readonly DbKind[] }, body: (web: ChromiumSuite, db: TestDb) => void): void {
  if (!requireChromium()) return;
  eachDatabase(
    (db) => {
      let state: { app: FastifyInstance; store: Store; browser: Browser; base: string; accounts: Map<string, PasswordAccount> } | undefined;
      const ready = () => {
        if (!state) throw new Error(`browser tests on ${db.kind}: the suite's set-up did not run (web.setUp)`);
        return state;
      };
      const web: ChromiumSuite = {
        setUp(serve) {
          let app: FastifyInstance | undefined;
          let browser: Browser | undefined;
          before(async () => {
            const served = await serve();
            app = served.app;
            const accounts = new Map<string, PasswordAccount>();
            for (const [who, spec] of Object.entries(served.accounts ?? {}))
              accounts.set(who, await accountWithPassword(served.store, spec));
            const { base, browser: launched } = await serveInChromium(app);
            browser = launched;
            state = { app, store: served.store, browser, base, accounts };
          });
          after(async () => {
            await browser?.close();
            await app?.close();
          });
        },
        get app() {
          return ready().app;
        },
        get store() {
          return ready().store;
        },
        get browser() {
          return ready().browser;
        },
        get base() {
          return ready().base;
        },
        account(who) {
          const account = ready().accounts.get(who);
          if (!account) throw new Error(`no account "${who}" in the suite's set-up`);
          return account;
        },
        signIn(who, lang = 'es') {
          return signedInContext(ready().browser, ready().base, web.account(who), lang);
        },
      };
      body(web, db);
    },
    typeof on.on === 'string' ? [on.on] : on.on,
  );
}
