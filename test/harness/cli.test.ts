/**
 * `netgrade grade`, `netgrade test` and `netgrade exercises validate` as a user runs them: the
 * real program, its output on pipes, its exit code.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExercise } from '../../harness/exercises/catalog.js';
import type { GradescopeResults } from '../../harness/reports/gradescope.js';
import type { GradingResult } from '../../harness/result-schema.js';
import { PROJECT_ROOT } from '../../server/config.js';
import { netgrade } from '../support/netgrade-cli.js';
import { EXERCISE_SLUG, EXERCISES_DIR } from '../support/solutions.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', EXERCISE_SLUG);
const PASSING = path.join(FIXTURES, 'pass', 'independent-solution', 'submission.ts');
const FAILING = path.join(FIXTURES, 'fail', 'lowercases-header-names', 'submission.ts');
const CLI_TIMEOUT_MS = 60_000;
const exercise = loadExercise(path.join(EXERCISES_DIR, EXERCISE_SLUG));

describe('netgrade grade', () => {
  it('prints the result document as JSON, full marks for a correct solution, and exits 0', { timeout: CLI_TIMEOUT_MS }, async () => {
    const run = await netgrade(['grade', EXERCISE_SLUG, PASSING, '--format', 'json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as GradingResult;
    expect(result.exercise).toEqual({ slug: EXERCISE_SLUG, contentHash: (await exercise).contentHash });
    expect(result.score).toBe(result.maxScore);
    expect(result.tests.filter((test) => test.visibility === 'hidden').length).toBeGreaterThan(0);
  });

  it("prints Gradescope's results.json: hidden tests hidden with no evidence, failing visible ones with it", { timeout: CLI_TIMEOUT_MS }, async () => {
    const run = await netgrade(['grade', EXERCISE_SLUG, FAILING, '--format', 'gradescope']);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as GradescopeResults;
    const maxScore = results.tests.reduce((sum, test) => sum + test.max_score, 0);
    expect(maxScore).toBe((await exercise).maxScore);
    expect(results.score).toBeLessThan(maxScore);
    expect(results.score).toBe(results.tests.reduce((sum, test) => sum + test.score, 0));
    const vectors = (await exercise).vectors;
    for (const test of results.tests) {
      const vector = vectors.find((candidate) => test.name.startsWith(`${candidate.name} (`));
      if (!vector) continue; // a property test
      expect(test.visibility).toBe({ public: 'visible', hidden: 'hidden', 'after-due': 'after_due_date' }[vector.visibility]);
      if (vector.visibility === 'hidden') expect(test.output).not.toContain('Input:');
    }
    const failedVisible = results.tests.filter((test) => test.status === 'failed' && test.visibility === 'visible');
    expect(failedVisible.length).toBeGreaterThan(0);
    for (const test of failedVisible) expect(test.output).toMatch(/Expected:[\s\S]*Actual:/);
  });

  it('prints a terminal report: each failing test with its evidence, then the score', { timeout: CLI_TIMEOUT_MS }, async () => {
    const run = await netgrade(['grade', EXERCISE_SLUG, FAILING]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✗ failed .+ at vectors\/\S+\.md:\d+/);
    expect(run.stdout).toContain('  expected:');
    expect(run.stdout).toMatch(/Score \d+ \/ \d+ \(\d+ of \d+ tests passed, graded in [\d.]+ ms\)\n$/);
  });

  it('prints a report larger than a pipe holds in full before it exits', { timeout: CLI_TIMEOUT_MS }, async () => {
    // Every answer of this wrong server is 2,048 bytes, so the report runs past the 64 KiB a pipe holds.
    const mutant = path.join(PROJECT_ROOT, 'exercises', 'udp-uppercase-server', 'mutants', 'sends-the-whole-receive-buffer.ts');
    const run = await netgrade(['grade', 'udp-uppercase-server', mutant, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(64 * 1024);
    const result = JSON.parse(run.stdout) as GradingResult;
    expect(result.tests.length).toBeGreaterThan(20);
    expect(result.score).toBe(0);
  });

  it('refuses an unknown format and a file it cannot read, with exit code 2 and the reason', async () => {
    const format = await netgrade(['grade', EXERCISE_SLUG, PASSING, '--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown format "xml"');
    const missing = await netgrade(['grade', EXERCISE_SLUG, path.join(FIXTURES, 'no-such-file.ts')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    expect(missing.stderr).toContain('ENOENT');
  });
});

describe('netgrade test', () => {
  it('runs only the public tests and exits 1 while one fails', { timeout: CLI_TIMEOUT_MS }, async () => {
    const run = await netgrade(['test', EXERCISE_SLUG, FAILING, '--format', 'json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as GradingResult;
    expect(result.tests.every((test) => test.visibility === 'public')).toBe(true);
    const publicVectors = (await exercise).vectors.filter((vector) => vector.visibility === 'public');
    expect(result.tests.length).toBeGreaterThanOrEqual(publicVectors.length);
    expect(result.score).toBeLessThan(result.maxScore);
  });

  it('exits 0 when every public test passes', { timeout: CLI_TIMEOUT_MS }, async () => {
    const run = await netgrade(['test', EXERCISE_SLUG, PASSING]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Score (\d+) \/ \1 /);
  });
});

describe('netgrade exercises validate', () => {
  it('finds every exercise folder valid: config, vectors, reference, starter and every mutant caught', { timeout: 600_000 }, async () => {
    const run = await netgrade(['exercises', 'validate']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const slug of ['http-request-parser', 'http-pipeline', 'udp-uppercase-server', 'tcp-uppercase-server', 'udp-uppercase-client', 'tcp-uppercase-client', 'dns-message', 'dht-successor']) {
      expect(run.stdout).toMatch(new RegExp(`^${slug} \\(\\d+ vectors, \\d+ points\\)$`, 'm'));
    }
    expect(run.stdout).not.toContain('FAIL');
    expect(run.stdout.match(/^ {2}ok {3}mutant /gm)?.length ?? 0).toBeGreaterThanOrEqual(80);
    expect(run.stdout.trimEnd().endsWith('All exercises are valid.')).toBe(true);
  });
});
