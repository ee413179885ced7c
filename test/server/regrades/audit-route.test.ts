/** GET /courses/:courseSlug/audit: the course's audit trail for its staff, newest first, filtered and paginated. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCourse } from '../../support/accounts.js';
import { buildTestApp, createUser, type TestApp } from '../../support/test-app.js';
import { copyExercise, courseWithStaff, enroll, InProcessGrader, signedIn, type CourseWithStaff } from './regrade-fixtures.js';

let exercises: Awaited<ReturnType<typeof copyExercise>>;
let testApp: TestApp;
let course: CourseWithStaff;

beforeEach(async () => {
  exercises = await copyExercise();
  testApp = await buildTestApp({ env: { NETGRADE_EXERCISES_DIR: exercises.exercisesDir }, grader: new InProcessGrader(exercises.exercisesDir) });
  course = await courseWithStaff(testApp.app);
});

afterEach(async () => {
  await testApp.close();
  await exercises.remove();
});

async function event(kind: string, minutesAgo: number, fields: { subjectUserId?: string; reason?: string; detail?: unknown } = {}) {
  await testApp.app.db.auditEvent.create({
    data: {
      courseId: course.courseId,
      actorId: course.instructor.id,
      kind,
      subjectUserId: fields.subjectUserId ?? null,
      reason: fields.reason ?? null,
      detailJson: JSON.stringify(fields.detail ?? {}),
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
    },
  });
}

const kindsIn = (html: string) => [...html.matchAll(/data-audit-kind="([^"]+)"/g)].map((match) => match[1]);

describe('GET /courses/:courseSlug/audit', () => {
  it('lists events newest first with actor, student, reason and before → after', async () => {
    const [student] = course.students;
    await event('extension', 30, { subjectUserId: student!.id, reason: 'Was ill', detail: { before: { dueAt: '2026-12-01' }, after: { dueAt: '2026-12-08' } } });
    await event('override', 10, { subjectUserId: student!.id, reason: 'Oral exam', detail: { before: { score: 40 }, after: { score: 55 } } });
    const page = await (await signedIn(testApp.app, course.instructor)).get(`/courses/${course.slug}/audit`);
    expect(page.statusCode).toBe(200);
    expect(kindsIn(page.body)).toEqual(['override', 'extension']);
    expect(page.body).toContain('score: 40 → score: 55');
    expect(page.body).toContain('dueAt: 2026-12-01 → dueAt: 2026-12-08');
    expect(page.body).toContain('Oral exam');
    expect(page.body).toContain(course.instructor.name);
    expect(page.body).toContain(student!.name);
  });

  it('filters by kind and by student', async () => {
    const [first, second] = course.students;
    await event('override', 3, { subjectUserId: first!.id });
    await event('extension', 2, { subjectUserId: first!.id });
    await event('override', 1, { subjectUserId: second!.id });
    const browser = await signedIn(testApp.app, course.instructor);
    expect(kindsIn((await browser.get(`/courses/${course.slug}/audit?kind=override`)).body)).toEqual(['override', 'override']);
    const ofFirst = await browser.get(`/courses/${course.slug}/audit?student=${first!.id}`);
    expect(kindsIn(ofFirst.body)).toEqual(['extension', 'override']);
    expect(kindsIn((await browser.get(`/courses/${course.slug}/audit?kind=override&student=${second!.id}`)).body)).toEqual(['override']);
  });

  it('shows 50 events a page and links to the older ones', async () => {
    for (let index = 0; index < 51; index += 1) await event(index === 0 ? 'role' : 'override', 100 - index);
    const browser = await signedIn(testApp.app, course.instructor);
    const first = await browser.get(`/courses/${course.slug}/audit`);
    expect(kindsIn(first.body)).toHaveLength(50);
    expect(first.body).toContain('page 1 of 2');
    expect(first.body).toContain('href="?page=2" rel="next"');
    const second = await browser.get(`/courses/${course.slug}/audit?page=2`);
    expect(kindsIn(second.body)).toEqual(['role']);
    expect(second.body).toContain('rel="prev"');
  });

  it('lets TAs read the trail, answers 403 to students and 404 to staff of another course', async () => {
    await event('override', 1);
    expect((await (await signedIn(testApp.app, course.ta)).get(`/courses/${course.slug}/audit`)).statusCode).toBe(200);
    expect((await (await signedIn(testApp.app, course.students[0]!)).get(`/courses/${course.slug}/audit`)).statusCode).toBe(403);
    const other = await createCourse(testApp.app);
    const outsider = await createUser(testApp.app);
    await enroll(testApp.app, other.id, outsider.id, 'instructor');
    expect((await (await signedIn(testApp.app, outsider)).get(`/courses/${course.slug}/audit`)).statusCode).toBe(404);
  });
});
