import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../../support/accounts.js';
import { seedGradebook, type GradebookSeed } from '../../../support/gradebook-seed.js';
import { HeldGrader } from '../../../support/held-grader.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISES_DIR } from '../../../support/solutions.js';
import { buildTestApp, type TestApp } from '../../../support/test-app.js';

let testApp: TestApp;
let seed: GradebookSeed;
let staff: InjectBrowser;

const analyticsUrl = () => `/courses/${seed.courseSlug}/analytics/http-request-parser`;

beforeAll(async () => {
  testApp = await buildTestApp({ grader: new HeldGrader(EXERCISES_DIR) });
  seed = await seedGradebook(testApp.app);
  staff = new InjectBrowser(testApp.app);
  expect((await staff.signIn(seed.ta.email, seed.ta.password)).statusCode).toBe(303);
}, 120_000);

afterAll(async () => {
  await testApp?.close();
});

async function analyticsJson() {
  const token = await createTokenFor(testApp.app, seed.instructor.id);
  const response = await testApp.app.inject({ url: `/api${analyticsUrl()}`, headers: { authorization: `Bearer ${token}` } });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('GET /api/courses/:courseSlug/analytics/:exerciseSlug', () => {
  it('bins the counted scores: Ada 100%, Bob 90%, Cleo by her wrong answer, Dan without a score', async () => {
    const body = await analyticsJson();
    expect(body.students).toBe(4);
    const counts = Object.fromEntries(body.scoreDistribution.bins.map((bin: { label: string; students: number }) => [bin.label, bin.students]));
    const cleoBand = Math.floor((seed.wrongPoints / 10) * 10) * 10;
    const expected: Record<string, number> = Object.fromEntries(body.scoreDistribution.bins.map((bin: { label: string }) => [bin.label, 0]));
    expected['100%'] = 1;
    expected['90–99%'] = 1;
    expected[`${cleoBand}–${cleoBand + 9}%`]! += 1;
    expect(counts).toEqual(expected);
    expect(body.scoreDistribution.withoutScore).toBe(1);
  });

  it("gives each test's pass rate over the counted submissions, the tests the wrong answer fails first", async () => {
    const body = await analyticsJson();
    const failedByWrong = seed.wrong.result.tests.filter((test) => test.status !== 'passed');
    expect(failedByWrong.length).toBeGreaterThan(0);
    expect(body.testPassRates).toHaveLength(seed.full.result.tests.length);
    // Three counted submissions (Ada's and Bob's full scores, Cleo's wrong answer).
    const top = body.testPassRates.slice(0, failedByWrong.length);
    expect(new Set(top.map((test: { id: string }) => test.id))).toEqual(new Set(failedByWrong.map((test) => test.id)));
    for (const test of top) expect(test).toMatchObject({ passed: 2, total: 3 });
    const first = failedByWrong.find((test) => test.id === top[0].id)!;
    expect(top[0]).toMatchObject({ name: first.name, rfc: first.rfc ?? null });
    for (const test of body.testPassRates.slice(failedByWrong.length)) expect(test).toMatchObject({ passed: 3, total: 3, rate: 1 });
  });

  it('counts attempts until a full score: Ada two, Bob one, Cleo and Dan not yet', async () => {
    const body = await analyticsJson();
    const counts = Object.fromEntries(body.attemptsUntilFullScore.map((bin: { label: string; students: number }) => [bin.label, bin.students]));
    expect(counts).toMatchObject({ '1': 1, '2': 1, '3': 0, '10+': 0, 'not yet': 2 });
  });

  it('counts submissions per hour up to the deadline, late ones apart', async () => {
    const { submissionsOverTime } = await analyticsJson();
    expect(submissionsOverTime.granularity).toBe('hour');
    expect(submissionsOverTime.afterDeadline).toBe(1);
    const nonZero = submissionsOverTime.buckets.filter((bucket: { submissions: number }) => bucket.submissions > 0);
    expect(nonZero).toEqual([
      { label: '2026-03-09 10:00', submissions: 1 },
      { label: '2026-03-10 08:00', submissions: 1 },
      { label: '2026-03-10 12:00', submissions: 1 },
    ]);
    // Every hour from the first submission to the due hour (03-09 10:00 to 03-10 23:00).
    expect(submissionsOverTime.buckets).toHaveLength(38);
    expect(submissionsOverTime.buckets.at(-1).label).toBe('2026-03-10 23:00');
  });
});

describe('GET /courses/:courseSlug/analytics/:exerciseSlug', () => {
  it('draws four labelled SVG charts, each with a table and a CSV link', async () => {
    const page = await staff.get(analyticsUrl());
    expect(page.statusCode).toBe(200);
    const svgs = [...page.body.matchAll(/<svg role="img" aria-labelledby="([^"]+)"[^>]*>\s*<title id="[^"]+">([^<]+)<\/title>/g)];
    expect(svgs.map((match) => match[1])).toEqual(['chart-scores-title chart-scores-desc', 'chart-tests-title chart-tests-desc', 'chart-attempts-title chart-attempts-desc', 'chart-time-title chart-time-desc']);
    for (const id of ['scores-table', 'tests-table', 'attempts-table', 'time-table']) expect(page.body).toContain(`id="${id}"`);
    for (const chart of ['score-distribution', 'test-pass-rates', 'attempts-until-full-score', 'submissions-over-time']) expect(page.body).toContain(`href="${analyticsUrl()}/${chart}.csv"`);
  });

  it('refuses a student with 403 and another course\'s instructor with 404', async () => {
    const student = new InjectBrowser(testApp.app);
    await student.signIn(seed.students[0].email, seed.students[0].password);
    expect((await student.get(analyticsUrl())).statusCode).toBe(403);
    const outsider = new InjectBrowser(testApp.app);
    await outsider.signIn(seed.otherInstructor.email, seed.otherInstructor.password);
    expect((await outsider.get(analyticsUrl())).statusCode).toBe(404);
  });

  it('answers an exercise that is not assigned in the course with 404', async () => {
    expect((await staff.get(`/courses/${seed.courseSlug}/analytics/dns-message`)).statusCode).toBe(404);
  });
});

describe('GET /courses/:courseSlug/analytics/:exerciseSlug/:chart.csv', () => {
  it('downloads the test pass rates as CSV with the test name and RFC section', async () => {
    const response = await staff.get(`${analyticsUrl()}/test-pass-rates.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(response.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['test', 'rfc', 'visibility', 'passed', 'total', 'pass rate']);
    expect(rows).toHaveLength(seed.full.result.tests.length + 1);
    const failed = seed.wrong.result.tests.find((test) => test.status !== 'passed')!;
    const row = rows.find((candidate) => candidate[0] === failed.name || candidate[0] === `'${failed.name}`)!;
    expect(row.slice(1)).toEqual([failed.rfc ?? '', failed.visibility, '2', '3', '0.667']);
  });

  it('downloads the score distribution as CSV', async () => {
    const rows = parse((await staff.get(`${analyticsUrl()}/score-distribution.csv`)).body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['score', 'students']);
    expect(rows.at(-2)).toEqual(['100%', '1']);
    expect(rows.at(-1)).toEqual(['no score', '1']);
  });

  it('answers an unknown chart with 404', async () => {
    expect((await staff.get(`${analyticsUrl()}/passwords.csv`)).statusCode).toBe(404);
  });
});
