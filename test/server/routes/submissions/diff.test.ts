import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffHunks } from '../../../../server/routes/submissions/diff.js';
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

/** Stores a graded submission row of `code` for the exercise (by slug) without grading it. */
async function store(userId: string, code: string, options: { slug?: string; minutesAgo?: number } = {}): Promise<string> {
  const slug = options.slug ?? EXERCISE_SLUG;
  const rowId = test.app.exercises.find(slug)?.rowId ?? (await test.app.db.exercise.upsert({ where: { slug }, create: { slug, title: slug, contentHash: 'x' }, update: {} })).id;
  const row = await test.app.db.submission.create({
    data: { userId, exerciseId: rowId, language: 'ts', filename: 'solution.ts', code, status: 'graded', gradable: true, score: 1, maxScore: 2, createdAt: new Date(Date.now() - (options.minutesAgo ?? 0) * 60_000) },
  });
  return row.id;
}

const BEFORE = ['export function parseRequest(message: string) {', '  const lines = message.split("\\r\\n");', '  return { ok: false };', '}', ''].join('\n');
const AFTER = ['export function parseRequest(message: string) {', '  const lines = message.split("\\r\\n");', '  if (lines.length < 2) return { ok: false };', '  return { ok: true };', '}', ''].join('\n');

describe('diffHunks', () => {
  it('numbers each line on its side and marks added, removed and unchanged lines', () => {
    const [hunk, ...rest] = diffHunks(BEFORE, AFTER);
    expect(rest).toEqual([]);
    expect(hunk!.rows).toEqual([
      { kind: 'unchanged', oldLine: 1, newLine: 1, text: 'export function parseRequest(message: string) {' },
      { kind: 'unchanged', oldLine: 2, newLine: 2, text: '  const lines = message.split("\\r\\n");' },
      { kind: 'removed', oldLine: 3, text: '  return { ok: false };' },
      { kind: 'added', newLine: 3, text: '  if (lines.length < 2) return { ok: false };' },
      { kind: 'added', newLine: 4, text: '  return { ok: true };' },
      { kind: 'unchanged', oldLine: 4, newLine: 5, text: '}' },
    ]);
    expect(hunk!.heading).toBe('lines 1–4 → lines 1–5');
  });

  it('keeps three lines of context, splitting changes far apart into separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const changed = lines.map((line, i) => (i === 1 || i === 25 ? `${line} changed` : line));
    const hunks = diffHunks(`${lines.join('\n')}\n`, `${changed.join('\n')}\n`);
    expect(hunks).toHaveLength(2);
    expect(hunks[1]!.rows.filter((row) => row.kind === 'unchanged')).toHaveLength(6);
  });

  it('finds no hunks in identical code', () => {
    expect(diffHunks(BEFORE, BEFORE)).toEqual([]);
  });

  it('does not show the "no newline at end of file" note as a line of code', () => {
    const rows = diffHunks('a\nb', 'a\nc').flatMap((hunk) => hunk.rows);
    expect(rows.map((row) => row.text)).toEqual(['a', 'b', 'c']);
  });
});

describe('GET /submissions/:a/diff/:b', () => {
  it('renders the unified diff with additions and removals marked in words, not colour only', async () => {
    const a = await store(student.id, BEFORE, { minutesAgo: 2 });
    const b = await store(student.id, AFTER, { minutesAgo: 1 });
    const page = await browser.get(`/submissions/${a}/diff/${b}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2 lines added, 1 line removed.');
    expect(page.body).toMatch(/<tr class="diff-removed">[\s\S]*?<span class="visually-hidden">removed<\/span>[\s\S]*?<del>  return \{ ok: false \};<\/del>/);
    expect(page.body).toMatch(/<tr class="diff-added">[\s\S]*?<span class="visually-hidden">added<\/span>[\s\S]*?<ins>  if \(lines.length &lt; 2\) return \{ ok: false \};<\/ins>/);
    expect(page.body).toContain(`href="/submissions/${a}"`);
    expect(page.body).toContain(`href="/submissions/${b}"`);
    expect(page.body).toContain(`href="/exercises/${EXERCISE_SLUG}/submissions"`);
  });

  it('escapes the code on both sides', async () => {
    const a = await store(student.id, 'const a = 1;\n');
    const b = await store(student.id, 'const a = "</td><script>alert(1)</script>";\n');
    const page = await browser.get(`/submissions/${a}/diff/${b}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says when the two submissions have the same code', async () => {
    const a = await store(student.id, BEFORE);
    const b = await store(student.id, BEFORE);
    const page = await browser.get(`/submissions/${a}/diff/${b}`);
    expect(page.body).toContain('The two submissions have the same code.');
    expect(page.body).not.toContain('<table class="diff">');
  });

  it('returns 404 when either submission is another student’s, exactly as for a missing one', async () => {
    const other = await createUser(test.app);
    const mine = await store(student.id, BEFORE);
    const theirs = await store(other.id, 'const secret = "their answer";\n');
    const missing = await browser.get(`/submissions/${mine}/diff/cnosuchsubmission000000000`);
    expect(missing.statusCode).toBe(404);
    for (const url of [`/submissions/${mine}/diff/${theirs}`, `/submissions/${theirs}/diff/${mine}`, `/submissions/${theirs}/diff/${theirs}`]) {
      const response = await browser.get(url);
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('NG_ERR_SUBMISSION_NOT_FOUND');
      expect(response.body).not.toContain('their answer');
      expect(response.body.replace(/value="[^"]+"/g, '')).toBe(missing.body.replace(/value="[^"]+"/g, ''));
    }
  });

  it('returns 404 for two of my submissions to different exercises', async () => {
    const http = await store(student.id, BEFORE);
    const elsewhere = await store(student.id, AFTER, { slug: 'retired-exercise' });
    const response = await browser.get(`/submissions/${http}/diff/${elsewhere}`);
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('NG_ERR_SUBMISSION_NOT_FOUND');
  });

  it('redirects a visitor to the sign-in page', async () => {
    const response = await test.app.inject('/submissions/a/diff/b');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?next=%2Fsubmissions%2Fa%2Fdiff%2Fb');
  });
});
