import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Search: one document per commitment and per activity (see storage/search.ts), matched by FTS5 on
 * SQLite and by a tsvector on PostgreSQL. The tokens are made in TypeScript (lib/search-terms.ts), so
 * both databases match the same words; they only differ in how they rank.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  let table = db.schema
    .createTable('search_documents')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('theme_id', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('title_terms', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addCheckConstraint('search_documents_kind', sql`kind in ('commitment', 'activity')`);
  if (pg) {
    // Title words weigh more than body words in ts_rank. 'simple': the tokens are already stemmed and folded.
    table = table.addColumn('terms_tsv', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || setweight(to_tsvector('simple'::regconfig, terms), 'B')`,
        )
        .stored(),
    );
  }
  await table.execute();
  await db.schema.createIndex('search_documents_entity').unique().on('search_documents').columns(['kind', 'entity_id']).execute();
  await db.schema.createIndex('search_documents_plan').on('search_documents').column('plan_id').execute();
  await db.schema.createIndex('search_documents_commitment').on('search_documents').column('commitment_id').execute();
  if (pg) {
    await db.schema.createIndex('search_documents_tsv').on('search_documents').using('gin').column('terms_tsv').execute();
  } else {
    // Its rowid is search_documents.id, kept in step by triggers (deletes cascading from commitments and plans too).
    await sql`create virtual table search_fts using fts5(title_terms, terms, tokenize = 'unicode61')`.execute(db);
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts (rowid, title_terms, terms) values (new.id, new.title_terms, new.terms);
    end`.execute(db);
    await sql`create trigger search_documents_au after update of title_terms, terms on search_documents begin
      update search_fts set title_terms = new.title_terms, terms = new.terms where rowid = old.id;
    end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      delete from search_fts where rowid = old.id;
    end`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
