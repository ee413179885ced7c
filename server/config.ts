/**
 * The service's configuration, read from the environment and checked once at start. Every value
 * has a default that works on a developer's machine; a value that is set but wrong stops the start
 * with a message naming the variable, rather than surfacing later as a confusing failure.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseFileFromUrl } from './db/client.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** A Prisma SQLite URL, e.g. `file:./data/netgrade.db`. */
  databaseUrl: string;
  /** The absolute path the URL points at. */
  databaseFile: string;
  /** Folder of the database; the generated session secret is kept there too. */
  dataDir: string;
  exercisesDir: string;
  migrationsDir: string;
  gradingWorkers: number;
  /** Signs session cookies; at least 32 characters. */
  sessionSecret: string;
  /** Largest accepted submission, pasted or uploaded. */
  submissionMaxBytes: number;
  /** How long the submission page waits for a pending grading before it renders and refreshes itself. */
  pendingWaitMs: number;
  /** Sign-in attempts allowed per client address per minute. */
  signInAttemptsPerMinute: number;
  /** Submissions stored and not yet graded beyond which new ones are refused with 429 (NETGRADE_QUEUE_LIMIT). */
  queueLimit: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** REDIS_URL: when set, gradings go to `netgrade worker` processes through Redis instead of the local pool. */
  redisUrl: string | undefined;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The repository root: defaults point inside it whatever the working directory is. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

const SESSION_SECRET_MIN_LENGTH = 32;
const SESSION_SECRET_FILE = 'session-secret';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Environment = Record<string, string | undefined>;

/** Reads and checks the configuration; throws a ConfigError that names the offending variable. */
export function loadConfig(env: Environment = process.env): ServerConfig {
  const databaseUrl = text(env, 'DATABASE_URL', 'file:./data/netgrade.db');
  let databaseFile: string;
  try {
    databaseFile = path.resolve(databaseFileFromUrl(databaseUrl));
  } catch (error) {
    throw new ConfigError(`DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`);
  }
  const dataDir = path.dirname(databaseFile);
  return {
    port: integer(env, 'PORT', 3000, 0, 65_535),
    host: text(env, 'HOST', 'localhost'),
    databaseUrl,
    databaseFile,
    dataDir,
    exercisesDir: path.resolve(text(env, 'NETGRADE_EXERCISES_DIR', path.join(PROJECT_ROOT, 'exercises'))),
    migrationsDir: path.resolve(text(env, 'NETGRADE_MIGRATIONS_DIR', path.join(PROJECT_ROOT, 'prisma', 'migrations'))),
    gradingWorkers: integer(env, 'NETGRADE_GRADING_WORKERS', Math.max(1, os.availableParallelism()), 1, 64),
    sessionSecret: sessionSecret(env, dataDir),
    submissionMaxBytes: integer(env, 'NETGRADE_SUBMISSION_MAX_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    pendingWaitMs: integer(env, 'NETGRADE_PENDING_WAIT_MS', 1500, 0, 30_000),
    signInAttemptsPerMinute: integer(env, 'NETGRADE_SIGN_IN_ATTEMPTS_PER_MINUTE', 10, 1, 10_000),
    // Two workers grade a typical submission in a few milliseconds each: 2,000 waiting is well under
    // a minute of work, so a full queue means a real overload rather than a busy deadline.
    queueLimit: integer(env, 'NETGRADE_QUEUE_LIMIT', 2000, 1, 1_000_000),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    redisUrl: redisUrl(env),
  };
}

/**
 * SESSION_SECRET when set; otherwise a secret generated on first start and kept in the data
 * folder (mode 0600), so sessions survive a restart without anyone having to configure one.
 */
function sessionSecret(env: Environment, dataDir: string): string {
  const configured = env.SESSION_SECRET;
  if (configured !== undefined && configured !== '') {
    if (configured.length < SESSION_SECRET_MIN_LENGTH) {
      throw new ConfigError(`SESSION_SECRET must be at least ${SESSION_SECRET_MIN_LENGTH} characters long`);
    }
    return configured;
  }
  const file = path.join(dataDir, SESSION_SECRET_FILE);
  const stored = readIfExists(file);
  if (stored !== undefined) {
    const secret = stored.trim();
    if (secret.length < SESSION_SECRET_MIN_LENGTH) {
      throw new ConfigError(`${file} holds a session secret shorter than ${SESSION_SECRET_MIN_LENGTH} characters; delete it to generate a new one`);
    }
    return secret;
  }
  const secret = randomBytes(48).toString('base64url');
  try {
    mkdirSync(dataDir, { recursive: true });
    // 'wx' fails if another process created the file in the meantime: its secret wins.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return sessionSecret(env, dataDir);
    throw new ConfigError(`cannot write the session secret to ${file}: ${(error as Error).message}`);
  }
}

function redisUrl(env: Environment): string | undefined {
  const value = env.REDIS_URL;
  if (value === undefined || value === '') return undefined;
  if (!/^redis:\/\/[^\s]+$/.test(value)) throw new ConfigError(`REDIS_URL must look like redis://host:port, got "${value}"`);
  return value;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function text(env: Environment, name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value.trim() !== value) throw new ConfigError(`${name} must not start or end with spaces`);
  return value;
}

function integer(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name} must be a whole number, got "${value}"`);
  const number = Number(value);
  if (number < min || number > max) throw new ConfigError(`${name} must be from ${min} to ${max}, got ${number}`);
  return number;
}

function oneOf<T extends string>(env: Environment, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}
