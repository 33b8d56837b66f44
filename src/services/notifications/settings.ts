import type { Actor } from '../../domain/roles.js';
import { AppError } from '../../errors.js';
import type { Store } from '../../storage/connect.js';
import { digestEnabled, setDigestEnabled } from '../../storage/digest.js';
import { findNotificationToken } from '../../storage/follows.js';
import { findUserById } from '../../storage/accounts.js';
import { hashToken } from '../../lib/tokens.js';
import { setWorkflowAtOnce, workflowAtOnce } from '../../storage/workflow-notices.js';

/**
 * A person's choice about the daily digest: on their account page (signed in), or with the link every
 * digest carries (no sign-in; the page asks to confirm with a button, so a link scanner that opens the
 * link changes nothing). The link keeps working: an old digest's link still turns digests off.
 */
export const DIGEST_ROLES = ['coordinator', 'agency-editor'] as const;

export interface DigestSetting {
  /** Whether the person's role gets digests at all. */
  eligible: boolean;
  on: boolean;
}

export async function digestSetting(store: Store, actor: Actor | null): Promise<DigestSetting> {
  if (!actor) throw new AppError('unauthenticated');
  return { eligible: (DIGEST_ROLES as readonly string[]).includes(actor.role), on: await digestEnabled(store.db, actor.userId) };
}

/** Workflow notices at once (issue 20): for those the digest is for; `on` false means the digest only. */
export async function workflowSetting(store: Store, actor: Actor | null): Promise<DigestSetting> {
  if (!actor) throw new AppError('unauthenticated');
  return { eligible: (DIGEST_ROLES as readonly string[]).includes(actor.role), on: await workflowAtOnce(store.db, actor.userId) };
}

export async function setWorkflow(store: Store, actor: Actor | null, on: boolean, now: Date): Promise<void> {
  if (!actor) throw new AppError('unauthenticated');
  await setWorkflowAtOnce(store.db, actor.userId, on, now.toISOString());
}

export async function setDigest(store: Store, actor: Actor | null, on: boolean, now: Date): Promise<void> {
  if (!actor) throw new AppError('unauthenticated');
  await setDigestEnabled(store.db, actor.userId, on, now.toISOString());
}

/** The account a "stop the digest" link is for, or null. */
export async function digestOffLink(store: Store, token: string): Promise<{ userId: number; email: string } | null> {
  if (!token || token.length > 100) return null;
  const t = await findNotificationToken(store.db, hashToken(token));
  if (!t || t.purpose !== 'digest-off' || t.user_id === null) return null;
  const user = await findUserById(store.db, t.user_id);
  return user ? { userId: user.id, email: user.email } : null;
}

export async function turnDigestOffWithLink(store: Store, token: string, now: Date): Promise<{ email: string } | null> {
  const link = await digestOffLink(store, token);
  if (!link) return null;
  await setDigestEnabled(store.db, link.userId, false, now.toISOString());
  return { email: link.email };
}
