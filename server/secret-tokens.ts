/**
 * Secrets handed to a person once (API tokens, invitation links): 32 random bytes, written in
 * base64url with a short prefix that says what the secret is, and stored only as their SHA-256.
 * A stolen database therefore holds nothing that signs anyone in. SHA-256 without salt or
 * stretching is enough here: unlike a password, the secret has 256 bits of entropy.
 */
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;

export interface IssuedToken {
  /** What the person gets, once. */
  token: string;
  /** What the database keeps. */
  tokenHash: string;
}

export function issueToken(prefix: string): IssuedToken {
  const token = `${prefix}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
  return { token, tokenHash: hashToken(token) };
}

/** SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
