// Applies the migrations under prisma/migrations to the SQLite database when the service starts.
//
// The bookkeeping is Prisma's own: the `_prisma_migrations` table with the columns, checksums and
// timestamps that Prisma's schema engine writes, so a database migrated here is one that
// `prisma migrate deploy` and `prisma migrate status` accept, and the reverse.
//
// Why not call the schema engine's `applyMigrations` (the WebAssembly build) here:
// - it is a development dependency and is not installed in production;
// - its SQLite connection sets `locking_mode=EXCLUSIVE` and freeing the engine does not close it,
//   so the database stays locked (the Prisma client cannot open it) until that connection is
//   found and closed by hand;
// - it runs each script outside any transaction, so a migration that fails halfway leaves the
//   schema half changed;
// - it takes some 40 ms to compile and start, and 5 MB of WebAssembly, where this module applies
//   the first migration in about 15 ms and checks an up-to-date database in about 1 ms.
// What it does here instead, synchronously with better-sqlite3: each migration and its
// bookkeeping row commit together or not at all, with foreign keys handled as SQLite's
// "making other kinds of table schema changes" procedure requires (see applyOne).
import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** prisma/migrations of this project, as prisma.config.ts names it. */
export const projectMigrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** How long a connection waits for another one's write lock before giving up. */
export const busyTimeoutMs = 5_000;

export type MigrationErrorCode =
  | 'MIGRATION_LOCK_PROVIDER'
  | 'MIGRATION_SCRIPT_MISSING'
  | 'MIGRATION_DATABASE_NOT_EMPTY'
  | 'MIGRATION_FAILED_EARLIER'
  | 'MIGRATION_MISSING_LOCALLY'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'MIGRATION_SCRIPT_FAILED'
  | 'MIGRATION_FOREIGN_KEY_VIOLATION';

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface LocalMigration {
  /** The folder name, `<YYYYMMDDHHMMSS>_<name>`, which is also the name Prisma records. */
  name: string;
  script: string;
}

export interface MigrationsDirectory {
  /** Contents of migration_lock.toml, or null when the file does not exist. */
  lockfile: string | null;
  migrations: LocalMigration[];
}

/** The table exactly as Prisma's SQLite connector creates it. */
const createMigrationsTable = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: string | null;
  migration_name: string;
  rolled_back_at: string | null;
  started_at: string;
}

/**
 * Reads the migration folders in the order Prisma's CLI lists them (it sorts the folder names
 * with localeCompare). A folder without migration.sql is an error, as it is for Prisma.
 */
export function readMigrationsDirectory(migrationsDir: string): MigrationsDirectory {
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  const lockfile = existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null;
  if (!existsSync(migrationsDir)) return { lockfile, migrations: [] };
  const names = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
  const migrations = names.map((name) => {
    const scriptPath = join(migrationsDir, name, 'migration.sql');
    if (!existsSync(scriptPath)) {
      throw new MigrationError('MIGRATION_SCRIPT_MISSING', `Migration folder ${name} has no migration.sql (${scriptPath}).`);
    }
    return { name, script: readFileSync(scriptPath, 'utf8') };
  });
  return { lockfile, migrations };
}

/** SHA-256 of the script as lowercase hex: the checksum Prisma records. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Whether a recorded checksum belongs to this script. Like Prisma, the script also matches with its
 * line endings converted (a checkout with CRLF endings is not an edit), and the checksum may also be
 * in the unpadded hex form (each byte without its leading zero), which Prisma's engine accepts too.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const lf = script.replace(/\r\n/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  return [script, lf, crlf].some((candidate) => {
    const digest = createHash('sha256').update(candidate).digest();
    const unpadded = Array.from(digest, (byte) => byte.toString(16)).join('');
    return checksum === digest.toString('hex') || checksum === unpadded;
  });
}

/**
 * Brings the database up to date with the migrations folder. Synchronous: the service calls it
 * before it creates the Prisma client. Refuses (throws MigrationError, changing nothing) when the
 * recorded history and the folder disagree; applies pending migrations in folder order, each in its
 * own transaction; returns the names it applied.
 */
