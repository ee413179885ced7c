import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../../support/accounts.js';
import { seedGradebook, type GradebookSeed } from '../../../support/gradebook-seed.js';
import { HeldGrader } from '../../../support/held-grader.js';
import { InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISES_DIR } from '../../../support/solutions.js';
import { buildTestApp, createUser, type TestApp } from '../../../support/test-app.js';

let testApp: TestApp;
let seed: GradebookSeed;
const browsers = new Map<string, InjectBrowser>();

async function signedIn(user: { email: string; password: string }): Promise<InjectBrowser> {
  const existing = browsers.get(user.email);
  if (existing) return existing;
  const browser = new InjectBrowser(testApp.app);
  expect((await browser.signIn(user.email, user.password)).statusCode).toBe(303);
  browsers.set(user.email, browser);
  return browser;
}

/** The student names of the gradebook table's rows, in order. */
function rowNames(html: string): string[] {
  return [...html.matchAll(/<th scope="row"><a href="[^"]*\/students\/[^"]+">([^<]*)<\/a>/g)].map((match) => match[1]!);
}

const gradebookUrl = () => `/courses/${seed.courseSlug}/gradebook`;

beforeAll(async () => {
  testApp = await buildTestApp({ grader: new HeldGrader(EXERCISES_DIR) });
  seed = await seedGradebook(testApp.app);
}, 120_000);

afterAll(async () => {
  await testApp?.close();
});

describe('GET /courses/:courseSlug/gradebook', () => {
  it('shows every student with the counted points, late, version and total marks', async () => {
    const page = await (await signedIn(seed.instructor)).get(gradebookUrl());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>');
    // By name by default; a name starting with a symbol sorts before letters.
    expect(rowNames(page.body)).toEqual(['=Cleo', 'Ada Lovelace', 'Bob Kahn', 'Dan &lt;b&gt;Bold&lt;/b&gt;']);
    // Bob's late full score keeps 90% and was graded with an older exercise version.
    expect(page.body).toMatch(/<strong>9<\/strong>\s*<span class="badge badge-failed" title="1 day\(s\) late, 90% kept">late<\/span>/);
    expect(page.body).toContain('(older)');
    expect(page.body).toContain(`<code>${seed.currentHash.slice(0, 8)}</code> (current)`);
    expect(page.body).not.toContain('<b>Bold</b>');
  });

  it('lets a teaching assistant in', async () => {
    expect((await (await signedIn(seed.ta)).get(gradebookUrl())).statusCode).toBe(200);
  });

  it('refuses a student of the course with 403', async () => {
    const response = await (await signedIn(seed.students[0])).get(gradebookUrl());
    expect(response.statusCode).toBe(403);
  });

  it("answers another course's instructor with 404", async () => {
    const response = await (await signedIn(seed.otherInstructor)).get(gradebookUrl());
    expect(response.statusCode).toBe(404);
  });

  it('sorts by total, highest first, through a query parameter', async () => {
    const page = await (await signedIn(seed.instructor)).get(`${gradebookUrl()}?sort=total&order=desc`);
    // Cleo's wrong answer still earns part of the points; Dan has none.
    expect(seed.wrongPoints).toBeGreaterThan(0);
    expect(seed.wrongPoints).toBeLessThan(9);
    expect(rowNames(page.body)).toEqual(['Ada Lovelace', 'Bob Kahn', '=Cleo', 'Dan &lt;b&gt;Bold&lt;/b&gt;']);
    expect(page.body).toContain('aria-sort="descending"');
  });

  it('sorts by an assignment with students without a score last', async () => {
    const page = await (await signedIn(seed.instructor)).get(`${gradebookUrl()}?sort=assignment:http-request-parser&order=asc`);
    expect(rowNames(page.body)).toEqual(['=Cleo', 'Bob Kahn', 'Ada Lovelace', 'Dan &lt;b&gt;Bold&lt;/b&gt;']);
  });

  it('sorts by student id, descending, with students without one last', async () => {
    const page = await (await signedIn(seed.instructor)).get(`${gradebookUrl()}?sort=student-number&order=desc`);
    expect(rowNames(page.body)).toEqual(['=Cleo', 'Bob Kahn', 'Ada Lovelace', 'Dan &lt;b&gt;Bold&lt;/b&gt;']);
  });

  it('offers column links that flip the order of the current sort', async () => {
    const page = await (await signedIn(seed.instructor)).get(`${gradebookUrl()}?sort=name&order=asc`);
    expect(page.body).toContain(`href="${gradebookUrl()}?sort=name&amp;order=desc"`);
  });

  it('filters by part of a name or email', async () => {
    const browser = await signedIn(seed.instructor);
    expect(rowNames((await browser.get(`${gradebookUrl()}?q=BOB`)).body)).toEqual(['Bob Kahn']);
    expect(rowNames((await browser.get(`${gradebookUrl()}?q=${encodeURIComponent(seed.students[0].email)}`)).body)).toEqual(['Ada Lovelace']);
  });

  it('filters by status on an assignment', async () => {
    const browser = await signedIn(seed.instructor);
    const filter = (status: string) => browser.get(`${gradebookUrl()}?assignment=http-request-parser&status=${status}`).then((page) => rowNames(page.body));
    expect(await filter('passed')).toEqual(['Ada Lovelace', 'Bob Kahn']);
    expect(await filter('attempted')).toEqual(['=Cleo']);
    expect(await filter('not-started')).toEqual(['Dan &lt;b&gt;Bold&lt;/b&gt;']);
  });

  it('ignores unknown sort keys and filters instead of failing', async () => {
    const page = await (await signedIn(seed.instructor)).get(`${gradebookUrl()}?sort=password&status=nonsense&assignment=nope`);
    expect(page.statusCode).toBe(200);
    expect(rowNames(page.body)).toHaveLength(4);
  });
});

