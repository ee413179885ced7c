// The Prisma client of the service, on the better-sqlite3 driver adapter (Prisma 7 runs no native
// query engine). Call applyMigrations (./migrate.ts) on the same file first.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from './generated/client.js';
import { busyTimeoutMs } from './migrate.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Set on every connection the adapter opens. journal_mode is stored in the file (migrate.ts sets it
 * too); busy_timeout and foreign_keys last only as long as the connection. SQLite's default is
 * foreign keys off, which would make `onDelete: Cascade` a no-op; better-sqlite3's build happens
 * to turn them on, but the schema's cascades should not rest on a build option.
 */
const connectionPragmas = `
  PRAGMA journal_mode = WAL;
  PRAGMA busy_timeout = ${busyTimeoutMs};
  PRAGMA foreign_keys = ON;
`;

export function createPrismaClient(databaseFile: string): PrismaClient {
  const factory = new PrismaBetterSqlite3({ url: databaseFile, timeout: busyTimeoutMs });
  // The adapter does not expose its better-sqlite3 handle, so the pragmas run through the adapter
  // right after it connects (the client connects lazily, on its first query).
  const adapter: SqlDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const connection = await factory.connect();
      await connection.executeScript(connectionPragmas);
      return connection;
    },
  };
  return new PrismaClient({ adapter });
}

/**
 * The database file a SQLite URL names, as an absolute path. Accepts `file:./data/x.db` (relative
 * to the project root, as in prisma.config.ts), `file:/abs/x.db`, `file:///abs/x.db` and a plain
 * path; drops Prisma's `?...` connection parameters.
 */
export function databaseFileFromUrl(url: string): string {
  let path: string;
  if (url.startsWith('file://')) path = fileURLToPath(url.replace(/\?.*$/, ''));
  else path = url.replace(/^file:/, '').replace(/\?.*$/, '');
  if (path === '') throw new Error(`The database URL "${url}" names no file.`);
  if (path === ':memory:') {
    // Migrations and the client use separate connections, and each would get its own empty database.
    throw new Error(`The database URL "${url}" is in memory; the service needs a database file.`);
  }
  return isAbsolute(path) ? resolve(path) : resolve(projectRoot, path);
}