export function applyMigrations(databaseFile: string, migrationsDir: string): { applied: string[] } {
  const local = readMigrationsDirectory(migrationsDir);
  checkLockfile(local.lockfile, migrationsDir);
  const db = openDatabase(databaseFile);
  try {
    const rows = readHistory(db);
    checkHistory(local.migrations, rows);
    const applied = new Set(rows.filter(isApplied).map((row) => row.migration_name));
    const result: string[] = [];
    for (const migration of local.migrations) {
      if (applied.has(migration.name)) continue;
      if (applyOne(db, migration)) result.push(migration.name);
    }
    return { applied: result };
  } finally {
    db.close();
  }
}

function openDatabase(databaseFile: string): Database.Database {
  mkdirSync(dirname(databaseFile), { recursive: true });
  const db = new Database(databaseFile, { timeout: busyTimeoutMs });
  // WAL lets the graders' writes and the pages' reads proceed together; the mode is stored in
  // the file, so every later connection (the Prisma client's included) uses it.
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Prisma refuses a migrations folder made for another database provider (its error P3019). */
function checkLockfile(lockfile: string | null, migrationsDir: string): void {
  if (lockfile === null) return;
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lockfile)?.[1];
  if (provider !== undefined && provider !== 'sqlite') {
    throw new MigrationError(
      'MIGRATION_LOCK_PROVIDER',
      `${join(migrationsDir, 'migration_lock.toml')} is for provider "${provider}", but this database is SQLite.`,
    );
  }
}

/**
 * Creates `_prisma_migrations` on a new database and returns its rows. A database that has tables
 * but no history was not made by migrations (`prisma db push`, a copy from elsewhere); Prisma
 * refuses it (P3005) rather than guess which migrations it already contains, and so does this.
 */
function readHistory(db: Database.Database): MigrationRow[] {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  if (!tables.includes('_prisma_migrations')) {
    if (tables.length > 0) {
      throw new MigrationError(
        'MIGRATION_DATABASE_NOT_EMPTY',
        `The database already has tables (${tables.join(', ')}) but no migration history (_prisma_migrations). ` +
          'Start from an empty database file, or record the migrations it already contains before starting.',
      );
    }
    db.exec(createMigrationsTable);
    return [];
  }
  return db
    .prepare(
      `SELECT id, checksum, finished_at, migration_name, rolled_back_at, started_at
       FROM "_prisma_migrations" ORDER BY started_at ASC`,
    )
    .all() as MigrationRow[];
}

const isApplied = (row: MigrationRow) => row.rolled_back_at === null && row.finished_at !== null;
const isFailed = (row: MigrationRow) => row.rolled_back_at === null && row.finished_at === null;

function checkHistory(local: LocalMigration[], rows: MigrationRow[]): void {
  const failed = rows.filter(isFailed);
  if (failed.length > 0) {
    const list = failed.map((row) => `${row.migration_name} (started ${row.started_at})`).join(', ');
    throw new MigrationError(
      'MIGRATION_FAILED_EARLIER',
      `A migration recorded in _prisma_migrations did not finish: ${list}. The database may be half migrated; ` +
        'repair it by hand, then mark the migration rolled back (set rolled_back_at) or applied (set finished_at).',
    );
  }
  const byName = new Map(local.map((migration) => [migration.name, migration]));
  const appliedRows = rows.filter(isApplied);
  const missing = appliedRows.filter((row) => !byName.has(row.migration_name)).map((row) => row.migration_name);
  if (missing.length > 0) {
    throw new MigrationError(
      'MIGRATION_MISSING_LOCALLY',
      `The database has migrations that are not in the migrations folder: ${missing.join(', ')}. ` +
        'It was migrated by a newer or different version of the project.',
    );
  }
  const edited = appliedRows
    .filter((row) => !scriptMatchesChecksum(byName.get(row.migration_name)!.script, row.checksum))
    .map((row) => row.migration_name);
  if (edited.length > 0) {
    throw new MigrationError(
      'MIGRATION_CHECKSUM_MISMATCH',
      `migration.sql changed after it was applied to this database: ${edited.join(', ')}. ` +
        'Restore the applied version; change the schema with a new migration instead.',
    );
  }
}

