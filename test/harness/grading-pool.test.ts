import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GRADING_V8_FLAGS, GradingPool } from '../../harness/pool/grading-pool.js';

const exercisesDir = path.resolve(import.meta.dirname, '../../exercises');
const fixture = (relative: string) => readFileSync(path.resolve(import.meta.dirname, '../fixtures/http-request-parser', relative), 'utf8');
const solution = fixture('pass/independent-solution/submission.ts');
const looping = `export function parseRequest(message: string) { for (;;) {} }`;

const pool = new GradingPool({ exercisesDir, workers: 1, jobWallTimeoutMs: 1500 });
afterAll(() => pool.close());

/** The pid of the worker running a job, once one (other than `not`) is. */
async function busyWorker(not?: number): Promise<number> {
  for (;;) {
    const busy = pool.busyWorkerPids.find((pid) => pid !== not);
    if (busy !== undefined) return busy;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('GradingPool', () => {
  it('grades a correct submission in a worker process with full marks', async () => {
    const result = await pool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'solution.ts', code: solution });
    expect(result.gradable).toBe(true);
    expect(result.score).toBe(result.maxScore);
    expect(pool.workerPids).toHaveLength(1);
    expect(pool.workerPids[0]).not.toBe(process.pid);
  });

  it('starts its workers with the V8 flags for short-lived student code', () => {
    const commandLine = readFileSync(`/proc/${pool.workerPids[0]}/cmdline`, 'utf8').split('\0');
    for (const flag of GRADING_V8_FLAGS) expect(commandLine).toContain(flag);
  });

  it('gives a verdict to a submission that hangs its worker past the wall time, and grades the next one normally', async () => {
    const before = pool.workerPids[0];
    const [stuck, next] = await Promise.all([
      pool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'loop.ts', code: looping }),
      pool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'solution.ts', code: solution }),
    ]);
    expect(stuck.error?.code).toBe('SANDBOX_TIMEOUT');
    expect(stuck.score).toBe(0);
    expect(next.score).toBe(next.maxScore);
    expect(pool.workerPids[0]).not.toBe(before);
    expect(pool.restarts).toBe(1);
  });

  it('runs a job again when its worker is killed from outside, then recovers', async () => {
    const restarts = pool.restarts;
    const grading = pool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'loop.ts', code: looping });
    const victim = await busyWorker();
    process.kill(victim, 'SIGKILL');
    // The second run goes on until the pool's wall time: its verdict is that run's.
    const result = await grading;
    expect(result.error?.code).toBe('SANDBOX_TIMEOUT');
    expect(pool.restarts).toBe(restarts + 2);
    const after = await pool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'solution.ts', code: solution });
    expect(after.score).toBe(after.maxScore);
  });

  it('gives SANDBOX_CRASHED when the worker running the job is killed again', async () => {
    const grading = pool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'loop.ts', code: looping });
    const first = await busyWorker();
    process.kill(first, 'SIGKILL');
    process.kill(await busyWorker(first), 'SIGKILL');
    const result = await grading;
    expect(result.error?.code).toBe('SANDBOX_CRASHED');
    const after = await pool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'solution.ts', code: solution });
    expect(after.score).toBe(after.maxScore);
  });

  it('turns V8 aborting the worker on an allocation over the heap limit into SANDBOX_CRASHED, and replaces the worker', { timeout: 120_000 }, async () => {
    // V8 collects garbage again and again before it gives up, which takes seconds on a busy
    // machine: this pool's wall time leaves room for the abort to come first.
    const roomyPool = new GradingPool({ exercisesDir, workers: 1, jobWallTimeoutMs: 60_000 });
    try {
      await roomyPool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'solution.ts', code: solution });
      const before = roomyPool.workerPids[0];
      const bomb = 'export function parseRequest(message: string) { return new Array(1e8).fill(1.5).length }';
      const result = await roomyPool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'bomb.ts', code: bomb });
      expect(result).toMatchObject({ gradable: true, score: 0, error: { code: 'SANDBOX_CRASHED' } });
      expect(roomyPool.restarts).toBe(1);
      expect(roomyPool.workerPids[0]).not.toBe(before);
      const after = await roomyPool.grade({ exerciseSlug: 'http-request-parser', language: 'ts', filename: 'solution.ts', code: solution });
      expect(after.score).toBe(after.maxScore);
    } finally {
      await roomyPool.close();
    }
  });

  it('rejects a job for an exercise that does not exist', async () => {
    await expect(pool.grade({ exerciseSlug: 'no-such-exercise', language: 'ts', filename: 'a.ts', code: '' })).rejects.toThrow(/unknown exercise/);
  });
});
