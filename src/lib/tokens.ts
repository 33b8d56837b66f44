import { createHash, randomBytes } from 'node:crypto';

/**
 * Secret tokens for session cookies and one-time links (accounts, notifications): 256 random bits,
 * URL-safe; stored only as their sha256, so a copy of the database opens nothing.
 */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
