import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../support/accounts.js';
import { courseWithRoles, signedIn, type CourseWithRoles } from '../../support/course-roles.js';
import type { InjectBrowser } from '../../support/inject-browser.js';
import { buildTestApp, type TestApp } from '../../support/test-app.js';

let test: TestApp;
let roles: CourseWithRoles;
let browser: InjectBrowser;
let settingsUrl: string;
beforeAll(async () => {
  test = await buildTestApp();
  roles = await courseWithRoles(test.app);
  browser = await signedIn(test.app, roles.instructor);
  settingsUrl = `/courses/${roles.course.slug}/settings`;
});
afterAll(async () => {
  await test.close();
});

const courseRow = () => test.app.db.course.findUniqueOrThrow({ where: { id: roles.course.id } });

describe('GET /courses/:courseSlug/settings', () => {
  it('shows the title, the time zone and the enrollment code', async () => {
    const response = await browser.get(settingsUrl);
    expect(response.statusCode).toBe(200);
    const course = await courseRow();
    expect(response.body).toContain(`value="${course.title}"`);
    expect(response.body).toContain(course.enrollmentCode);
  });
});

describe('POST /courses/:courseSlug/settings', () => {
  it('saves the title and time zone and records the zone change in the audit trail', async () => {
    const response = await browser.postForm(settingsUrl, { _csrf: await browser.csrfToken(settingsUrl), title: 'Redes & Sistemas', timeZone: 'Europe/Madrid' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`${settingsUrl}?saved`);
    expect(await courseRow()).toMatchObject({ title: 'Redes & Sistemas', timeZone: 'Europe/Madrid' });
    const event = await test.app.db.auditEvent.findFirstOrThrow({ where: { courseId: roles.course.id, kind: 'course-settings' } });
    expect(event.actorId).toBe(roles.instructor.id);
    expect(JSON.parse(event.detailJson)).toEqual({ before: { timeZone: 'UTC' }, after: { timeZone: 'Europe/Madrid' } });
    const saved = await browser.get(response.headers.location as string);
    expect(saved.body).toContain('Settings saved.');
    expect(saved.body).toContain('value="Redes &amp; Sistemas"');
  });

  it('refuses an unknown time zone and keeps the course as it was', async () => {
    const before = await courseRow();
    const response = await browser.postForm(settingsUrl, { _csrf: await browser.csrfToken(settingsUrl), title: 'Other', timeZone: 'Europe/Atlantis' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('&quot;Europe/Atlantis&quot; is not a time zone');
    expect(await courseRow()).toEqual(before);
  });
});

describe('POST /courses/:courseSlug/settings/enrollment-code', () => {
  it('replaces the code; the old one no longer signs anyone up', async () => {
    const old = (await courseRow()).enrollmentCode;
    const response = await browser.postForm(`${settingsUrl}/enrollment-code`, { _csrf: await browser.csrfToken(settingsUrl) });
    expect(response.statusCode).toBe(200);
    const fresh = (await courseRow()).enrollmentCode;
    expect(fresh).not.toBe(old);
    expect(response.body).toContain(fresh);
    expect(await test.app.db.course.count({ where: { enrollmentCode: old } })).toBe(0);
  });
});

describe('/api/courses/:courseSlug/settings', () => {
  it('reads and changes the settings with a token', async () => {
    const headers = { authorization: `Bearer ${await createTokenFor(test.app, roles.instructor.id)}` };
    const read = await test.app.inject({ url: `/api${settingsUrl}`, headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ slug: roles.course.slug, enrollmentCode: (await courseRow()).enrollmentCode });

    const changed = await test.app.inject({ method: 'PATCH', url: `/api${settingsUrl}`, headers, payload: { timeZone: 'America/New_York' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().timeZone).toBe('America/New_York');

    const bad = await test.app.inject({ method: 'PATCH', url: `/api${settingsUrl}`, headers, payload: { title: '   ' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('NG_ERR_COURSE_TITLE_REQUIRED');

    const code = await test.app.inject({ method: 'POST', url: `/api${settingsUrl}/enrollment-code`, headers });
    expect(code.statusCode).toBe(200);
    expect(code.json().enrollmentCode).toBe((await courseRow()).enrollmentCode);
  });
});
