import type { Kysely } from 'kysely';
import { roundOrder } from './plans.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

/** Reads and the non-audited writes of public consultation (migration 0013). Audited writes go through AuditedWriter. */

export async function planFacts(db: Db, planId: number) {
  return db.selectFrom('plans').select(['id', 'title', 'government_id', 'lang']).where('id', '=', planId).executeTakeFirst();
}

export async function roundOfPlan(db: Db, roundId: number, planId: number) {
  return db
    .selectFrom('rounds')
    .select(['id', 'title', 'kind', 'lang', 'cutoff_date'])
    .where('id', '=', roundId)
    .where('plan_id', '=', planId)
    .executeTakeFirst();
}

export async function findConsultation(db: Db, id: number) {
  return db
    .selectFrom('consultations')
    .innerJoin('plans', 'plans.id', 'consultations.plan_id')
    .leftJoin('rounds', 'rounds.id', 'consultations.round_id')
    .selectAll('consultations')
    .select(['plans.title as plan_title', 'plans.government_id', 'rounds.title as round_title'])
    .where('consultations.id', '=', id)
    .executeTakeFirst();
}

export async function consultationsOfPlan(db: Db, planId: number) {
  return db
    .selectFrom('consultations')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** What a comment may be about: the plan's commitments and its report sections. */
export async function draftTargets(db: Db, planId: number) {
  const commitments = await db
    .selectFrom('commitments')
    .select(['id', 'number', 'title'])
    .where('plan_id', '=', planId)
    .orderBy('number')
    .execute();
  const sections = await db.selectFrom('plan_sections').select(['id', 'title']).where('plan_id', '=', planId).orderBy('position').execute();
  return { commitments, sections };
}

export async function commentsOf(db: Db, consultationId: number) {
  return db
    .selectFrom('consultation_comments')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .orderBy('posted_at')
    .orderBy('id')
    .execute();
}

export async function findComment(db: Db, id: number) {
  return db.selectFrom('consultation_comments').selectAll().where('id', '=', id).executeTakeFirst();
}

// ── commenters by e-mail and their links (not audited: an address never reaches the public history) ──

export async function upsertAuthor(db: Db, email: string, lang: string, at: string): Promise<{ id: number; confirmed_at: string | null }> {
  const found = await db.selectFrom('consultation_authors').select(['id', 'confirmed_at']).where('email', '=', email).executeTakeFirst();
  if (found) return found;
  const r = await db
    .insertInto('consultation_authors')
    .values({ email, lang, created_at: at, confirmed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(r.id), confirmed_at: null };
}

export async function insertCommentToken(
  db: Db,
  t: { hash: string; authorId: number; consultationId: number; at: string; expiresAt: string; purpose?: 'link' | 'session' },
): Promise<number> {
  const r = await db
    .insertInto('consultation_tokens')
    .values({
      token_hash: t.hash,
      author_id: t.authorId,
      consultation_id: t.consultationId,
      created_at: t.at,
      expires_at: t.expiresAt,
      used_at: null,
      purpose: t.purpose ?? 'link',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findCommentToken(db: Db, hash: string) {
  return db
    .selectFrom('consultation_tokens')
    .innerJoin('consultation_authors', 'consultation_authors.id', 'consultation_tokens.author_id')
    .select([
      'consultation_tokens.id',
      'consultation_tokens.author_id',
      'consultation_tokens.consultation_id',
      'consultation_tokens.expires_at',
      'consultation_tokens.used_at',
      'consultation_tokens.purpose',
      'consultation_authors.email',
      'consultation_authors.confirmed_at',
    ])
    .where('consultation_tokens.token_hash', '=', hash)
    .executeTakeFirst();
}

/** The first POST with the link confirms the address (the link is then used: a cookie carries on). */
export async function confirmAuthor(db: Db, authorId: number, at: string): Promise<void> {
  await db
    .updateTable('consultation_authors')
    .set({ confirmed_at: at })
    .where('id', '=', authorId)
    .where('confirmed_at', 'is', null)
    .execute();
}

/** Marks a link used; false when it was used already (two posts at once: only one wins). */
export async function useCommentToken(db: Db, tokenId: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('consultation_tokens')
    .set({ used_at: at })
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function roundsOfPlan(db: Db, planId: number) {
  return db.selectFrom('rounds').select(['id', 'title']).where('plan_id', '=', planId).orderBy(roundOrder('rounds')).execute();
}