/** Prisma's timestamps as its driver adapters store them: ISO 8601 in UTC, `+00:00` suffix. */
const now = () => new Date().toISOString().replace('Z', '+00:00');

/**
 * Applies one migration in one transaction together with its `_prisma_migrations` row.
 *
 * Prisma's SQLite scripts rebuild a table (CREATE new_T, copy, DROP T, rename) between
 * `PRAGMA foreign_keys=OFF` and `=ON`, but that pragma is a no-op inside a transaction, and with
 * foreign keys on, DROP TABLE deletes the rows of every table that references T with ON DELETE
 * CASCADE. So, as https://www.sqlite.org/lang_altertable.html#otheralter prescribes, foreign keys
 * are turned off before BEGIN, checked with `PRAGMA foreign_key_check` before COMMIT, and turned
 * back on after.
 *
 * Returns false when another process applied the migration while this one waited for the lock.
 */
function applyOne(db: Database.Database, migration: LocalMigration): boolean {
  const id = randomUUID();
  const checksum = migrationChecksum(migration.script);
  db.pragma('foreign_keys = OFF');
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const done = db
        .prepare(
          `SELECT 1 FROM "_prisma_migrations"
           WHERE migration_name = ? AND rolled_back_at IS NULL AND finished_at IS NOT NULL`,
        )
        .get(migration.name);
      if (done !== undefined) {
        db.exec('ROLLBACK');
        return false;
      }
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, started_at, migration_name) VALUES (?, ?, ?, ?)`,
      ).run(id, checksum, now(), migration.name);
      runScript(db, migration);
      const violations = db.pragma('foreign_key_check') as Array<{ table: string; parent: string }>;
      if (violations.length > 0) {
        const pairs = [...new Set(violations.map((v) => `${v.table} -> ${v.parent}`))].join(', ');
        throw new MigrationError(
          'MIGRATION_FOREIGN_KEY_VIOLATION',
          `Migration ${migration.name} leaves rows that reference missing rows (${pairs}); nothing was applied.`,
        );
      }
      db.prepare(
        `UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`,
      ).run(now(), id);
      db.exec('COMMIT');
      return true;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (error instanceof MigrationError) recordRolledBack(db, migration, checksum, error);
      throw error;
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

function runScript(db: Database.Database, migration: LocalMigration): void {
  try {
    db.exec(migration.script);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      'MIGRATION_SCRIPT_FAILED',
      `Migration ${migration.name} failed and was rolled back, nothing of it was applied: ${reason}. ` +
        'Migrations run inside a transaction, so a script must not contain BEGIN or COMMIT itself.',
      { cause: error },
    );
  }
}

/**
 * Keeps a trace of the failed attempt. The row is marked rolled back, which is true (the
 * transaction undid everything) and is how Prisma marks an attempt it ignores: the next start tries
 * the migration again, so fixing the script and restarting is enough.
 */
function recordRolledBack(db: Database.Database, migration: LocalMigration, checksum: string, error: MigrationError): void {
  const at = now();
  try {
    db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, started_at, rolled_back_at, migration_name, logs, applied_steps_count)
       VALUES (?, ?, ?, ?, ?, ?, 0)`,
    ).run(randomUUID(), checksum, at, at, migration.name, error.message);
  } catch {
    // The trace is a courtesy; the error being thrown is what the operator needs.
  }
}