describe('GET /courses/:courseSlug/gradebook.csv', () => {
  const csv = async (format: string) => {
    const response = await (await signedIn(seed.instructor)).get(`${gradebookUrl()}.csv?format=${format}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment');
    return { body: response.body, rows: parse(response.body, { bom: true, relax_column_count: false }) as string[][] };
  };

  it('writes the Canvas import columns, a Points Possible row and one row per student', async () => {
    const { body, rows } = await csv('canvas');
    expect(body.startsWith('\uFEFF')).toBe(true);
    expect(rows[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', `${seed.exerciseTitle} (http-request-parser)`]);
    expect(rows[1]).toEqual(['Points Possible', '', '', '', '', '10']);
    const [ada, bob, cleo, dan] = seed.students;
    expect(rows.slice(2)).toEqual([
      // A cell that starts like a formula is written as text.
      ["'=Cleo", '', 'S003', cleo.email, '', String(seed.wrongPoints)],
      ['Ada Lovelace', '', 'S001', ada.email, '', '10'],
      ['Bob Kahn', '', 'S002', bob.email, '', '9'],
      // Nothing counts yet: an empty cell leaves the grade in Canvas as it is.
      ['Dan <b>Bold</b>', '', '', dan.email, '', ''],
    ]);
  });

  it('writes the Moodle import columns, matched on ID number or email address', async () => {
    const { rows } = await csv('moodle');
    expect(rows[0]).toEqual(['Full name', 'ID number', 'Email address', `${seed.exerciseTitle} (http-request-parser)`]);
    expect(rows[2]).toEqual(['Ada Lovelace', 'S001', seed.students[0].email, '10']);
    expect(rows).toHaveLength(5);
  });

  it('refuses an unknown format with 400', async () => {
    const response = await (await signedIn(seed.instructor)).get(`${gradebookUrl()}.csv?format=xls`);
    expect(response.statusCode).toBe(400);
  });

  it('refuses a student with 403', async () => {
    expect((await (await signedIn(seed.students[1])).get(`${gradebookUrl()}.csv`)).statusCode).toBe(403);
  });
});

describe('GET /api/courses/:courseSlug/gradebook', () => {
  it("gives each student's counted cell as JSON to a bearer token of the staff", async () => {
    const token = await createTokenFor(testApp.app, seed.ta.id);
    const response = await testApp.app.inject({ url: `/api${gradebookUrl()}`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.maxTotal).toBe(10);
    expect(body.assignments[0]).toMatchObject({ exercise: 'http-request-parser', points: 10 });
    const bob = body.students.find((student: { name: string }) => student.name === 'Bob Kahn');
    expect(bob.assignments['http-request-parser']).toMatchObject({
      points: 9,
      status: 'passed',
      attempts: 1,
      late: true,
      daysLate: 1,
      override: null,
      countedSubmissionId: seed.submissionIds.bobLate,
      exerciseVersion: 'a0a0a0a0',
      currentVersion: false,
    });
    const dan = body.students.find((student: { studentNumber: string | null }) => student.studentNumber === null);
    expect(dan.assignments['http-request-parser']).toMatchObject({ points: null, status: 'not-started', attempts: 0 });
  });

  it('sorts and filters with the same query parameters as the page', async () => {
    const token = await createTokenFor(testApp.app, seed.instructor.id);
    const response = await testApp.app.inject({
      url: `/api${gradebookUrl()}?sort=assignment:http-request-parser&order=desc&assignment=http-request-parser&status=passed`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.json().students.map((student: { name: string }) => student.name)).toEqual(['Ada Lovelace', 'Bob Kahn']);
  });

  it('answers a student token with 403 and an outsider with 404', async () => {
    const studentToken = await createTokenFor(testApp.app, seed.students[2].id);
    expect((await testApp.app.inject({ url: `/api${gradebookUrl()}`, headers: { authorization: `Bearer ${studentToken}` } })).statusCode).toBe(403);
    const outsider = await createUser(testApp.app);
    const outsiderToken = await createTokenFor(testApp.app, outsider.id);
    const response = await testApp.app.inject({ url: `/api${gradebookUrl()}`, headers: { authorization: `Bearer ${outsiderToken}` } });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NG_ERR_COURSE_NOT_FOUND');
  });
});
