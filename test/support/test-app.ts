/**
 * Builds the web service on a fresh SQLite file in a temporary folder, with the migrations
 * applied, for tests that drive it with `app.inject`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig, type ServerConfig } from '../../server/config.js';
import { applyMigrations } from '../../server/db/migrate.js';
import type { Grader } from '../../server/grading-queue.js';
import { hashPassword } from '../../server/passwords.js';

export interface TestApp {
  app: FastifyInstance;
  config: ServerConfig;
  /** The temporary folder holding the database. */
  dir: string;
  /** Closes the app (and its grading workers) and deletes the folder. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment for loadConfig, e.g. `{ NETGRADE_SUBMISSION_MAX_BYTES: '2048' }`. */
  env?: Record<string, string>;
  grader?: Grader;
  /** Reuse a folder (and its database) from an earlier app, e.g. to test a restart. */
  dir?: string;
}

export async function createTestDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'netgrade-test-'));
}

export function testConfig(dir: string, env: Record<string, string> = {}): ServerConfig {
  return loadConfig({
    DATABASE_URL: `file:${path.join(dir, 'netgrade.db')}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    NETGRADE_GRADING_WORKERS: '1',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = options.dir ?? (await createTestDir());
  const config = testConfig(dir, options.env);
  await applyMigrations(config.databaseFile, config.migrationsDir);
  const app = await buildApp({ config, logger: false, ...(options.grader ? { grader: options.grader } : {}) });
  return {
    app,
    config,
    dir,
    async close() {
      await app.close();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
}

let userCounter = 0;

/** Creates a student account with a known password. */
export async function createUser(app: FastifyInstance, fields: Partial<Omit<TestUser, 'id'>> = {}): Promise<TestUser> {
  userCounter += 1;
  const email = fields.email ?? `student${userCounter}@example.test`;
  const password = fields.password ?? `password-${userCounter}-${randomBytes(4).toString('hex')}`;
  const name = fields.name ?? `Student ${userCounter}`;
  const user = await app.db.user.create({ data: { email, name, role: 'student', passwordHash: await hashPassword(password) } });
  return { id: user.id, email, password, name };
}
