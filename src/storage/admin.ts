import type { Kysely } from 'kysely';
import type { Database, Row } from './schema.js';
import type { AuditedWriter } from './writer.js';

/**
 * What the admin's pages read and write: every account with its agency, government and latest
 * activity; governments; agencies added or renamed (through the AuditedWriter, like every write).
 */
type Db = Kysely<Database>;

export interface AccountListRow {
  id: number;
  email: string;
  name: string;
  role: string;
  lang: string;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
  agency: { id: number; name: string; acronym: string | null } | null;
  government: { id: number; name: string } | null;
  /** The latest request of a session that is still stored (sign-out and expiry delete sessions), or null. */
  lastSeenAt: string | null;
}

/** Every account, active ones first, then by name. The password hash is never read. */
export async function listAccounts(db: Db): Promise<AccountListRow[]> {
  const seen = db
    .selectFrom('sessions')
    .select((eb) => ['user_id', eb.fn.max('last_seen_at').as('last_seen_at')])
    .groupBy('user_id')
    .as('s');
  const rows = await db
    .selectFrom('users')
    .leftJoin('agencies', 'agencies.id', 'users.agency_id')
    .leftJoin('governments', 'governments.id', 'users.government_id')
    .leftJoin(seen, 's.user_id', 'users.id')
    .select((eb) => [
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.lang',
      'users.disabled',
      'users.created_at',
      'users.agency_id',
      'users.government_id',
      eb.case().when('users.password_hash', 'is', null).then(0).else(1).end().as('has_password'),
      'agencies.name as agency_name',
      'agencies.acronym as agency_acronym',
      'governments.name as government_name',
      's.last_seen_at',
    ])
    .orderBy('users.disabled')
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    email: r.email,
    name: r.name,
    role: r.role,
    lang: r.lang,
    disabled: Number(r.disabled) === 1,
    hasPassword: Number(r.has_password) === 1,
    createdAt: r.created_at,
    agency:
      r.agency_id === null || r.agency_name === null ? null : { id: Number(r.agency_id), name: r.agency_name, acronym: r.agency_acronym },
    government: r.government_id === null || r.government_name === null ? null : { id: Number(r.government_id), name: r.government_name },
    lastSeenAt: r.last_seen_at === null || r.last_seen_at === undefined ? null : String(r.last_seen_at),
  }));
}

export async function listGovernments(db: Db): Promise<{ id: number; name: string; lang: string }[]> {
  const rows = await db.selectFrom('governments').select(['id', 'name', 'lang']).orderBy('name').orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, lang: r.lang }));
}

/** The agencies of one government (or those without one), to tell a name already taken. */
export async function agencyNamesOf(db: Db, governmentId: number | null): Promise<{ id: number; name: string }[]> {
  let q = db.selectFrom('agencies').select(['id', 'name']);
  q = governmentId === null ? q.where('government_id', 'is', null) : q.where('government_id', '=', governmentId);
  return (await q.orderBy('id').execute()).map((r) => ({ id: Number(r.id), name: r.name }));
}

export async function insertAgency(
  w: AuditedWriter,
  a: { governmentId: number; name: string; acronym: string | null; lang: string },
): Promise<number> {
  return w.insert('agencies', { government_id: a.governmentId, name: a.name, acronym: a.acronym, lang: a.lang });
}

/** Writes the name and acronym that differ; false when nothing did. */
export async function updateAgency(
  w: AuditedWriter,
  current: Row<'agencies'>,
  values: { name: string; acronym: string | null },
): Promise<boolean> {
  return w.update('agencies', current, { name: values.name, acronym: values.acronym });
}
