import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenFor } from '../../support/accounts.js';
import { courseWithRoles, signedIn, type CourseWithRoles } from '../../support/course-roles.js';
import type { InjectBrowser } from '../../support/inject-browser.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../support/test-app.js';

let test: TestApp;
let roles: CourseWithRoles;
let browser: InjectBrowser;
let rosterUrl: string;
let registered: TestUser;
beforeEach(async () => {
  test = await buildTestApp();
  roles = await courseWithRoles(test.app);
  browser = await signedIn(test.app, roles.instructor);
  rosterUrl = `/courses/${roles.course.slug}/roster`;
  registered = await createUser(test.app, { email: 'has.account@example.org', name: 'Has Account' });
});
afterEach(async () => {
  await test.close();
});

const ROSTER = [
  '\uFEFFName,Email,SIS User ID',
  'Has Account,Has.Account@example.org,1001',
  `Sara Student,${'' /* filled in below */}`,
  'New Person,new.person@example.org,1003',
  '=HYPERLINK("http://evil"),formula@example.org,1004',
  'Broken Row,not-an-email,1005',
].join('\r\n');

function rosterText(): string {
  return ROSTER.replace('Sara Student,', `Sara Student,${roles.student.email},S-001`);
}

async function upload(text: string, asFile = true) {
  const form = new FormData();
  form.set('_csrf', await browser.csrfToken(rosterUrl));
  if (asFile) form.set('file', new File([text], 'roster.csv', { type: 'text/csv' }));
  else {
    form.set('file', new File([], '', { type: 'application/octet-stream' }));
    form.set('csv', text);
  }
  return browser.postMultipart(`${rosterUrl}/preview`, form);
}

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function hiddenCsv(html: string): string {
  const match = /<input type="hidden" name="csv" value="([^"]*)">/.exec(html);
  if (!match) throw new Error('the preview has no confirm form');
  return unescapeHtml(match[1]!);
}

describe('GET /courses/:courseSlug/roster', () => {
  it('offers an upload and a paste box, and says that no mail is sent', async () => {
    const response = await browser.get(rosterUrl);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('enctype="multipart/form-data"');
    expect(response.body).toContain('<label for="roster-file">');
    expect(response.body).toContain('this service sends no email');
  });
});

describe('POST /courses/:courseSlug/roster/preview', () => {
  it('sorts the rows into enroll, invite, already member and invalid, and changes nothing', async () => {
    const response = await upload(rosterText());
    expect(response.statusCode).toBe(200);
    const section = (id: string) => response.body.slice(response.body.indexOf(`id="${id}"`), response.body.indexOf('</table>', response.body.indexOf(`id="${id}"`)));
    expect(section('rows-to-enroll')).toContain('has.account@example.org');
    expect(section('rows-to-invite')).toContain('new.person@example.org');
    expect(section('rows-to-invite')).toContain('formula@example.org');
    expect(section('rows-already-members')).toContain(roles.student.email);
    expect(section('invalid-rows')).toMatch(/<td>6<\/td><td>&quot;not-an-email&quot; is not an email address<\/td>/);
    expect(response.body).toContain('Enroll 1 and invite 2');
    expect(await test.app.db.enrollment.count({ where: { userId: registered.id } })).toBe(0);
    expect(await test.app.db.invitation.count()).toBe(0);
  });

  it('reads pasted rows when no file is chosen', async () => {
    const response = await upload('Pasted Person,pasted@example.org,77', false);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('pasted@example.org');
  });

  it('explains an empty roster and one that is not CSV', async () => {
    expect((await upload('\n\n', false)).statusCode).toBe(422);
    const broken = await upload('name,email\n"Ada,ada@example.org\n');
    expect(broken.statusCode).toBe(422);
    expect(broken.body).toContain('The roster could not be read');
  });
});

describe('POST /courses/:courseSlug/roster', () => {
  it('enrolls existing accounts with their student id, invites the others once, and offers the links as CSV', async () => {
    const preview = await upload(rosterText());
    const csv = hiddenCsv(preview.body);
    const response = await browser.postForm(rosterUrl, { _csrf: await browser.csrfToken(rosterUrl), csv });
    expect(response.statusCode).toBe(200);

    const enrollment = await test.app.db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: registered.id, courseId: roles.course.id } } });
    expect(enrollment).toMatchObject({ role: 'student', studentNumber: '1001' });
    const invitations = await test.app.db.invitation.findMany({ where: { courseId: roles.course.id }, orderBy: { email: 'asc' } });
    expect(invitations.map((invitation) => [invitation.email, invitation.role])).toEqual([
      ['formula@example.org', 'student'],
      ['new.person@example.org', 'student'],
    ]);

    const links = [...response.body.matchAll(/<code>(http:\/\/[^<]+\/invitations\/ngi_[^<]+)<\/code>/g)].map((match) => match[1]);
    expect(links).toHaveLength(2);
    const href = /href="data:text\/csv;charset=utf-8,([^"]+)" download="invitations-/.exec(response.body)![1]!;
    const download = decodeURIComponent(unescapeHtml(href));
    const lines = download.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,email,link');
    expect(lines).toHaveLength(3);
    for (const link of links) expect(download).toContain(`,${link}\r\n`);
    expect(download).toMatch(/^New Person,new\.person@example\.org,http/m);
    // A name a spreadsheet would run as a formula is made inert.
    expect(download).toContain(`"'=HYPERLINK(""http://evil"")",formula@example.org,`);
    expect(response.body).toContain('This service sends no email');
  });

  it('adds nothing when the same file is imported twice', async () => {
    const csv = rosterText();
    await browser.postForm(rosterUrl, { _csrf: await browser.csrfToken(rosterUrl), csv });
    const counts = async () => [await test.app.db.enrollment.count(), await test.app.db.invitation.count()];
    const before = await counts();
    const again = await browser.postForm(rosterUrl, { _csrf: await browser.csrfToken(rosterUrl), csv });
    expect(again.statusCode).toBe(200);
    expect(await counts()).toEqual(before);
    expect(again.body).not.toContain('/invitations/ngi_');

    const preview = await upload(csv);
    expect(preview.body).toContain('Enroll 0 and invite 0');
    expect(preview.body).toMatch(/Already invited: left as they are \(2\)/);
  });
});

describe('/api/courses/:courseSlug/roster', () => {
  it('previews and imports JSON, returning the links only on import', async () => {
    const headers = { authorization: `Bearer ${await createTokenFor(test.app, roles.instructor.id)}` };
    const csv = rosterText();
    const preview = await test.app.inject({ method: 'POST', url: `/api${rosterUrl}/preview`, headers, payload: { csv } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ toEnroll: [{ email: 'has.account@example.org', line: 2 }], alreadyMembers: [{ email: roles.student.email }], invalid: [{ line: 6 }] });
    expect(preview.json()).not.toHaveProperty('invited');

    const imported = await test.app.inject({ method: 'POST', url: `/api${rosterUrl}`, headers, payload: { csv } });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().invited.map((row: { email: string }) => row.email).sort()).toEqual(['formula@example.org', 'new.person@example.org']);

    const empty = await test.app.inject({ method: 'POST', url: `/api${rosterUrl}`, headers, payload: { csv: ' ' } });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().code).toBe('NG_ERR_ROSTER_EMPTY');
  });
});
