import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadlinesFor, phaseAt } from '../../../server/grades/counted-score.js';
import { createTokenFor } from '../../support/accounts.js';
import { courseWithRoles, signedIn, type CourseWithRoles } from '../../support/course-roles.js';
import type { InjectBrowser } from '../../support/inject-browser.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

let test: TestApp;
let roles: CourseWithRoles;
let ta: InjectBrowser;
let assignmentId: string;
let pageUrl: string;
beforeEach(async () => {
  test = await buildTestApp();
  roles = await courseWithRoles(test.app);
  await test.app.db.course.update({ where: { id: roles.course.id }, data: { timeZone: 'America/New_York' } });
  const exercise = await test.app.db.exercise.findFirstOrThrow({ orderBy: { slug: 'asc' } });
  assignmentId = (
    await test.app.db.assignment.create({
      data: { courseId: roles.course.id, exerciseId: exercise.id, dueAt: new Date('2026-03-06T04:59:00Z'), lateUntil: new Date('2026-03-07T04:59:00Z') },
    })
  ).id;
  pageUrl = `/courses/${roles.course.slug}/assignments/${assignmentId}/extensions`;
  ta = await signedIn(test.app, roles.ta);
});
afterEach(async () => {
  await test.close();
});

const extensionOf = (userId: string) => test.app.db.extension.findUnique({ where: { assignmentId_userId: { assignmentId, userId } } });

describe('GET …/extensions', () => {
  it('shows the assignment dates in the course zone and a form prefilled with them, listing the students', async () => {
    const response = await ta.get(pageUrl);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Due 2026-03-05 23:59 (America/New_York)');
    expect(response.body).toContain('value="2026-03-05T23:59"');
    expect(response.body).toContain(`<option value="${roles.student.id}"`);
    expect(response.body).not.toContain(`<option value="${roles.ta.id}"`);
    expect(response.body).toContain('No student has an extension.');
  });
});

describe('POST …/extensions', () => {
  it('grants an extension across the DST change, lets the counted score use it, and records it', async () => {
    // New York moves its clocks forward on 2026-03-08: 23:59 that night is UTC-4, not UTC-5.
    const response = await ta.postForm(pageUrl, { _csrf: await ta.csrfToken(pageUrl), userId: roles.student.id, dueAt: '2026-03-09T23:59', lateUntil: '', reason: 'medical note' });
    expect(response.statusCode).toBe(303);
    const extension = (await extensionOf(roles.student.id))!;
    expect(extension.dueAt.toISOString()).toBe('2026-03-10T03:59:00.000Z');
    expect(extension).toMatchObject({ lateUntil: null, reason: 'medical note', grantedById: roles.ta.id });

    const assignment = await test.app.db.assignment.findUniqueOrThrow({ where: { id: assignmentId } });
    const deadlines = deadlinesFor(assignment, extension);
    expect(phaseAt(deadlines, new Date('2026-03-09T12:00:00Z'))).toBe('open');
    expect(phaseAt(deadlines, new Date('2026-03-10T04:00:00Z'))).toBe('closed');

    const event = await test.app.db.auditEvent.findFirstOrThrow({ where: { kind: 'extension' } });
    expect(event).toMatchObject({ actorId: roles.ta.id, subjectUserId: roles.student.id, assignmentId, reason: 'medical note' });
    expect(JSON.parse(event.detailJson)).toEqual({ before: null, after: { dueAt: '2026-03-10T03:59:00.000Z', lateUntil: null } });

    const page = await ta.get(pageUrl);
    expect(page.body).toContain('2026-03-09 23:59 (America/New_York)');
    expect(page.body).toContain('medical note');
  });

  it('changes an existing extension, recording the dates before and after', async () => {
    const _csrf = await ta.csrfToken(pageUrl);
    await ta.postForm(pageUrl, { _csrf, userId: roles.student.id, dueAt: '2026-03-09T23:59', lateUntil: '', reason: 'first' });
    await ta.postForm(pageUrl, { _csrf, userId: roles.student.id, dueAt: '2026-03-12T12:00', lateUntil: '2026-03-13T12:00', reason: 'longer' });
    expect(await test.app.db.extension.count()).toBe(1);
    const events = await test.app.db.auditEvent.findMany({ where: { kind: 'extension' }, orderBy: { createdAt: 'asc' } });
    expect(JSON.parse(events[1]!.detailJson)).toEqual({
      before: { dueAt: '2026-03-10T03:59:00.000Z', lateUntil: null },
      after: { dueAt: '2026-03-12T16:00:00.000Z', lateUntil: '2026-03-13T16:00:00.000Z' },
    });
  });

  it.each([
    [{ reason: '  ' }, 422, 'Give a reason'],
    [{ lateUntil: '2026-03-09T00:00' }, 422, 'The end of the late period must be after the due date.'],
    [{ dueAt: 'soon' }, 422, 'Enter the new due date as a date and time'],
  ])('refuses %o', async (fields, status, message) => {
    const response = await ta.postForm(pageUrl, { _csrf: await ta.csrfToken(pageUrl), userId: roles.student.id, dueAt: '2026-03-09T23:59', lateUntil: '', reason: 'ok', ...fields });
    expect(response.statusCode).toBe(status);
    expect(response.body).toContain(message);
    expect(await test.app.db.extension.count()).toBe(0);
  });

  it('refuses an extension for someone who is not a student of the course', async () => {
    const _csrf = await ta.csrfToken(pageUrl);
    for (const userId of [roles.ta.id, roles.otherInstructor.id, 'nobody']) {
      expect((await ta.postForm(pageUrl, { _csrf, userId, dueAt: '2026-03-09T23:59', lateUntil: '', reason: 'x' })).statusCode).toBe(404);
    }
    expect(await test.app.db.extension.count()).toBe(0);
  });
});

