import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../support/accounts.js';
import { courseWithRoles, signedIn, type CourseWithRoles } from '../../support/course-roles.js';
import type { InjectBrowser } from '../../support/inject-browser.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

let test: TestApp;
let roles: CourseWithRoles;
let browser: InjectBrowser;
let listUrl: string;
let slugs: string[];
beforeEach(async () => {
  test = await buildTestApp();
  roles = await courseWithRoles(test.app);
  await test.app.db.course.update({ where: { id: roles.course.id }, data: { timeZone: 'Europe/Madrid' } });
  browser = await signedIn(test.app, roles.instructor);
  listUrl = `/courses/${roles.course.slug}/assignments`;
  slugs = test.app.exercises.all().map((exercise) => exercise.slug);
});
afterEach(async () => {
  await test.close();
});

const VALID = {
  points: '50',
  opensAt: '2026-03-20T09:00',
  // Due the night Madrid moves its clocks forward (02:00 → 03:00 on 2026-03-29).
  dueAt: '2026-03-29T23:59',
  lateUntil: '2026-04-01T23:59',
  latePolicy: 'percent-per-day',
  latePercent: '10',
  submissionsPerHour: '',
  scoring: 'last',
};

async function create(fields: Record<string, string>) {
  return browser.postForm(listUrl, { _csrf: await browser.csrfToken(`${listUrl}/new`), exercise: slugs[0]!, ...VALID, ...fields });
}

describe('POST /courses/:courseSlug/assignments', () => {
  it('creates the assignment with its dates read in the course time zone, across the DST change', async () => {
    const response = await create({});
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(listUrl);
    const assignment = await test.app.db.assignment.findFirstOrThrow({ where: { courseId: roles.course.id } });
    expect(assignment).toMatchObject({ points: 50, latePolicy: 'percent-per-day', latePercent: 10, submissionsPerHour: null, scoring: 'last' });
    // 09:00 CET (+01:00) before the change; 23:59 CEST (+02:00) after it.
    expect(assignment.opensAt?.toISOString()).toBe('2026-03-20T08:00:00.000Z');
    expect(assignment.dueAt.toISOString()).toBe('2026-03-29T21:59:00.000Z');
    expect(assignment.lateUntil?.toISOString()).toBe('2026-04-01T21:59:00.000Z');

    const list = await browser.get(listUrl);
    expect(list.body).toContain('2026-03-29 23:59 (Europe/Madrid)');
    expect(list.body).toContain('10% off per day late');
    const edit = await browser.get(`${listUrl}/${assignment.id}/edit`);
    expect(edit.body).toContain('value="2026-03-20T09:00"');
    expect(edit.body).toContain('value="2026-03-29T23:59"');
  });

  it('writes the new assignment to the audit trail', async () => {
    await create({});
    const event = await test.app.db.auditEvent.findFirstOrThrow({ where: { kind: 'assignment' } });
    const detail = JSON.parse(event.detailJson);
    expect(detail.before).toBeNull();
    expect(detail.after).toMatchObject({ exercise: slugs[0], dueAt: '2026-03-29T21:59:00.000Z', latePolicy: 'percent-per-day' });
  });

  it.each([
    [{ dueAt: '2026-03-19T09:00' }, 'The due date must be after the opening date.'],
    [{ lateUntil: '2026-03-29T23:00' }, 'The end of the late period must be after the due date.'],
    [{ latePercent: '150' }, 'The late percentage must be a number from 0 to 100.'],
    [{ latePercent: '-1', latePolicy: 'fixed-credit' }, 'The late percentage must be a number from 0 to 100.'],
    [{ dueAt: '' }, 'Enter the due date as a date and time'],
    [{ opensAt: '2026-02-30T10:00' }, 'Enter the opening date as a date and time'],
    [{ points: '0' }, 'Points must be a number greater than 0'],
    [{ submissionsPerHour: '2.5' }, 'Submissions per hour must be a whole number'],
    [{ latePolicy: 'forgive' }, 'Choose a late policy'],
    [{ scoring: 'average' }, 'Choose how the grade is counted'],
  ])('refuses %o with a clear message and keeps the typed values', async (fields, message) => {
    const response = await create(fields);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(message);
    expect(response.body).toContain('role="alert"');
    const typed = { ...VALID, ...fields };
    expect(response.body).toContain(`id="points" name="points" type="number" min="0.01" max="10000" step="any" required value="${typed.points}"`);
    expect(response.body).toContain(`value="${typed.lateUntil}"`);
    expect(await test.app.db.assignment.count()).toBe(0);
  });

  it('refuses an exercise that is already assigned, and an unknown one', async () => {
    expect((await create({})).statusCode).toBe(303);
    const again = await create({});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('is already assigned in this course');
    expect((await create({ exercise: 'no-such-exercise' })).statusCode).toBe(404);
    expect(await test.app.db.assignment.count()).toBe(1);
  });

  it('offers only exercises not yet assigned', async () => {
    await create({});
    const form = await browser.get(`${listUrl}/new`);
    expect(form.body).not.toContain(`<option value="${slugs[0]}"`);
    if (slugs.length > 1) expect(form.body).toContain(`<option value="${slugs[1]}"`);
  });
});

