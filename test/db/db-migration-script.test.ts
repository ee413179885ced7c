import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../server/db/migrate.js';
import { migrationFolderName, migrationLockfile, projectPaths, runDbMigration } from '../../scripts/db-migration.js';

const schemaText = readFileSync(projectPaths.schemaPath, 'utf8');
const withNickname = schemaText.replace(/^model User \{\n/m, 'model User {\n  nickname String?\n');

let work: string;
let migrationsDir: string;
let schemaPath: string;
let printed: string[];

function run(args: string[], now = new Date('2031-02-03T04:05:06Z')): Promise<number> {
  return runDbMigration(args, { schemaPath, migrationsDir, now, print: (text) => printed.push(text) });
}

/** Every table, column and index of a database, without Prisma's bookkeeping table. */
/**
 * The structure of a database as SQLite reports it: every table's columns (order, type, null,
 * default, key), foreign keys and indexes. Compared structurally because SQLite keeps the text
 * of `ALTER TABLE ... ADD COLUMN` verbatim, so equal tables can have differently spaced SQL.
 */
function databaseSchema(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_prisma_migrations%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((table) => {
        // `seq` is the order of creation, which differs between one migration and several.
        const indexes = (db.prepare(`PRAGMA index_list("${table}")`).all() as { name: string; unique: number; origin: string; partial: number }[])
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((index) => ({ name: index.name, unique: index.unique, origin: index.origin, partial: index.partial, columns: db.prepare(`PRAGMA index_info("${index.name}")`).all() }));
        return [
          table,
          {
            columns: db.prepare(`PRAGMA table_info("${table}")`).all(),
            foreignKeys: db.prepare(`PRAGMA foreign_key_list("${table}")`).all(),
            indexes,
          },
        ];
      }),
    );
  } finally {
    db.close();
  }
}

const folders = () => readdirSync(migrationsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'netgrade-db-migration-'));
  migrationsDir = join(work, 'migrations');
  schemaPath = join(work, 'schema.prisma');
  cpSync(projectPaths.migrationsDir, migrationsDir, { recursive: true });
  writeFileSync(schemaPath, schemaText);
  printed = [];
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('scripts/db-migration.ts --check', () => {
  it('exits 0 and prints "no changes" when the migrations hold the schema', async () => {
    expect(await run(['--check'])).toBe(0);
    expect(printed.join('\n')).toContain('no changes');
  });

  it('exits 1 and prints the SQL when the schema has a change no migration holds', async () => {
    writeFileSync(schemaPath, withNickname);
    expect(await run(['--check'])).toBe(1);
    expect(printed.join('\n')).toContain('ALTER TABLE "User" ADD COLUMN "nickname" TEXT;');
  });
});

describe('scripts/db-migration.ts <name>', () => {
  it('writes <timestamp>_<name>/migration.sql and the lock file, after which --check passes', async () => {
    writeFileSync(schemaPath, withNickname);
    const before = folders();
    expect(await run(['add nickname'])).toBe(0);
    expect(folders()).toEqual([...before, '20310203040506_add_nickname']);
    const sql = readFileSync(join(migrationsDir, '20310203040506_add_nickname', 'migration.sql'), 'utf8');
    expect(sql).toBe('-- AlterTable\nALTER TABLE "User" ADD COLUMN "nickname" TEXT;\n');
    expect(readFileSync(join(migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(migrationLockfile);
    printed = [];
    expect(await run(['--check'])).toBe(0);
  });

  it('writes the whole schema as the first migration of an empty folder', async () => {
    rmSync(migrationsDir, { recursive: true });
    expect(await run(['init'])).toBe(0);
    const [first] = folders();
    expect(first).toBe('20310203040506_init');
    // The one generated migration builds the same database as all committed migrations together.
    applyMigrations(join(work, 'generated.db'), migrationsDir);
    applyMigrations(join(work, 'committed.db'), projectPaths.migrationsDir);
    expect(databaseSchema(join(work, 'generated.db'))).toEqual(databaseSchema(join(work, 'committed.db')));
  });

  it('prints "no changes" and writes nothing when there is nothing to migrate', async () => {
    const before = folders();
    expect(await run(['nothing'])).toBe(0);
    expect(printed.join('\n')).toContain('no changes');
    expect(folders()).toEqual(before);
  });

  it('exits 2 with a usage line, writing nothing, when the name is missing or extra arguments are given', async () => {
    writeFileSync(schemaPath, withNickname);
    const before = folders();
    expect(await run([])).toBe(2);
    expect(await run(['a', 'b'])).toBe(2);
    expect(await run(['--check', 'a'])).toBe(2);
    expect(await run(['--force'])).toBe(2);
    expect(printed.every((line) => line.startsWith('usage:'))).toBe(true);
    expect(folders()).toEqual(before);
  });
});

describe('migrationFolderName', () => {
  const at = new Date('2025-03-04T05:06:07.890Z');

  it('starts with the UTC timestamp to the second', () => {
    expect(migrationFolderName('init', at)).toBe('20250304050607_init');
  });

  it('turns the name into a slug as prisma migrate dev --name does', () => {
    expect(migrationFolderName('Add userNickname', at)).toBe('20250304050607_add_user_nickname');
    expect(migrationFolderName('HTTPServer logs', at)).toBe('20250304050607_http_server_logs');
    expect(migrationFolderName('  drop -- old/Tables!  ', at)).toBe('20250304050607_drop_old_tables');
    expect(migrationFolderName('café', at)).toBe('20250304050607_cafe');
  });

  it('keeps at most 200 characters of the name', () => {
    expect(migrationFolderName('a'.repeat(300), at)).toBe(`20250304050607_${'a'.repeat(200)}`);
  });

  it('rejects a name with no letters or digits', () => {
    expect(() => migrationFolderName(' -- ', at)).toThrow(/empty migration name/);
  });
});
