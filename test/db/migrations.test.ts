import Database from 'better-sqlite3';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadSchemaEngine,
  migrationList,
  migrationLockfile,
  pendingSchemaChange,
  projectPaths,
  runDbMigration,
} from '../../scripts/db-migration.js';
import { createPrismaClient } from '../../server/db/client.js';
import { applyMigrations, migrationChecksum, MigrationError, scriptMatchesChecksum } from '../../server/db/migrate.js';

const schemaText = readFileSync(projectPaths.schemaPath, 'utf8');
const modelNames = [...schemaText.matchAll(/^model (\w+) \{/gm)].map((match) => match[1]!);
const noFilters = { externalTables: [], externalEnums: [] };

let work: string;
let migrationsDir: string;
let databaseFile: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'netgrade-db-'));
  migrationsDir = join(work, 'migrations');
  cpSync(projectPaths.migrationsDir, migrationsDir, { recursive: true });
  // A folder that does not exist yet: applyMigrations must create it.
  databaseFile = join(work, 'data', 'nested', 'test.db');
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function projectMigrationNames(): string[] {
  return readdirSync(projectPaths.migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function withDatabase<T>(use: (db: Database.Database) => T): T {
  const db = new Database(databaseFile);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function expectMigrationError(run: () => unknown, code: string, mentions: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe(code);
    expect((error as MigrationError).message).toContain(mentions);
    return;
  }
  throw new Error(`expected a MigrationError ${code}`);
}

describe('prisma/migrations', () => {
  it('holds every change of schema.prisma (the schema and the migrations have not drifted apart)', async () => {
    const sql = await pendingSchemaChange(projectPaths);
    expect(sql, `schema.prisma has changes no migration holds; run npx tsx scripts/db-migration.ts <name>:\n${sql}`).toBeNull();
  });

  it('reports the SQL for a field added to a copy of the schema', async () => {
    const schemaPath = join(work, 'schema.prisma');
    writeFileSync(schemaPath, schemaText.replace(/^model User \{\n/m, 'model User {\n  nickname String?\n'));
    const sql = await pendingSchemaChange({ schemaPath, migrationsDir });
    expect(sql).not.toBeNull();
    expect(sql).toContain('ALTER TABLE "User" ADD COLUMN "nickname" TEXT');
  });

  it('has the lock file Prisma writes for SQLite', () => {
    expect(readFileSync(join(projectPaths.migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(migrationLockfile);
  });

  it('sits where prisma.config.ts says the schema and the migrations are', async () => {
    const { default: config } = await import('../../prisma.config.js');
    const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
    expect(projectPaths.schemaPath).toBe(resolve(projectRoot, config.schema ?? ''));
    expect(projectPaths.migrationsDir).toBe(resolve(projectRoot, config.migrations?.path ?? ''));
  });
});

describe('applyMigrations', () => {
  it('creates every table of the schema on a new database, in a folder it creates', () => {
    const { applied } = applyMigrations(databaseFile, migrationsDir);
    expect(applied).toEqual(projectMigrationNames());
    const tables = withDatabase((db) =>
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all(),
    );
    expect(tables).toEqual([...modelNames, '_prisma_migrations'].sort());
  });

  it('applies nothing the second time', () => {
    applyMigrations(databaseFile, migrationsDir);
    expect(applyMigrations(databaseFile, migrationsDir).applied).toEqual([]);
    const rows = withDatabase((db) => db.prepare('SELECT COUNT(*) FROM _prisma_migrations').pluck().get());
    expect(rows).toBe(projectMigrationNames().length);
  });

  it('records each migration in _prisma_migrations as Prisma does', () => {
    applyMigrations(databaseFile, migrationsDir);
    const rows = withDatabase((db) => db.prepare('SELECT * FROM _prisma_migrations ORDER BY started_at').all()) as Array<
      Record<string, unknown>
    >;
    expect(rows.map((row) => row.migration_name)).toEqual(projectMigrationNames());
    for (const row of rows) {
      const script = readFileSync(join(migrationsDir, String(row.migration_name), 'migration.sql'), 'utf8');
      expect(row.checksum).toBe(migrationChecksum(script));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('leaves a database that Prisma’s schema engine finds up to date', async () => {
    applyMigrations(databaseFile, migrationsDir);
    const { engine, close } = await loadSchemaEngine(schemaText, databaseFile);
    try {
      const list = migrationList(migrationsDir);
      const history = await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters: noFilters });
      expect(history).toEqual({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
      // What `prisma migrate dev` would do next: no reset, the database matches the migrations.
      const dev = await engine.devDiagnostic({ migrationsList: list, filters: noFilters });
      expect(dev.action).toEqual({ tag: 'createMigration' });
    } finally {
      await close();
    }
  });

  it('takes over a database that Prisma’s schema engine migrated', async () => {
    const prismaMigrated = join(work, 'prisma-migrated.db');
    const { engine, close } = await loadSchemaEngine(schemaText, prismaMigrated);
    const prismaApplied = await engine
      .applyMigrations({ migrationsList: migrationList(migrationsDir), filters: noFilters })
      .finally(close);
    expect(prismaApplied.appliedMigrationNames).toEqual(projectMigrationNames());
    expect(applyMigrations(prismaMigrated, migrationsDir).applied).toEqual([]);
  });

  it('leaves the database file in WAL journal mode', () => {
    applyMigrations(databaseFile, migrationsDir);
    expect(withDatabase((db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('refuses a migration.sql changed after it was applied, naming it', () => {
    applyMigrations(databaseFile, migrationsDir);
    const [first] = projectMigrationNames();
    const scriptPath = join(migrationsDir, first!, 'migration.sql');
    writeFileSync(scriptPath, `${readFileSync(scriptPath, 'utf8')}\nCREATE TABLE "Extra" ("id" TEXT);\n`);
    expectMigrationError(() => applyMigrations(databaseFile, migrationsDir), 'MIGRATION_CHECKSUM_MISMATCH', first!);
    const extra = withDatabase((db) => db.prepare(`SELECT name FROM sqlite_master WHERE name = 'Extra'`).get());
    expect(extra).toBeUndefined();
  });

  it('accepts a migration.sql whose line endings became CRLF, as Prisma does', () => {
    applyMigrations(databaseFile, migrationsDir);
    const [first] = projectMigrationNames();
    const scriptPath = join(migrationsDir, first!, 'migration.sql');
    writeFileSync(scriptPath, readFileSync(scriptPath, 'utf8').replace(/\n/g, '\r\n'));
    expect(applyMigrations(databaseFile, migrationsDir).applied).toEqual([]);
  });

  it('refuses a database with an applied migration that is not in the folder', () => {
    applyMigrations(databaseFile, migrationsDir);
    withDatabase((db) =>
      db
        .prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ('x', 'abc', '2030-01-01T00:00:00.000+00:00', '20300101000000_from_the_future', '2030-01-01T00:00:00.000+00:00', 1)`,
        )
        .run(),
    );
    expectMigrationError(() => applyMigrations(databaseFile, migrationsDir), 'MIGRATION_MISSING_LOCALLY', '20300101000000_from_the_future');
  });

  it('refuses a database where a migration started and did not finish', () => {
    applyMigrations(databaseFile, migrationsDir);
    const [first] = projectMigrationNames();
    withDatabase((db) => db.prepare(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ?`).run(first));
    expectMigrationError(() => applyMigrations(databaseFile, migrationsDir), 'MIGRATION_FAILED_EARLIER', first!);
  });

  it('refuses a database that has tables but no migration history', () => {
    mkdirSync(join(work, 'data', 'nested'), { recursive: true });
    withDatabase((db) => db.exec('CREATE TABLE "User" ("id" TEXT PRIMARY KEY)'));
    expectMigrationError(() => applyMigrations(databaseFile, migrationsDir), 'MIGRATION_DATABASE_NOT_EMPTY', 'User');
  });

  it('refuses a migrations folder locked to another provider', () => {
    writeFileSync(join(migrationsDir, 'migration_lock.toml'), migrationLockfile.replace('sqlite', 'postgresql'));
    expectMigrationError(() => applyMigrations(databaseFile, migrationsDir), 'MIGRATION_LOCK_PROVIDER', 'postgresql');
  });

  it('rolls a failing migration back entirely, keeps a rolled-back trace, and retries it on the next start', () => {
    applyMigrations(databaseFile, migrationsDir);
    const broken = join(migrationsDir, '29990101000000_broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'migration.sql'), 'CREATE TABLE "Half" ("id" TEXT);\nINSERT INTO "Missing" VALUES (1);\n');
    expectMigrationError(() => applyMigrations(databaseFile, migrationsDir), 'MIGRATION_SCRIPT_FAILED', 'no such table: Missing');
    const after = withDatabase((db) => ({
      half: db.prepare(`SELECT name FROM sqlite_master WHERE name = 'Half'`).get(),
      rows: db.prepare(`SELECT finished_at, rolled_back_at, logs FROM _prisma_migrations WHERE migration_name = ?`).all('29990101000000_broken'),
    }));
    expect(after.half).toBeUndefined();
    expect(after.rows).toEqual([{ finished_at: null, rolled_back_at: expect.any(String), logs: expect.stringContaining('Missing') }]);

    writeFileSync(join(broken, 'migration.sql'), 'CREATE TABLE "Half" ("id" TEXT);\n');
    expect(applyMigrations(databaseFile, migrationsDir).applied).toEqual(['29990101000000_broken']);
  });

  it('keeps the rows that reference a table a later migration rebuilds', async () => {
    applyMigrations(databaseFile, migrationsDir);
    withDatabase((db) => {
      db.prepare(`INSERT INTO "User" (id, email, name, passwordHash) VALUES ('u1', 'a@example.org', 'Ada', 'x')`).run();
      db.prepare(`INSERT INTO "Session" (id, userId, data, expiresAt) VALUES ('s1', 'u1', '{}', 0)`).run();
      db.prepare(`INSERT INTO "Course" (id, slug, title, enrollmentCode) VALUES ('c1', 'net', 'Networks', 'E1')`).run();
      db.prepare(`INSERT INTO "Enrollment" (id, userId, courseId) VALUES ('e1', 'u1', 'c1')`).run();
    });
    // Making User.name optional makes Prisma rebuild the User table (CREATE new_User, DROP "User").
    const schemaPath = join(work, 'schema.prisma');
    writeFileSync(schemaPath, schemaText.replace(/^(\s+name\s+)String$/m, '$1String?'));
    const printed: string[] = [];
    const code = await runDbMigration(['optional name'], { schemaPath, migrationsDir, print: (text) => printed.push(text) });
    expect(code).toBe(0);
    expect(printed.join('\n')).toContain('DROP TABLE "User"');

    expect(applyMigrations(databaseFile, migrationsDir).applied).toEqual([expect.stringMatching(/^\d{14}_optional_name$/)]);
    const counts = withDatabase((db) => ({
      sessions: db.prepare('SELECT COUNT(*) FROM "Session"').pluck().get(),
      enrollments: db.prepare('SELECT COUNT(*) FROM "Enrollment"').pluck().get(),
      nameNullable: db.prepare(`SELECT "notnull" FROM pragma_table_info('User') WHERE name = 'name'`).pluck().get(),
    }));
    expect(counts).toEqual({ sessions: 1, enrollments: 1, nameNullable: 0 });
  });
});

describe('scriptMatchesChecksum', () => {
  const script = 'CREATE TABLE "T" ("id" TEXT);\nCREATE INDEX "T_id_idx" ON "T"("id");\n';

  it('matches the SHA-256 hex of the script and nothing else', () => {
    expect(migrationChecksum(script)).toMatch(/^[0-9a-f]{64}$/);
    expect(scriptMatchesChecksum(script, migrationChecksum(script))).toBe(true);
    expect(scriptMatchesChecksum(`${script} `, migrationChecksum(script))).toBe(false);
    expect(scriptMatchesChecksum(script, migrationChecksum(script).toUpperCase())).toBe(false);
  });

  it('matches across LF and CRLF line endings, both ways', () => {
    const crlf = script.replace(/\n/g, '\r\n');
    expect(scriptMatchesChecksum(crlf, migrationChecksum(script))).toBe(true);
    expect(scriptMatchesChecksum(script, migrationChecksum(crlf))).toBe(true);
  });

  it('matches the unpadded hex form, each byte without its leading zero', () => {
    const padded = migrationChecksum(script);
    const unpadded = padded.replace(/../g, (byte) => byte.replace(/^0/, ''));
    expect(unpadded).not.toBe(padded);
    expect(scriptMatchesChecksum(script, unpadded)).toBe(true);
  });
});

describe('createPrismaClient', () => {
  it('creates and reads a User on a migrated database', async () => {
    applyMigrations(databaseFile, migrationsDir);
    const prisma = createPrismaClient(databaseFile);
    try {
      const created = await prisma.user.create({ data: { email: 'grace@example.org', name: 'Grace', passwordHash: 'hash' } });
      const read = await prisma.user.findUnique({ where: { email: 'grace@example.org' } });
      expect(read).toEqual(created);
      expect(read?.role).toBe('student');
      expect(read?.createdAt).toBeInstanceOf(Date);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('runs its connection with foreign keys on, so deleting a user deletes its sessions', async () => {
    applyMigrations(databaseFile, migrationsDir);
    const prisma = createPrismaClient(databaseFile);
    try {
      const user = await prisma.user.create({
        data: { email: 'a@example.org', name: 'A', passwordHash: 'h', sessions: { create: { id: 's1', data: '{}', expiresAt: new Date() } } },
      });
      await prisma.user.delete({ where: { id: user.id } });
      expect(await prisma.session.count()).toBe(0);
      const [mode] = await prisma.$queryRawUnsafe<Array<{ journal_mode: string }>>('PRAGMA journal_mode');
      expect(mode?.journal_mode).toBe('wal');
    } finally {
      await prisma.$disconnect();
    }
  });
});
