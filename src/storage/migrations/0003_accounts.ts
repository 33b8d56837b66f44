import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Frozen copies of the domain's words as they were when this migration was written: an old migration
// must do today what it did then, whatever the domain's lists become (a later migration changes a check).
const ROLES = ['admin', 'coordinator', 'agency-editor', 'reviewer', 'civil-society'] as const;

/**
 * Accounts (audited, like every other table) and the operational data of signing in: sessions,
 * one-time tokens and sign-in attempts (not audited). Session ids and tokens are stored as sha256
 * hashes: a copy of the database does not let anyone sign in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
  const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  await table('users')
    // Lower-cased by the service before it gets here: one account per address whatever its case.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('restrict'))
    .addColumn('government_id', 'integer', (c) => c.references('governments.id').onDelete('restrict'))
    // The language of the messages sent to this person.
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('es'))
    // Null until the person sets one through the link `vigia user add` prints.
    .addColumn('password_hash', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('users_role', oneOf('role', ROLES))
    .addCheckConstraint('users_lang', oneOf('lang', ['es', 'en']))
    .addCheckConstraint('users_disabled', sql`disabled in (0, 1)`)
    .execute();
  await db.schema.createIndex('users_email').unique().on('users').column('email').execute();

  await db.schema
    .createTable('sessions')
    // sha256 (hex) of the token in the cookie; the token itself is never stored.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    // Absolute end, whatever the activity.
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await table('account_tokens')
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addCheckConstraint('account_tokens_purpose', oneOf('purpose', ['set-password', 'reset-password']))
    .execute();
  await db.schema.createIndex('account_tokens_hash').unique().on('account_tokens').column('token_hash').execute();
  await db.schema.createIndex('account_tokens_user').on('account_tokens').column('user_id').execute();

  // Shared by every instance of the app, so the limits hold behind a load balancer too.
  await table('login_attempts')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('success', 'integer', (c) => c.notNull())
    .addCheckConstraint('login_attempts_success', sql`success in (0, 1)`)
    .execute();
  await db.schema.createIndex('login_attempts_key_at').on('login_attempts').columns(['key', 'at']).execute();
  await db.schema.createIndex('login_attempts_at').on('login_attempts').column('at').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations only go forward: restore a backup to go back.');
}
