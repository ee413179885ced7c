/**
 * A deadline rush through the real HTTP API of a real server process: 1,000 submissions from 100
 * students at once. Every acknowledged submission must be graded, once; nothing may be lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClients } from '../../bench/e2e-clients.js';
import { databaseFileIn, prepareStudents, startServerProcess, type ServerProcess } from '../../bench/e2e-server.js';
import { EXERCISE_SLUG, correctSolution } from '../support/solutions.js';
import { submissionRecords, waitUntilDrained } from './database-checks.js';

const CLIENTS = 100;
const PER_CLIENT = 10;

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
    const run = await runClients({ baseUrl: server.baseUrl, tokens, submissionsPerClient: PER_CLIENT, exerciseSlug: EXERCISE_SLUG, code: correctSolution(), awaitResults: false });
    expect(run.unexpected).toEqual([]);
    expect(run.connectionErrors).toBe(0);
    // The default queue limit is far above a thousand: nothing is refused.
    expect(run.refused).toBe(0);
    expect(new Set(run.acknowledged).size).toBe(CLIENTS * PER_CLIENT);

    const file = databaseFileIn(dir);
    await waitUntilDrained(file, 75_000);
    const records = submissionRecords(file);
    expect(records.size).toBe(CLIENTS * PER_CLIENT);
    const notGradedOnce = run.acknowledged.filter((id) => records.get(id)?.status !== 'graded' || records.get(id)?.gradings !== 1);
    expect(notGradedOnce).toEqual([]);
    expect((await fetch(`${server.baseUrl}/healthz`).then((response) => response.json())) as unknown).toMatchObject({ status: 'ok', queueDepth: 0 });
  }, 85_000);
});
