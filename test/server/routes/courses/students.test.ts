import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGradebook, type GradebookSeed } from '../../../support/gradebook-seed.js';
import { HeldGrader } from '../../../support/held-grader.js';
import { csrfTokenIn, InjectBrowser } from '../../../support/inject-browser.js';
import { EXERCISES_DIR } from '../../../support/solutions.js';
import { buildTestApp, type TestApp } from '../../../support/test-app.js';

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

const studentUrl = (userId: string) => `/courses/${seed.courseSlug}/students/${userId}`;

async function postOverride(browser: InjectBrowser, userId: string, action: 'overrides' | 'overrides/remove', fields: Record<string, string>) {
  const _csrf = csrfTokenIn((await browser.get('/account/tokens')).body);
  return browser.postForm(`${studentUrl(userId)}/${action}`, { _csrf, assignment: seed.assignmentId, ...fields });
}

const auditRows = (userId: string) =>
  testApp.app.db.auditEvent.findMany({ where: { courseId: seed.courseId, subjectUserId: userId }, orderBy: { createdAt: 'asc' } });

beforeAll(async () => {
  testApp = await buildTestApp({ grader: new HeldGrader(EXERCISES_DIR) });
  seed = await seedGradebook(testApp.app);
}, 120_000);

afterAll(async () => {
  await testApp?.close();
});

