import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingSubmission, type HistoryEntry } from '../../../../server/routes/exercises/history.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISE_SLUG } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../../support/test-app.js';

let test: TestApp;
let student: TestUser;
let browser: InjectBrowser;
beforeAll(async () => {
  test = await buildTestApp();
  student = await createUser(test.app);
  browser = new InjectBrowser(test.app);
  await browser.signIn(student.email, student.password);
});
afterAll(async () => {
  await test.close();
});

interface StoredFields {
  minutesAgo: number;
  filename?: string;
  language?: string;
  status?: string;
  gradable?: boolean | null;
  score?: number | null;
  code?: string;
}

/** Stores a submission row as grading would leave it, without grading anything. */
async function store(userId: string, fields: StoredFields): Promise<string> {
  const { rowId, exercise } = test.app.exercises.find(EXERCISE_SLUG)!;
  const graded = (fields.status ?? 'graded') === 'graded';
  const row = await test.app.db.submission.create({
    data: {
      userId,
      exerciseId: rowId,
      language: fields.language ?? 'ts',
      filename: fields.filename ?? 'solution.ts',
      code: fields.code ?? `export const attempt = ${fields.minutesAgo};\n`,
      status: fields.status ?? 'graded',
      gradable: fields.gradable ?? (graded ? true : null),
      score: fields.score ?? (graded ? 0 : null),
      maxScore: graded ? exercise.maxScore : null,
      createdAt: new Date(Date.now() - fields.minutesAgo * 60_000),
    },
  });
  return row.id;
}

/** The table rows of the history page, in page order. */
function rowsOf(html: string): string[] {
  return html.split('<tbody>')[1]!.split('</tbody>')[0]!.split('<tr').slice(1);
}