describe('POST …/extensions/:userId/remove', () => {
  it('withdraws the extension with a reason and records it', async () => {
    const _csrf = await ta.csrfToken(pageUrl);
    await ta.postForm(pageUrl, { _csrf, userId: roles.student.id, dueAt: '2026-03-09T23:59', lateUntil: '', reason: 'first' });
    expect((await ta.postForm(`${pageUrl}/${roles.student.id}/remove`, { _csrf, reason: '' })).statusCode).toBe(422);
    expect(await extensionOf(roles.student.id)).not.toBeNull();
    expect((await ta.postForm(`${pageUrl}/${roles.student.id}/remove`, { _csrf, reason: 'granted by mistake' })).statusCode).toBe(303);
    expect(await extensionOf(roles.student.id)).toBeNull();
    const event = await test.app.db.auditEvent.findFirstOrThrow({ where: { reason: 'granted by mistake' } });
    expect(JSON.parse(event.detailJson).after).toBeNull();
    expect((await ta.postForm(`${pageUrl}/${roles.student.id}/remove`, { _csrf, reason: 'again' })).statusCode).toBe(404);
  });
});

describe('/api/…/extensions', () => {
  it('grants, lists and withdraws with a token', async () => {
    const headers = { authorization: `Bearer ${await createTokenFor(test.app, roles.ta.id)}` };
    const api = `/api${pageUrl}`;
    const granted = await test.app.inject({ method: 'PUT', url: `${api}/${roles.student.id}`, headers, payload: { dueAt: '2026-03-10T12:00:00Z', lateUntil: '2026-03-11T12:00:00Z', reason: 'api' } });
    expect(granted.statusCode).toBe(200);
    expect(granted.json().extensions).toEqual([
      { userId: roles.student.id, name: 'Sara Student', email: roles.student.email, dueAt: '2026-03-10T12:00:00.000Z', lateUntil: '2026-03-11T12:00:00.000Z', reason: 'api' },
    ]);
    const missingReason = await test.app.inject({ method: 'DELETE', url: `${api}/${roles.student.id}?reason=`, headers });
    expect(missingReason.statusCode).toBe(422);
    const withdrawn = await test.app.inject({ method: 'DELETE', url: `${api}/${roles.student.id}?reason=done`, headers });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().extensions).toEqual([]);
  });
});