describe('POST /courses/:courseSlug/assignments/:assignmentId', () => {
  it('saves changes and records only the changed fields, before and after, with the reason', async () => {
    await create({});
    const assignment = await test.app.db.assignment.findFirstOrThrow();
    const editUrl = `${listUrl}/${assignment.id}/edit`;
    const response = await browser.postForm(`${listUrl}/${assignment.id}`, { _csrf: await browser.csrfToken(editUrl), ...VALID, dueAt: '2026-03-30T23:59', latePolicy: 'fixed-credit', latePercent: '50', reason: 'server outage' });
    expect(response.statusCode).toBe(303);
    const events = await test.app.db.auditEvent.findMany({ where: { kind: 'assignment', assignmentId: assignment.id }, orderBy: { createdAt: 'asc' } });
    expect(events).toHaveLength(2);
    expect(events[1]!.reason).toBe('server outage');
    expect(JSON.parse(events[1]!.detailJson)).toEqual({
      before: { dueAt: '2026-03-29T21:59:00.000Z', latePolicy: 'percent-per-day', latePercent: 10 },
      after: { dueAt: '2026-03-30T21:59:00.000Z', latePolicy: 'fixed-credit', latePercent: 50 },
    });

    // Saving without a change writes no event.
    await browser.postForm(`${listUrl}/${assignment.id}`, { _csrf: await browser.csrfToken(editUrl), ...VALID, dueAt: '2026-03-30T23:59', latePolicy: 'fixed-credit', latePercent: '50' });
    expect(await test.app.db.auditEvent.count({ where: { assignmentId: assignment.id } })).toBe(2);
  });
});

describe('deleting an assignment', () => {
  it('asks first, then deletes with its extensions and records it', async () => {
    await create({});
    const assignment = await test.app.db.assignment.findFirstOrThrow();
    await test.app.db.extension.create({ data: { assignmentId: assignment.id, userId: roles.student.id, dueAt: new Date(), reason: 'ill' } });
    const confirm = await browser.get(`${listUrl}/${assignment.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('1 extension(s)');
    expect(await test.app.db.assignment.count()).toBe(1);

    const response = await browser.postForm(`${listUrl}/${assignment.id}/delete`, { _csrf: await browser.csrfToken(`${listUrl}/${assignment.id}/delete`), reason: 'wrong exercise' });
    expect(response.statusCode).toBe(303);
    expect(await test.app.db.assignment.count()).toBe(0);
    expect(await test.app.db.extension.count()).toBe(0);
    const event = await test.app.db.auditEvent.findFirstOrThrow({ where: { kind: 'assignment', reason: 'wrong exercise' } });
    expect(JSON.parse(event.detailJson).after).toBeNull();
  });
});

describe('GET /courses/:courseSlug/assignments', () => {
  it('shows a TA the list without edit links', async () => {
    await create({});
    const response = await (await signedIn(test.app, roles.ta)).get(listUrl);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Extensions');
    expect(response.body).not.toContain('/edit"');
    expect(response.body).not.toContain('New assignment');
  });
});

describe('/api/courses/:courseSlug/assignments', () => {
  it('creates, reads, changes and deletes with ISO instants and a token', async () => {
    const headers = { authorization: `Bearer ${await createTokenFor(test.app, roles.instructor.id)}` };
    const api = `/api${listUrl}`;
    const created = await test.app.inject({ method: 'POST', url: api, headers, payload: { exercise: slugs[0], dueAt: '2026-03-29T23:59:00+02:00', lateUntil: null, submissionsPerHour: 5 } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ exercise: slugs[0], points: 100, dueAt: '2026-03-29T21:59:00.000Z', lateUntil: null, latePolicy: 'none', submissionsPerHour: 5, scoring: 'best' });
    const id = created.json().id;

    const list = await test.app.inject({ url: api, headers: { authorization: `Bearer ${await createTokenFor(test.app, roles.ta.id)}` } });
    expect(list.json().assignments.map((row: { id: string }) => row.id)).toEqual([id]);

    const bad = await test.app.inject({ method: 'PUT', url: `${api}/${id}`, headers, payload: { dueAt: '2026-03-29T23:59:00+02:00', lateUntil: '2026-03-28T00:00:00Z' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('NG_ERR_LATE_BEFORE_DUE');

    const changed = await test.app.inject({ method: 'PUT', url: `${api}/${id}`, headers, payload: { dueAt: '2026-04-05T12:00:00Z', latePolicy: 'fixed-credit', latePercent: 60 } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ dueAt: '2026-04-05T12:00:00.000Z', latePolicy: 'fixed-credit', latePercent: 60, submissionsPerHour: null });

    const taken = await test.app.inject({ method: 'POST', url: api, headers, payload: { exercise: slugs[0], dueAt: '2026-04-05T12:00:00Z' } });
    expect(taken.statusCode).toBe(409);

    expect((await test.app.inject({ method: 'DELETE', url: `${api}/${id}`, headers })).statusCode).toBe(204);
    expect((await test.app.inject({ url: `${api}/${id}`, headers })).statusCode).toBe(404);
  });
});
