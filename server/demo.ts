/**
 * The first-start seed: on a database without any user, a demo course with one instructor and
 * one student, so a fresh install can be tried at once. The passwords are random, shown once on
 * stdout, and stored only as hashes. Every exercise the service has is assigned in the demo course
 * with deadlines relative to the moment of seeding: the first one already past due and in its late
 * period, the others due in 3 to 14 days.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { PrismaClient } from './db/generated/client.js';
import { hashPassword } from './passwords.js';

export const DEMO_COURSE = { slug: 'demo', title: 'Computer Networking (demo)' } as const;
export const DEMO_INSTRUCTOR_EMAIL = 'instructor@demo.netgrade.test';
export const DEMO_STUDENT_EMAIL = 'student@demo.netgrade.test';

export interface DemoAccount {
  role: 'instructor' | 'student';
  email: string;
  password: string;
}

export interface DemoSeed {
  courseTitle: string;
  enrollmentCode: string;
  accounts: DemoAccount[];
}

/** RFC 4648 §6 alphabet: no 0/1/8/9, so a password read off a screen is not misread. */
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 16 base32 characters: 80 bits of randomness. */
export function randomPassword(length = 16): string {
  let password = '';
  for (let i = 0; i < length; i += 1) password += BASE32_ALPHABET[randomInt(BASE32_ALPHABET.length)];
  return password;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface DemoAssignmentDates {
  opensAt: Date;
  dueAt: Date;
  lateUntil: Date;
}

/**
 * The demo deadlines of the `index`-th of `count` exercises: the first was due two days ago and
 * takes late work (10% off per day) for five more days; the rest fall due spread over 3 to 14 days.
 */
export function demoAssignmentDates(index: number, count: number, now: Date): DemoAssignmentDates {
  const hour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const opensAt = new Date(hour - 7 * DAY_MS);
  if (index === 0) return { opensAt, dueAt: new Date(hour - 2 * DAY_MS), lateUntil: new Date(hour + 5 * DAY_MS) };
  const upcoming = Math.max(count - 1, 1);
  const days = upcoming === 1 ? 3 : 3 + Math.round(((index - 1) * 11) / (upcoming - 1));
  const dueAt = new Date(hour + days * DAY_MS);
  return { opensAt, dueAt, lateUntil: new Date(dueAt.getTime() + 2 * DAY_MS) };
}

function randomEnrollmentCode(): string {
  return randomBytes(6).toString('hex').toUpperCase();
}

/** Creates the demo course and accounts when there are no users; returns what to show, or null. */
export async function seedDemoIfEmpty(db: PrismaClient, now = new Date()): Promise<DemoSeed | null> {
  if ((await db.user.count()) > 0) return null;
  const accounts: DemoAccount[] = [
    { role: 'instructor', email: DEMO_INSTRUCTOR_EMAIL, password: randomPassword() },
    { role: 'student', email: DEMO_STUDENT_EMAIL, password: randomPassword() },
  ];
  const hashes = await Promise.all(accounts.map((account) => hashPassword(account.password)));
  const enrollmentCode = randomEnrollmentCode();
  await db.$transaction(async (tx) => {
    const course = await tx.course.create({ data: { ...DEMO_COURSE, enrollmentCode } });
    // The exercise rows exist once the app has started (plugins/exercises.ts keeps them in step).
    const exercises = await tx.exercise.findMany({ orderBy: { slug: 'asc' }, select: { id: true } });
    for (const [index, exercise] of exercises.entries()) {
      const dates = demoAssignmentDates(index, exercises.length, now);
      await tx.assignment.create({
        data: { courseId: course.id, exerciseId: exercise.id, ...dates, points: 100, latePolicy: 'percent-per-day', latePercent: 10, scoring: 'best' },
      });
    }
    for (const [i, account] of accounts.entries()) {
      await tx.user.create({
        data: {
          email: account.email,
          name: account.role === 'instructor' ? 'Demo Instructor' : 'Demo Student',
          role: account.role,
          passwordHash: hashes[i]!,
          enrollments: { create: { courseId: course.id, role: account.role } },
        },
      });
    }
  });
  return { courseTitle: DEMO_COURSE.title, enrollmentCode, accounts };
}

/** The seed as a box of text for the terminal. */
export function formatDemoSeed(seed: DemoSeed): string {
  const emailWidth = Math.max(...seed.accounts.map((account) => account.email.length));
  const lines = [
    `Demo course created: ${seed.courseTitle} (enrollment code ${seed.enrollmentCode})`,
    '',
    ...seed.accounts.map((account) => `${account.role.padEnd(10)}  ${account.email.padEnd(emailWidth)}  password: ${account.password}`),
    '',
    'These passwords are shown only this once; they are stored as hashes.',
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return [rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule].join('\n');
}
