import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect.js';

/**
 * The schema as the database itself describes it — tables with their columns, checks and keys,
 * indexes, triggers, functions — one line of text per object, keyed by kind and name. Two databases
 * with equal catalogues have the same schema. Used by the migrations' test (frozen migrations, fresh
 * against upgraded) and `npm run schema:snapshot`.
 */
export type SchemaCatalogue = Record<string, string>;

export async function describeSchema(db: Kysely<any>): Promise<SchemaCatalogue> {
  return dialectOf(db) === 'postgres' ? describePostgres(db) : describeSqlite(db);
}

async function describeSqlite(db: Kysely<any>): Promise<SchemaCatalogue> {
  // SQLite keeps each object's CREATE statement, rewritten by every ALTER: the text is the schema.
  const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
    SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`.execute(db);
  const out: SchemaCatalogue = {};
  for (const r of rows) out[`${r.type} ${r.name}`] = (r.sql ?? '(automatic)').replace(/\s+/g, ' ').trim();
  return out;
}

async function describePostgres(db: Kysely<any>): Promise<SchemaCatalogue> {
  const out: SchemaCatalogue = {};
  const columns = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  }>`
    SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
    WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`.execute(db);
  for (const c of columns.rows) {
    out[`column ${c.table_name}.${c.column_name}`] =
      `${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}${c.column_default ? ` default ${c.column_default}` : ''}`;
  }
  const constraints = await sql<{ table_name: string; name: string; def: string }>`
    SELECT t.relname AS table_name, c.conname AS name, pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema()`.execute(db);
  for (const c of constraints.rows) out[`constraint ${c.table_name}.${c.name}`] = c.def;
  const indexes = await sql<{ indexname: string; indexdef: string }>`
    SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()`.execute(db);
  for (const i of indexes.rows) out[`index ${i.indexname}`] = i.indexdef;
  const triggers = await sql<{ table_name: string; name: string; def: string }>`
    SELECT c.relname AS table_name, t.tgname AS name, pg_get_triggerdef(t.oid) AS def
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND NOT t.tgisinternal`.execute(db);
  for (const t of triggers.rows) out[`trigger ${t.table_name}.${t.name}`] = t.def;
  const functions = await sql<{ name: string; def: string }>`
    SELECT p.proname AS name, pg_get_functiondef(p.oid) AS def
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()`.execute(db);
  for (const f of functions.rows) out[`function ${f.name}`] = f.def.replace(/\s+/g, ' ').trim();
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What a migration did to the schema: objects added or changed (with their new text) and removed. */
export interface SchemaChange {
  added: SchemaCatalogue;
  changed: SchemaCatalogue;
  removed: string[];
}

export function schemaChange(before: SchemaCatalogue, after: SchemaCatalogue): SchemaChange {
  const change: SchemaChange = { added: {}, changed: {}, removed: [] };
  for (const [key, text] of Object.entries(after)) {
    if (!(key in before)) change.added[key] = text;
    else if (before[key] !== text) change.changed[key] = text;
  }
  change.removed = Object.keys(before)
    .filter((k) => !(k in after))
    .sort();
  return change;
}