describe('GET /courses/:courseSlug/students/:userId', () => {
  it('shows how the counted score came about, every submission with its version, and a timeline', async () => {
    const [, bob] = seed.students;
    const page = await (await signedIn(seed.instructor)).get(studentUrl(bob.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Bob Kahn</h1>');
    expect(page.body).toMatch(/<strong>late<\/strong> by 1 day\(s\): 90% kept/);
    expect(page.body).toContain('Version <code>a0a0a0a0</code> (older than the current version)');
    expect(page.body).toContain(`href="/submissions/${seed.submissionIds.bobLate}"`);
    expect(page.body).toContain('<ol class="timeline">');
  });

  it('shows the extension a student has', async () => {
    const [, , , dan] = seed.students;
    await testApp.app.db.extension.create({
      data: { assignmentId: seed.assignmentId, userId: dan.id, dueAt: new Date('2026-03-20T23:59:00Z'), lateUntil: null, reason: 'medical leave' },
    });
    const page = await (await signedIn(seed.ta)).get(studentUrl(dan.id));
    expect(page.body).toContain('<strong>Extension</strong>: due 2026-03-20 23:59 UTC');
    expect(page.body).toContain('medical leave');
  });

  it('refuses a student with 403, another course\'s instructor with 404, and a non-student with 404', async () => {
    const [ada, bob] = seed.students;
    expect((await (await signedIn(ada)).get(studentUrl(bob.id))).statusCode).toBe(403);
    expect((await (await signedIn(seed.otherInstructor)).get(studentUrl(bob.id))).statusCode).toBe(404);
    expect((await (await signedIn(seed.instructor)).get(studentUrl(seed.ta.id))).statusCode).toBe(404);
  });
});

describe('POST /courses/:courseSlug/students/:userId/overrides', () => {
  it('sets a manual score with its reason, counts it, and writes an audit event with before and after', async () => {
    const [, , cleo] = seed.students;
    const ta = await signedIn(seed.ta);
    const response = await postOverride(ta, cleo.id, 'overrides', { score: '7.5', reason: 'Parser was right; vector misread' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(studentUrl(cleo.id));

    const override = await testApp.app.db.gradeOverride.findUniqueOrThrow({ where: { assignmentId_userId: { assignmentId: seed.assignmentId, userId: cleo.id } } });
    expect(override).toMatchObject({ score: 7.5, reason: 'Parser was right; vector misread', createdById: seed.ta.id });
    const [event] = await auditRows(cleo.id);
    expect(event).toMatchObject({ kind: 'override', actorId: seed.ta.id, assignmentId: seed.assignmentId, reason: 'Parser was right; vector misread' });
    expect(JSON.parse(event!.detailJson)).toEqual({ before: null, after: { score: 7.5, reason: 'Parser was right; vector misread' } });

    const gradebook = await ta.get(`/courses/${seed.courseSlug}/gradebook?q=cleo`);
    expect(gradebook.body).toMatch(/<strong>7\.5<\/strong>\s*<span class="badge" title="Manual score: Parser was right; vector misread">override<\/span>/);
  });

  it('changes a manual score, keeping the old one in the audit event', async () => {
    const [, , cleo] = seed.students;
    const response = await postOverride(await signedIn(seed.instructor), cleo.id, 'overrides', { score: '8', reason: 'Second look' });
    expect(response.statusCode).toBe(303);
    const events = await auditRows(cleo.id);
    expect(JSON.parse(events.at(-1)!.detailJson)).toEqual({ before: { score: 7.5, reason: 'Parser was right; vector misread' }, after: { score: 8, reason: 'Second look' } });
  });

  it('removes a manual score with a reason, and the computed score counts again', async () => {
    const [, , cleo] = seed.students;
    const instructor = await signedIn(seed.instructor);
    const response = await postOverride(instructor, cleo.id, 'overrides/remove', { reason: 'Student accepted the computed score' });
    expect(response.statusCode).toBe(303);
    expect(await testApp.app.db.gradeOverride.count({ where: { userId: cleo.id } })).toBe(0);
    const event = (await auditRows(cleo.id)).at(-1)!;
    expect(event.kind).toBe('override-removed');
    expect(JSON.parse(event.detailJson)).toEqual({ before: { score: 8, reason: 'Second look' }, after: null });
    const page = await instructor.get(studentUrl(cleo.id));
    expect(page.body).toContain(`<strong>${seed.wrongPoints}</strong> / 10`);
    expect(page.body).toContain('Manual score 8 removed on');
    expect(page.body).toContain('Manual score 7.5 set on');
  });

  it('refuses a manual score without a reason, or out of range, storing nothing', async () => {
    const [ada] = seed.students;
    const instructor = await signedIn(seed.instructor);
    const noReason = await postOverride(instructor, ada.id, 'overrides', { score: '5', reason: '   ' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('Give a reason');
    const tooHigh = await postOverride(instructor, ada.id, 'overrides', { score: '11', reason: 'bonus' });
    expect(tooHigh.statusCode).toBe(422);
    expect(tooHigh.body).toContain('from 0 to 10');
    const notANumber = await postOverride(instructor, ada.id, 'overrides', { score: 'ten', reason: 'bonus' });
    expect(notANumber.statusCode).toBe(422);
    expect(await testApp.app.db.gradeOverride.count({ where: { userId: ada.id } })).toBe(0);
    expect(await auditRows(ada.id)).toHaveLength(0);
  });

  it('answers removing a manual score that does not exist with 404', async () => {
    const [ada] = seed.students;
    const response = await postOverride(await signedIn(seed.instructor), ada.id, 'overrides/remove', { reason: 'nothing there' });
    expect(response.statusCode).toBe(404);
  });

  it('refuses a student with 403 and stores nothing', async () => {
    const [ada, bob] = seed.students;
    const response = await postOverride(await signedIn(ada), bob.id, 'overrides', { score: '0', reason: 'sabotage' });
    expect(response.statusCode).toBe(403);
    expect(await testApp.app.db.gradeOverride.count({ where: { userId: bob.id } })).toBe(0);
  });
});

describe('GET /submissions/:id for course staff', () => {
  it("opens a student's submission for the course's staff, hidden tests named in full", async () => {
    const hidden = seed.wrong.result.tests.filter((test) => test.visibility === 'hidden');
    expect(hidden.length).toBeGreaterThan(0);
    const page = await (await signedIn(seed.ta)).get(`/submissions/${seed.submissionIds.cleoWrong}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<code>${hidden[0]!.source} (hidden test)</code>`);
    expect(page.body).not.toContain('Hidden test 1');
  });

  it('shows the author hidden tests as passed or failed only', async () => {
    const hidden = seed.wrong.result.tests.filter((test) => test.visibility === 'hidden');
    const page = await (await signedIn(seed.students[2])).get(`/submissions/${seed.submissionIds.cleoWrong}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Hidden test 1');
    expect(page.body).not.toContain(`${hidden[0]!.source} (hidden test)`);
  });

  it('answers staff of a course that does not assign the exercise, and other students, with 404', async () => {
    // The other course has Ada as a student but does not assign the exercise.
    expect((await (await signedIn(seed.otherInstructor)).get(`/submissions/${seed.submissionIds.adaFull}`)).statusCode).toBe(404);
    expect((await (await signedIn(seed.students[1])).get(`/submissions/${seed.submissionIds.adaFull}`)).statusCode).toBe(404);
  });
});
