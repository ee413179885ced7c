import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_INSTRUCTOR_EMAIL, DEMO_STUDENT_EMAIL, demoAssignmentDates, formatDemoSeed, randomPassword, seedDemoIfEmpty } from '../../server/demo.js';
import { deadlinesFor, phaseAt } from '../../server/grades/counted-score.js';
import { InjectBrowser } from '../support/inject-browser.js';
import { buildTestApp, createUser, type TestApp } from '../support/test-app.js';

let test: TestApp;
beforeEach(async () => {
  test = await buildTestApp();
});
afterEach(async () => {
  await test.close();
});

describe('seedDemoIfEmpty', () => {
  it('creates the demo course with an instructor and a student enrolled in it', async () => {
    const seed = await seedDemoIfEmpty(test.app.db);
    expect(seed).not.toBeNull();
    const course = await test.app.db.course.findFirstOrThrow({ include: { enrollments: { include: { user: true } } } });
    expect(course.title).toBe('Computer Networking (demo)');
    expect(course.enrollmentCode).toBe(seed!.enrollmentCode);
    const roles = Object.fromEntries(course.enrollments.map((enrollment) => [enrollment.user.email, [enrollment.role, enrollment.user.role]]));
    expect(roles).toEqual({ [DEMO_INSTRUCTOR_EMAIL]: ['instructor', 'instructor'], [DEMO_STUDENT_EMAIL]: ['student', 'student'] });
  });

  it('stores only hashes, and the shown passwords sign in', async () => {
    const seed = (await seedDemoIfEmpty(test.app.db))!;
    for (const account of seed.accounts) {
      const user = await test.app.db.user.findUniqueOrThrow({ where: { email: account.email } });
      expect(user.passwordHash).not.toContain(account.password);
      const response = await new InjectBrowser(test.app).signIn(account.email, account.password);
      expect(response.statusCode).toBe(303);
    }
  });

  it('gives every account a different random password', async () => {
    const [instructor, student] = (await seedDemoIfEmpty(test.app.db))!.accounts;
    expect(instructor!.password).not.toBe(student!.password);
    expect(instructor!.password).toMatch(/^[A-Z2-7]{16}$/);
  });

  it('does nothing when the database already has a user', async () => {
    await createUser(test.app);
    expect(await seedDemoIfEmpty(test.app.db)).toBeNull();
    expect(await test.app.db.course.count()).toBe(0);
  });

  it('does nothing the second time', async () => {
    await seedDemoIfEmpty(test.app.db);
    expect(await seedDemoIfEmpty(test.app.db)).toBeNull();
    expect(await test.app.db.user.count()).toBe(2);
  });
});

describe('the demo assignments', () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const now = new Date('2026-11-25T10:30:00Z');

  it('assigns every exercise in the demo course: the first in its late period, the others due in 3 to 14 days', async () => {
    await seedDemoIfEmpty(test.app.db, now);
    const assignments = await test.app.db.assignment.findMany({ include: { exercise: true }, orderBy: { dueAt: 'asc' } });
    expect(assignments.map((assignment) => assignment.exercise.slug).sort()).toEqual(test.app.exercises.all().map((exercise) => exercise.slug).sort());
    const [first, ...rest] = assignments;
    expect(phaseAt(deadlinesFor(first!), now)).toBe('late');
    expect(first!.latePolicy).toBe('percent-per-day');
    for (const assignment of rest) {
      expect(phaseAt(deadlinesFor(assignment), now)).toBe('open');
      const days = (assignment.dueAt.getTime() - now.getTime()) / DAY_MS;
      expect(days).toBeGreaterThanOrEqual(2.9);
      expect(days).toBeLessThanOrEqual(14);
    }
  });

  it('spreads the upcoming due dates from 3 to 14 days ahead', () => {
    const days = [1, 2, 3, 4].map((index) => (demoAssignmentDates(index, 5, now).dueAt.getTime() - new Date('2026-11-25T10:00:00Z').getTime()) / DAY_MS);
    expect(days).toEqual([3, 7, 10, 14]);
    expect(demoAssignmentDates(1, 2, now).dueAt.getTime() - new Date('2026-11-25T10:00:00Z').getTime()).toBe(3 * DAY_MS);
  });
});

describe('formatDemoSeed', () => {
  it('boxes the course, both emails and both passwords', async () => {
    const seed = (await seedDemoIfEmpty(test.app.db))!;
    const box = formatDemoSeed(seed);
    const lines = box.split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    for (const account of seed.accounts) expect(box).toMatch(new RegExp(`${account.email} +password: ${account.password}`));
    expect(box).toContain(seed.enrollmentCode);
  });
});

describe('randomPassword', () => {
  it('draws from the base32 alphabet', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => randomPassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[A-Z2-7]{16}$/);
  });
});
