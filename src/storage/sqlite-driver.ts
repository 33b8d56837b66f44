import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3 for the Node line this runs on (decision 028). 12.x, built on node::ObjectWrap, aborts
 * the process on Node 24.19 and later when a statement is garbage-collected ("Assertion failed: (env) !=
 * nullptr" in RemoveEnvironmentCleanupHook); 13.x (Node-API) is fixed but needs Node 22 and crashes on 20.
 * Both are installed; the one this Node can run is loaded. The API is the same.
 */
const nodeMajor = Number(process.versions.node.split('.')[0]);
export const sqliteDriverPackage = nodeMajor >= 22 ? 'better-sqlite3-node22' : 'better-sqlite3';

const SqliteDatabase = createRequire(import.meta.url)(sqliteDriverPackage) as typeof BetterSqlite3;
export default SqliteDatabase;
export type SqliteConnection = BetterSqlite3.Database;
export type SqliteStatement = BetterSqlite3.Statement;
