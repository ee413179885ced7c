/**
 * `netgrade submit` against a real server process: a token created through the pages, the file
 * sent through the API, the grade polled and printed, and the exit code of `netgrade test`.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { DEMO_STUDENT_EMAIL } from '../../server/demo.js';
import { createApiTokenThroughPages, HttpBrowser } from '../support/http-browser.js';
import { SERVER_STARTUP_TIMEOUT_MS, startRealServer, type RealServer } from '../support/real-server.js';
import { netgrade } from '../support/netgrade-cli.js';
import { EXERCISE_SLUG } from '../support/solutions.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', EXERCISE_SLUG);
const PASSING = path.join(FIXTURES, 'pass', 'independent-solution', 'submission.ts');
const FAILING = path.join(FIXTURES, 'fail', 'lowercases-header-names', 'submission.ts');
const CLI_TIMEOUT_MS = 60_000;

let server: RealServer;
let token: string;
beforeAll(async () => {
  server = await startRealServer();
  token = await createApiTokenThroughPages(server.baseUrl, DEMO_STUDENT_EMAIL, server.studentPassword);
}, SERVER_STARTUP_TIMEOUT_MS + 10_000);
afterAll(async () => {
  await server?.stop();
});

describe('netgrade submit', () => {
  it('prints the score of a correct solution and exits 0', { timeout: CLI_TIMEOUT_MS }, async () => {
    const run = await netgrade(['submit', EXERCISE_SLUG, PASSING, '--url', server.baseUrl], { NETGRADE_TOKEN: token });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const score = /Score (\d+(?:\.\d+)?) \/ (\d+(?:\.\d+)?)/.exec(run.stdout);
    expect(score).not.toBeNull();
    expect(score![1]).toBe(score![2]);
    expect(run.stdout).toMatch(new RegExp(`${server.baseUrl}/submissions/\\w+`));
  });

  it('prints the failed tests of a wrong solution and exits 1, reading the URL from NETGRADE_URL', { timeout: CLI_TIMEOUT_MS }, async () => {
    const run = await netgrade(['submit', EXERCISE_SLUG, FAILING], { NETGRADE_TOKEN: token, NETGRADE_URL: server.baseUrl });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗');
    const score = /Score (\d+(?:\.\d+)?) \/ (\d+(?:\.\d+)?)/.exec(run.stdout);
    expect(Number(score![1])).toBeLessThan(Number(score![2]));
  });

  it('prints the submission as JSON with --format json, hidden tests reduced to their verdict', { timeout: CLI_TIMEOUT_MS }, async () => {
    const run = await netgrade(['submit', EXERCISE_SLUG, PASSING, '--url', server.baseUrl, '--format', 'json'], { NETGRADE_TOKEN: token });
    expect(run.code).toBe(0);
    const submission = JSON.parse(run.stdout);
    expect(submission).toMatchObject({ exercise: EXERCISE_SLUG, status: 'graded', gradable: true, filename: 'submission.ts' });
    expect(submission.score).toBe(submission.maxScore);
    const hidden = submission.result.tests.filter((test: { visibility: string }) => test.visibility === 'hidden');
    expect(hidden.length).toBeGreaterThan(0);
    for (const test of hidden) expect(test.name).toMatch(/^Hidden test \d+$/);

    // The submission is the token owner's: the owner's history lists it.
    const history = await fetch(new URL(`/api/exercises/${EXERCISE_SLUG}/submissions`, server.baseUrl), { headers: { authorization: `Bearer ${token}` } });
    const { submissions } = (await history.json()) as { submissions: { id: string }[] };
    expect(submissions.map((entry) => entry.id)).toContain(submission.id);
  });

  it('exits 2 with a message when NETGRADE_TOKEN is not set', async () => {
    const run = await netgrade(['submit', EXERCISE_SLUG, PASSING, '--url', server.baseUrl], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('NETGRADE_TOKEN');
  });

  it('exits 2 with the service’s message for an unknown token and an unknown exercise', { timeout: CLI_TIMEOUT_MS }, async () => {
    const badToken = await netgrade(['submit', EXERCISE_SLUG, PASSING, '--url', server.baseUrl], { NETGRADE_TOKEN: 'ngt_unknown' });
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toContain('NG_ERR_TOKEN_INVALID');
    const badExercise = await netgrade(['submit', 'no-such-exercise', PASSING, '--url', server.baseUrl], { NETGRADE_TOKEN: token });
    expect(badExercise.code).toBe(2);
    expect(badExercise.stderr).toContain('NG_ERR_EXERCISE_NOT_FOUND');
  });

  it('exits 2 when the service cannot be reached', { timeout: CLI_TIMEOUT_MS }, async () => {
    const run = await netgrade(['submit', EXERCISE_SLUG, PASSING, '--url', 'http://127.0.0.1:1'], { NETGRADE_TOKEN: token });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot reach http://127.0.0.1:1');
  });

  it('is refused once the token is revoked', { timeout: CLI_TIMEOUT_MS }, async () => {
    const revocable = await createApiTokenThroughPages(server.baseUrl, DEMO_STUDENT_EMAIL, server.studentPassword, 'to revoke');
    const browser = new HttpBrowser(server.baseUrl);
    await browser.postForm('/sign-in', '/sign-in', { email: DEMO_STUDENT_EMAIL, password: server.studentPassword });
    const page = await (await browser.request('/account/tokens')).text();
    const revokeAction = /action="(\/account\/tokens\/[^"]+\/revoke)"[\s\S]*?aria-label="Revoke to revoke"/.exec(page)?.[1];
    expect(revokeAction).toBeDefined();
    expect((await browser.postForm('/account/tokens', revokeAction!, {})).status).toBe(303);
    const run = await netgrade(['submit', EXERCISE_SLUG, PASSING, '--url', server.baseUrl], { NETGRADE_TOKEN: revocable });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('NG_ERR_TOKEN_INVALID');
  });
});
