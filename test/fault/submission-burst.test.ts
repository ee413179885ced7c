/**
 * A deadline rush through the real HTTP API of a real server process: 1,000 submissions from 100
 * students at once. Every acknowledged submission must be graded, once; nothing may be lost.
 * The exercise is the DNS codec, among the cheapest to grade, so that the rush tests the queue
 * rather than the CPU: the bound on the drain is for a machine that also runs other tests.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClients } from '../../bench/e2e-clients.js';
import { databaseFileIn, prepareStudents, startServerProcess, type ServerProcess } from '../../bench/e2e-server.js';
import { PROJECT_ROOT } from '../../server/config.js';
import { submissionRecords, waitUntilDrained } from './database-checks.js';

const CLIENTS = 100;
const PER_CLIENT = 10;
const EXERCISE_SLUG = 'dns-message';
const SOLUTION = readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/dns-message/pass/independent-solution/submission.ts'), 'utf8');
const DRAIN_BOUND_MS = 180_000;

let dir: string;
let tokens: string[];
let server: ServerProcess;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'netgrade-fault-'));
  tokens = await prepareStudents(dir, CLIENTS);
  server = await startServerProcess(dir, { NETGRADE_GRADING_WORKERS: '2' });
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe(`a burst of ${CLIENTS * PER_CLIENT} submissions from ${CLIENTS} concurrent clients`, () => {
  it('grades every acknowledged submission exactly once and stores nothing else', async () => {
    const run = await runClients({ baseUrl: server.baseUrl, tokens, submissionsPerClient: PER_CLIENT, exerciseSlug: EXERCISE_SLUG, code: SOLUTION, awaitResults: false });
    expect(run.unexpected).toEqual([]);
    expect(run.connectionErrors).toBe(0);
    // The default queue limit is far above a thousand: nothing is refused.
    expect(run.refused).toBe(0);
    expect(new Set(run.acknowledged).size).toBe(CLIENTS * PER_CLIENT);

    const file = databaseFileIn(dir);
    await waitUntilDrained(file, DRAIN_BOUND_MS);
    const records = submissionRecords(file);
    expect(records.size).toBe(CLIENTS * PER_CLIENT);
    const notGradedOnce = run.acknowledged.filter((id) => records.get(id)?.status !== 'graded' || records.get(id)?.gradings !== 1);
    expect(notGradedOnce).toEqual([]);
    expect((await fetch(`${server.baseUrl}/healthz`).then((response) => response.json())) as unknown).toMatchObject({ status: 'ok', queueDepth: 0 });
  }, DRAIN_BOUND_MS + 60_000);
});
