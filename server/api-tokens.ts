/**
 * Personal API tokens: created by their owner on the account pages, shown once, sent by scripts
 * and `netgrade submit` as `Authorization: Bearer <token>`, and valid for the `/api/` routes only.
 */
import type { PrismaClient } from './db/generated/client.js';
import { hashToken, issueToken } from './secret-tokens.js';

/** "netgrade API token": lets a person (and a secret scanner) recognise one. */
export const API_TOKEN_PREFIX = 'ngt_';
export const TOKEN_NAME_MAX_CHARS = 100;

/**
 * Writing "last used" on every request would turn every read into a write; once a minute is
 * precise enough for a person deciding which token to revoke.
 */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedApiToken {
  id: string;
  name: string;
  /** The raw token: returned only here, never stored. */
  token: string;
}

export async function createApiToken(db: PrismaClient, userId: string, name: string): Promise<CreatedApiToken> {
  const { token, tokenHash } = issueToken(API_TOKEN_PREFIX);
  const row = await db.apiToken.create({ data: { userId, name, tokenHash }, select: { id: true, name: true } });
  return { ...row, token };
}

/**
 * The id of the user a bearer token belongs to, or null when the token is unknown or revoked.
 * Records when it was used.
 */
export async function userIdForApiToken(db: PrismaClient, token: string, now = new Date()): Promise<string | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true, revokedAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return row.userId;
}

/** Revokes one of the user's tokens; false when the user has no such token. */
export async function revokeApiToken(db: PrismaClient, userId: string, tokenId: string, now = new Date()): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: now } });
  if (count > 0) return true;
  // Revoking an already revoked token of one's own is not an error.
  return (await db.apiToken.count({ where: { id: tokenId, userId } })) > 0;
}
