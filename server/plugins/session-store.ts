import type { Session as SessionData } from 'fastify';
import type { PrismaClient } from '../db/generated/client.js';

type Callback = (error?: unknown) => void;
type SessionCallback = (error: unknown, session?: SessionData | null) => void;

/** Sessions without an expiry date on their cookie are kept this long in the store. */
const DEFAULT_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * The @fastify/session store backed by the `Session` table, so sessions survive a restart and
 * several processes could share them. The row keeps the user id in its own column so a user's
 * sessions can be found (and are deleted with the user).
 */
export class PrismaSessionStore {
  constructor(private readonly db: PrismaClient) {}

  set(sessionId: string, session: SessionData, callback: Callback): void {
    const data = JSON.stringify(session);
    const expiresAt = expiryOf(session);
    const userId = session.userId ?? null;
    this.db.session
      .upsert({ where: { id: sessionId }, create: { id: sessionId, userId, data, expiresAt }, update: { userId, data, expiresAt } })
      .then(() => callback(), callback);
  }

  get(sessionId: string, callback: SessionCallback): void {
    this.db.session
      .findUnique({ where: { id: sessionId } })
      .then(async (row) => {
        if (!row) return callback(null, null);
        if (row.expiresAt.getTime() <= Date.now()) {
          await this.db.session.deleteMany({ where: { id: sessionId } });
          return callback(null, null);
        }
        callback(null, JSON.parse(row.data) as SessionData);
      })
      .catch((error: unknown) => callback(error));
  }

  destroy(sessionId: string, callback: Callback): void {
    this.db.session.deleteMany({ where: { id: sessionId } }).then(() => callback(), callback);
  }

  /** Deletes expired sessions; returns how many. */
  async prune(now = new Date()): Promise<number> {
    const { count } = await this.db.session.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}

function expiryOf(session: SessionData): Date {
  const expires = session.cookie?.expires;
  if (expires) {
    const date = new Date(expires);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return new Date(Date.now() + DEFAULT_LIFETIME_MS);
}
