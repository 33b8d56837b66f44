import type { Kysely } from 'kysely';

/**
 * Evidence that is a document named by number (issue 20: "Oficio N° 290-2017-MIDIS/SG/OGPPM, del 12.09.17",
 * read from an imported report as an item of kind 'text'): the document's date, when the text gives one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evidence').addColumn('document_date', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
