import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The password rules of NIST SP 800-63B and OWASP: long enough, no composition rules, and not one
 * that everybody tries first. The common passwords are zxcvbn-ts's list (some 49 000 from leaked
 * password corpora), shipped in the @zxcvbn-ts/language-common package: no list is typed by hand.
 */
export const MIN_PASSWORD_LENGTH = 12;
/** Long passphrases are welcome; this only keeps a request from making the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'like-email';

const COMMON: ReadonlySet<string> = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/** Passwords are compared after Unicode normalisation, so the same characters typed on two keyboards match. */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

/** What is wrong with a new password, or null when it may be used. Length counts characters, not bytes. */
export function passwordProblem(password: string, context: { email?: string } = {}): PasswordProblem | null {
  const p = normalize(password);
  const length = [...p].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (length > MAX_PASSWORD_LENGTH) return 'too-long';
  const lower = p.toLowerCase();
  if (COMMON.has(lower)) return 'common';
  const email = context.email?.toLowerCase();
  if (email && (lower === email || lower === email.split('@')[0])) return 'like-email';
  return null;
}

export function isCommonPassword(password: string): boolean {
  return COMMON.has(normalize(password).toLowerCase());
}

/**
 * argon2id with OWASP's first recommended configuration (Password Storage Cheat Sheet): 19 MiB of
 * memory, 2 iterations, 1 lane. The result is a PHC string ($argon2id$v=19$m=19456,t=2,p=1$salt$hash)
 * that carries its own parameters, so they can be raised later without breaking older hashes.
 */
export const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), ARGON2_OPTIONS);
}

/** True when `password` matches `encoded`; false for a wrong password and for a hash that cannot be read. */
export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  try {
    return await verify(encoded, normalize(password));
  } catch {
    return false;
  }
}
