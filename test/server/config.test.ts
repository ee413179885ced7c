import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'netgrade-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({ DATABASE_URL: `file:${path.join(dir, 'netgrade.db')}`, ...extra });

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig(env());
    expect(config.port).toBe(3000);
    expect(config.host).toBe('localhost');
    expect(config.submissionMaxBytes).toBe(64 * 1024);
    expect(config.pendingWaitMs).toBeGreaterThan(0);
    // One grading worker per core.
    expect(config.gradingWorkers).toBe(os.availableParallelism());
    expect(config.databaseFile).toBe(path.join(dir, 'netgrade.db'));
    expect(path.isAbsolute(config.exercisesDir)).toBe(true);
  });

  it('defaults the database to data/netgrade.db', () => {
    const config = loadConfig({ SESSION_SECRET: 'x'.repeat(32) });
    expect(config.databaseUrl).toBe('file:./data/netgrade.db');
    expect(config.databaseFile.endsWith(path.join('data', 'netgrade.db'))).toBe(true);
  });

  it('reads PORT, HOST and the limits from the environment', () => {
    const config = loadConfig(env({ PORT: '0', HOST: '0.0.0.0', NETGRADE_SUBMISSION_MAX_BYTES: '2048', NETGRADE_GRADING_WORKERS: '3' }));
    expect(config.port).toBe(0);
    expect(config.host).toBe('0.0.0.0');
    expect(config.submissionMaxBytes).toBe(2048);
    expect(config.gradingWorkers).toBe(3);
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be from 0 to 65535/],
    ['NETGRADE_GRADING_WORKERS', '0', /NETGRADE_GRADING_WORKERS must be from 1/],
    ['NETGRADE_SUBMISSION_MAX_BYTES', '-5', /NETGRADE_SUBMISSION_MAX_BYTES must be a whole number/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['SESSION_SECRET', 'short', /SESSION_SECRET must be at least 32 characters/],
  ])('rejects %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig(env({ [name]: value }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ [name]: value }))).toThrow(message);
  });

  it('uses SESSION_SECRET when it is set', () => {
    const secret = 's'.repeat(40);
    expect(loadConfig(env({ SESSION_SECRET: secret })).sessionSecret).toBe(secret);
  });

  it('generates a session secret once and keeps it in the data folder with mode 0600', async () => {
    const first = loadConfig(env()).sessionSecret;
    const file = path.join(dir, 'session-secret');
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(loadConfig(env()).sessionSecret).toBe(first);
  });

  it('refuses a stored session secret that is too short', async () => {
    await writeFile(path.join(dir, 'session-secret'), 'tiny\n');
    expect(() => loadConfig(env())).toThrow(/shorter than 32 characters/);
  });
});