describe('GET /exercises/:slug/submissions', () => {
  it('lists every one of my submissions newest first, with time, file, language, status, score and a link', async () => {
    const owner = await createUser(test.app);
    const ownerBrowser = new InjectBrowser(test.app);
    await ownerBrowser.signIn(owner.email, owner.password);
    const oldest = await store(owner.id, { minutesAgo: 30, score: 4 });
    const middle = await store(owner.id, { minutesAgo: 20, filename: 'parser.js', language: 'js', status: 'failed' });
    const newest = await store(owner.id, { minutesAgo: 10, status: 'queued' });

    const page = await ownerBrowser.get(`/exercises/${EXERCISE_SLUG}/submissions`);
    expect(page.statusCode).toBe(200);
    const rows = rowsOf(page.body);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain(`href="/submissions/${newest}"`);
    expect(rows[0]).toContain('grading…');
    expect(rows[1]).toContain(`href="/submissions/${middle}"`);
    expect(rows[1]).toContain('<code>parser.js</code>');
    expect(rows[1]).toContain('JavaScript');
    expect(rows[1]).toContain('could not be graded');
    expect(rows[2]).toContain(`href="/submissions/${oldest}"`);
    expect(rows[2]).toContain('TypeScript');
    expect(rows[2]).toMatch(/<td>4 \/ \d+<\/td>/);
    expect(rows[2]).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/time>/);
  });

  it('marks the best-scoring gradable submission as the one that counts, and a non-running one as not counted', async () => {
    const owner = await createUser(test.app);
    const ownerBrowser = new InjectBrowser(test.app);
    await ownerBrowser.signIn(owner.email, owner.password);
    await store(owner.id, { minutesAgo: 40, score: 3 });
    const best = await store(owner.id, { minutesAgo: 30, score: 7 });
    await store(owner.id, { minutesAgo: 20, score: 7 });
    await store(owner.id, { minutesAgo: 10, gradable: false, score: 0 });

    const rows = rowsOf((await ownerBrowser.get(`/exercises/${EXERCISE_SLUG}/submissions`)).body);
    const counting = rows.filter((row) => row.includes('counts (best score)'));
    expect(counting).toHaveLength(1);
    expect(counting[0]).toContain(`href="/submissions/${best}"`);
    expect(counting[0]).toContain('class="counting"');
    expect(rows[0]).toContain('does not run (not counted)');
  });

  it('shows none of another student’s submissions', async () => {
    const other = await createUser(test.app);
    const foreign = await store(other.id, { minutesAgo: 5, filename: 'theirs.ts' });
    const page = await browser.get(`/exercises/${EXERCISE_SLUG}/submissions`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(foreign);
    expect(page.body).not.toContain('theirs.ts');
  });

  it('escapes a filename the student chose', async () => {
    await store(student.id, { minutesAgo: 1, filename: '<img src=x onerror=alert(1)>.ts' });
    const page = await browser.get(`/exercises/${EXERCISE_SLUG}/submissions`);
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;.ts');
  });

  it('offers a form that compares the newest submission with the one before it by default', async () => {
    const owner = await createUser(test.app);
    const ownerBrowser = new InjectBrowser(test.app);
    await ownerBrowser.signIn(owner.email, owner.password);
    const before = await store(owner.id, { minutesAgo: 20 });
    const latest = await store(owner.id, { minutesAgo: 10 });
    const page = await ownerBrowser.get(`/exercises/${EXERCISE_SLUG}/submissions`);
    expect(page.body).toContain(`<form method="get" action="/exercises/${EXERCISE_SLUG}/compare"`);
    expect(page.body).toMatch(new RegExp(`name="from" value="${before}"[^>]*checked`));
    expect(page.body).toMatch(new RegExp(`name="to" value="${latest}"[^>]*checked`));
    expect(page.body).toContain('Compare the two chosen submissions');
  });

  it('says so when there is nothing yet, without a compare button', async () => {
    const fresh = await createUser(test.app);
    const freshBrowser = new InjectBrowser(test.app);
    await freshBrowser.signIn(fresh.email, fresh.password);
    const page = await freshBrowser.get(`/exercises/${EXERCISE_SLUG}/submissions`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You have not submitted anything for this exercise yet.');
    expect(page.body).not.toContain('Compare the two chosen submissions');
  });

  it('returns 404 for an exercise that does not exist', async () => {
    const page = await browser.get('/exercises/no-such-exercise/submissions');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('NG_ERR_EXERCISE_NOT_FOUND');
  });

  it('redirects a visitor to the sign-in page', async () => {
    const response = await test.app.inject(`/exercises/${EXERCISE_SLUG}/submissions`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/exercises/${EXERCISE_SLUG}/submissions`)}`);
  });

  it('is linked from the exercise page and from each submission page', async () => {
    const id = await store(student.id, { minutesAgo: 2 });
    const historyLink = `href="/exercises/${EXERCISE_SLUG}/submissions"`;
    expect((await browser.get(`/exercises/${EXERCISE_SLUG}`)).body).toContain(historyLink);
    expect((await browser.get(`/submissions/${id}`)).body).toContain(historyLink);
  });
});

describe('GET /exercises/:slug/compare', () => {
  it('sends the chosen pair to their diff page', async () => {
    const response = await browser.get(`/exercises/${EXERCISE_SLUG}/compare?from=abc&to=def`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/submissions/abc/diff/def');
  });

  it('asks for two submissions when one is missing', async () => {
    const response = await browser.get(`/exercises/${EXERCISE_SLUG}/compare?from=abc`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('NG_ERR_COMPARE_TWO');
  });
});

describe('countingSubmission', () => {
  const entry = (id: string, minutes: number, fields: Partial<HistoryEntry>): HistoryEntry => ({
    id,
    createdAt: new Date(minutes * 60_000),
    filename: 'solution.ts',
    language: 'ts',
    status: 'graded',
    gradable: true,
    score: 0,
    maxScore: 10,
    ...fields,
  });

  it('picks the highest score, the earliest one on a tie', () => {
    const entries = [entry('late', 3, { score: 8 }), entry('early', 2, { score: 8 }), entry('low', 1, { score: 5 })];
    expect(countingSubmission(entries)?.id).toBe('early');
  });

  it('never counts a submission that could not run, failed or is still pending', () => {
    const entries = [entry('broken', 1, { gradable: false, score: 9 }), entry('failed', 2, { status: 'failed', score: null }), entry('pending', 3, { status: 'queued', score: null })];
    expect(countingSubmission(entries)).toBeUndefined();
  });
});
