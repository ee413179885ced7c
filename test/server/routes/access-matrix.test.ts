/**
 * Access rules for every route of the service, from the table in `access-matrix.ts`: the table
 * must name exactly the routes the app registers; each route refuses everyone its access class
 * shuts out, through the pages (session cookie, CSRF token on posts) and the API (bearer token,
 * and session cookie with the x-csrf-token header), on real rows of a real course; and the users
 * a route is for get in. Then secrecy: no student sees another's code, or any evidence of a test
 * hidden from them.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VectorCase } from '../../../harness/exercises/types.js';
import { showInput, showValue } from '../../../harness/grading/feedback-text.js';
import { createApiToken, revokeApiToken } from '../../../server/api-tokens.js';
import { createInvitation } from '../../../server/invitations.js';
import { createTokenFor } from '../../support/accounts.js';
import { courseWithRoles, enroll, signedIn, type CourseWithRoles } from '../../support/course-roles.js';
import type { InjectBrowser } from '../../support/inject-browser.js';
import { EXERCISE_SLUG, wrongAnswerSolution } from '../../support/solutions.js';
import { buildTestApp, createUser, type TestApp, type TestUser } from '../../support/test-app.js';
import { PARAM_DEFAULTS, refusalFor, ROUTE_ACCESS, VIEWERS, type Refusal, type RouteAccess, type Value, type Viewer } from './access-matrix.js';

/**
 * Every route as fastify announces it to `onRoute` hooks while `buildApp` registers it. `buildApp`
 * returns the app ready, too late for a hook, so the hook goes on each instance `fastify()` creates.
 */
const announced = vi.hoisted(() => [] as { method: string; url: string }[]);
vi.mock('fastify', async (importOriginal) => {
  const fastify = await importOriginal<typeof import('fastify')>();
  const create = fastify.default as unknown as (options?: unknown) => FastifyInstance;
  const recording = (options?: unknown) => {
    const app = create(options);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) announced.push({ method, url: route.url });
    });
    return app;
  };
  return { ...fastify, default: recording };
});

type SignedInViewer = Exclude<Viewer, 'anonymous'>;
/** The student a request is about: `student` (A) or `otherStudent` (B). */
type Subject = 'student' | 'otherStudent';
type Channel = 'page' | 'token' | 'session';

interface Person {
  user: TestUser;
  browser: InjectBrowser;
  csrf: string;
  token: string;
}

interface OwnRows {
  submission: string;
  laterSubmission: string;
  apiToken: string;
}

let test: TestApp;
let app: FastifyInstance;
let roles: CourseWithRoles;
const people = new Map<SignedInViewer, Person>();
const own = new Map<Subject, OwnRows>();
const rows = { assignment: '', regrade: '', invitation: '', revokedToken: '' };
/** In the code of student A's submissions only. */
const MARKER = `marker-${randomBytes(8).toString('hex')}`;
const VIEWER_NAMES = Object.keys(VIEWERS) as Viewer[];
const SIGNED_IN_VIEWERS = VIEWER_NAMES.filter((viewer): viewer is SignedInViewer => viewer !== 'anonymous');
const ROUTES = Object.entries(ROUTE_ACCESS).map(([key, route]) => ({ key, route, ...splitKey(key) }));

function splitKey(key: string): { method: string; path: string } {
  const space = key.indexOf(' ');
  return { method: key.slice(0, space), path: key.slice(space + 1) };
}

function person(viewer: SignedInViewer): Person {
  return people.get(viewer)!;
}

async function submitAsStudentA(code: string): Promise<string> {
  const response = await person('student').browser.submit(EXERCISE_SLUG, { code });
  if (response.statusCode !== 303) throw new Error(`student A's submission was refused: ${response.statusCode}`);
  return String(response.headers.location).split('/').pop()!;
}

async function submitAsStudentB(code: string): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: `/api/exercises/${EXERCISE_SLUG}/submissions`,
    headers: { authorization: `Bearer ${person('otherStudent').token}` },
    payload: { code, filename: 'solution.ts' },
  });
  if (response.statusCode !== 202) throw new Error(`student B's submission was refused: ${response.statusCode} ${response.body}`);
  return (response.json() as { id: string }).id;
}

async function revocableToken(user: TestUser): Promise<string> {
  return (await createApiToken(app.db, user.id, 'old laptop')).id;
}

beforeAll(async () => {
  test = await buildTestApp();
  app = test.app;
  roles = await courseWithRoles(app);
  const otherStudent = await createUser(app, { name: 'Bruno Student' });
  await enroll(app, otherStudent, roles.course.id, 'student', 'S-002');
  const invitee = await createUser(app, { name: 'Ines Invitee' });
  rows.invitation = (await createInvitation(app.db, { courseId: roles.course.id, email: invitee.email, role: 'ta', createdById: roles.instructor.id })).token;
  // Due in a week: every after-due test is still hidden from the students.
  const exercise = app.exercises.find(EXERCISE_SLUG)!;
  rows.assignment = (await app.db.assignment.create({ data: { courseId: roles.course.id, exerciseId: exercise.rowId, dueAt: new Date(Date.now() + 7 * 24 * 3_600_000) } })).id;

  const { instructor, ta, student, outsider, otherInstructor } = roles;
  const users: Record<SignedInViewer, TestUser> = { instructor, ta, student, outsider, otherInstructor, otherStudent, invitee };
  for (const viewer of SIGNED_IN_VIEWERS) {
    const browser = await signedIn(app, users[viewer]);
    people.set(viewer, { user: users[viewer], browser, csrf: await browser.csrfToken('/account/tokens'), token: await createTokenFor(app, users[viewer].id) });
  }
  const revoked = await createApiToken(app.db, roles.instructor.id, 'revoked');
  await revokeApiToken(app.db, roles.instructor.id, revoked.id);
  rows.revokedToken = revoked.token;

  // Wrong answers fail hidden and after-due tests, so their results have something to hide.
  const a1 = await submitAsStudentA(`${wrongAnswerSolution()}\n// ${MARKER}\n`);
  const a2 = await submitAsStudentA(`${wrongAnswerSolution()}\n// ${MARKER}, second try\n`);
  const b1 = await submitAsStudentB(`${wrongAnswerSolution()}\n// Bruno's own\n`);
  const b2 = await submitAsStudentB(`${wrongAnswerSolution()}\n// Bruno's own, second try\n`);
  for (const id of [a1, a2, b1, b2]) await app.grading.waitFor(id, 60_000);
  const ungraded = await app.db.submission.count({ where: { id: { in: [a1, a2, b1, b2] }, status: { not: 'graded' } } });
  if (ungraded > 0) throw new Error(`${ungraded} of the students' submissions were not graded`);
  own.set('student', { submission: a1, laterSubmission: a2, apiToken: await revocableToken(student) });
  own.set('otherStudent', { submission: b1, laterSubmission: b2, apiToken: await revocableToken(otherStudent) });

  // A real regrade, started as an instructor starts one, and finished.
  const { browser, csrf } = person('instructor');
  const started = await browser.postForm(`/courses/${roles.course.slug}/regrades`, { _csrf: csrf, exercise: EXERCISE_SLUG, mode: 'selected', submission: b1 });
  if (started.statusCode !== 303) throw new Error(`the instructor could not start a regrade: ${started.statusCode}`);
  rows.regrade = String(started.headers.location).split('/').pop()!;
  await app.regrades.settled(rows.regrade);
}, 180_000);

afterAll(async () => {
  await test?.close();
});

// --- Requests ------------------------------------------------------------------------------

interface Target {
  /** The student whose rows `:submission`, `:apiToken`, … name. */
  subject?: Subject;
  /** Another course's slug for `:courseSlug`; the other rows stay this course's. */
  courseSlug?: string;
}

function resolve(value: Value, subject: Subject): string {
  if (!value.startsWith(':')) return value;
  const mine = own.get(subject)!;
  const values: Record<string, string> = {
    ':course': roles.course.slug,
    ':assignment': rows.assignment,
    ':exercise': EXERCISE_SLUG,
    ':regrade': rows.regrade,
    ':invitation': rows.invitation,
    ':student': person(subject).user.id,
    ':submission': mine.submission,
    ':laterSubmission': mine.laterSubmission,
    ':apiToken': mine.apiToken,
  };
  const resolved = values[value];
  if (resolved === undefined) throw new Error(`access-matrix.ts names an unknown row ${value}`);
  return resolved;
}

function urlOf(key: string, route: RouteAccess, { subject = 'student', courseSlug }: Target = {}): string {
  const { path } = splitKey(key);
  const filled = path.replace(/:(\w+)|\*/g, (_whole, name: string | undefined) => {
    const param = name ?? '*';
    if (param === 'courseSlug' && courseSlug) return courseSlug;
    const value = route.params?.[param] ?? PARAM_DEFAULTS[param];
    if (value === undefined) throw new Error(`${key}: access-matrix.ts gives no value for the parameter "${param}"`);
    return encodeURIComponent(resolve(value, subject));
  });
  const query = Object.entries(route.query ?? {}).map(([name, value]): [string, string] => [name, resolve(value, subject)]);
  return query.length > 0 ? `${filled}?${new URLSearchParams(query).toString()}` : filled;
}

function bodyOf(route: RouteAccess, subject: Subject): Record<string, unknown> {
  return Object.fromEntries(Object.entries(route.body ?? {}).map(([name, value]) => [name, typeof value === 'string' ? resolve(value, subject) : value]));
}

const isApi = (key: string) => splitKey(key).path.startsWith('/api/');
const channelsOf = (key: string): Channel[] => (isApi(key) ? ['token', 'session'] : ['page']);

interface Sent {
  method: string;
  url: string;
  response: LightMyRequestResponse;
}

interface SendOptions extends Target {
  /** An Authorization header sent instead of the viewer's credentials (the viewer is then anonymous). */
  bearer?: string;
  remoteAddress?: string;
}

/**
 * One request to the route as the viewer: through the page with the session cookie (a post carries
 * the CSRF token), or to the API with the viewer's token, or with the session cookie and the
 * x-csrf-token header.
 */
async function send(key: string, viewer: Viewer, channel: Channel, options: SendOptions = {}): Promise<Sent> {
  const route = ROUTE_ACCESS[key]!;
  const { method } = splitKey(key);
  const subject = options.subject ?? 'student';
  const url = urlOf(key, route, options);
  const headers: Record<string, string> = {};
  const signedInAs = viewer === 'anonymous' ? undefined : person(viewer);
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  else if (signedInAs && channel === 'token') headers.authorization = `Bearer ${signedInAs.token}`;
  else if (signedInAs) headers.cookie = signedInAs.browser.cookieHeader;

  let payload: string | Record<string, unknown> | undefined;
  if (method !== 'GET') {
    const body = bodyOf(route, subject);
    if (channel === 'page') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const fields = Object.entries(body).map(([name, value]): [string, string] => [name, String(value)]);
      if (signedInAs) fields.push(['_csrf', signedInAs.csrf]);
      payload = new URLSearchParams(fields).toString();
    } else {
      if (signedInAs && channel === 'session') headers['x-csrf-token'] = signedInAs.csrf;
      if (route.body) payload = body;
    }
  }
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(payload !== undefined ? { payload } : {}),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
  return { method, url, response };
}

// --- What a refusal looks like -------------------------------------------------------------

function describeRefusal(refusal: Refusal, api: boolean): string {
  if (refusal.kind === 'sign-in') return api ? '401 NG_ERR_SIGN_IN_REQUIRED' : '303 to /sign-in';
  return `${refusal.status} ${refusal.code}`;
}

/** The catalogue code of an error answer: the API's `code`, or the one the error page shows. */
function errorCodeOf(response: LightMyRequestResponse): string | undefined {
  try {
    return (response.json() as { code?: string }).code;
  } catch {
    return /Error code: <code>([A-Z_]+)<\/code>/.exec(response.body)?.[1];
  }
}

function answerOf(response: LightMyRequestResponse): string {
  const location = response.headers.location ? ` to ${String(response.headers.location)}` : '';
  const code = errorCodeOf(response);
  return `${response.statusCode}${location}${code ? ` ${code}` : ''}`;
}

/** What is wrong with the answer to a request the route must refuse; undefined when it is right. */
function refusalProblem({ method, url, response }: Sent, refusal: Refusal, api: boolean): string | undefined {
  const problems: string[] = [];
  if (refusal.kind === 'sign-in' && !api) {
    const expected = method === 'GET' ? `/sign-in?next=${encodeURIComponent(url)}` : '/sign-in';
    if (response.statusCode !== 303 || response.headers.location !== expected) problems.push(`expected 303 to ${expected}`);
  } else {
    const [status, code] = refusal.kind === 'sign-in' ? [401, 'NG_ERR_SIGN_IN_REQUIRED'] : [refusal.status, refusal.code];
    // A form page may answer with itself rather than the error page; then only its status tells.
    const shown = errorCodeOf(response);
    const told = api || shown !== undefined ? shown === code : true;
    if (response.statusCode !== status || !told) problems.push(`expected ${status} ${code}`);
  }
  if (response.body.includes(MARKER)) problems.push("the body holds student A's code");
  // A 404 must not tell whether the course exists.
  if (response.statusCode === 404 && response.body.includes(roles.course.title)) problems.push("the 404 names the course's title");
  return problems.length > 0 ? `${method} ${url}: ${problems.join('; ')}, got ${answerOf(response)}` : undefined;
}

/** Sends the request through each channel (a signed-out visitor has one) and expects the refusal. */
async function expectRefused(key: string, viewer: Viewer, refusal: Refusal, options: SendOptions = {}): Promise<void> {
  const problems: string[] = [];
  for (const channel of viewer === 'anonymous' ? channelsOf(key).slice(0, 1) : channelsOf(key)) {
    const problem = refusalProblem(await send(key, viewer, channel, options), refusal, isApi(key));
    if (problem) problems.push(`as ${VIEWERS[viewer]} through the ${channel}: ${problem}`);
  }
  expect(problems, `${key} let in or answered wrongly`).toEqual([]);
}

// --- The table -----------------------------------------------------------------------------

/** The app's routes as `METHOD path`, without the HEAD routes fastify adds for GET ones. */
function registeredRoutes(): string[] {
  const keys = new Set(announced.map(({ method, url }) => `${method} ${url}`));
  return [...keys]
    .filter((key) => {
      const { method, path } = splitKey(key);
      // fastify adds HEAD to each GET route, and for a prefix's root under both spellings of its path.
      return method !== 'HEAD' || !(keys.has(`GET ${path}`) || keys.has(`GET ${path.replace(/\/$/, '')}`));
    })
    .sort();
}

describe('the route table', () => {
  it('declares the access of every route the app registers', () => {
    const undeclared = registeredRoutes().filter((key) => !(key in ROUTE_ACCESS));
    expect(undeclared, 'declare the access class of these routes in test/server/routes/access-matrix.ts').toEqual([]);
  });

  it('declares no route the app lacks', () => {
    const registered = new Set(registeredRoutes());
    const stale = ROUTES.filter(({ key, method, path }) => !registered.has(key) || !app.hasRoute({ method: method as 'GET', url: path })).map(({ key }) => key);
    expect(stale, 'these routes of access-matrix.ts are not in the app').toEqual([]);
  });
});

// --- Refusals ------------------------------------------------------------------------------

for (const viewer of VIEWER_NAMES) {
  describe(`refusing ${VIEWERS[viewer]}`, () => {
    for (const { key, route } of ROUTES) {
      const refusal = refusalFor(route.access, viewer);
      if (!refusal) continue;
      it(`${key} answers ${describeRefusal(refusal, isApi(key))}`, async () => {
        await expectRefused(key, viewer, refusal);
      });
    }
  });
}

describe('refusing an API token on a page', () => {
  // The pages ignore bearer tokens: a page that needs an account sends the request to sign in.
  for (const { key, route } of ROUTES) {
    if (isApi(key) || refusalFor(route.access, 'anonymous')?.kind !== 'sign-in') continue;
    it(`${key} sends an instructor with only a bearer token to /sign-in`, async () => {
      await expectRefused(key, 'anonymous', { kind: 'sign-in' }, { bearer: person('instructor').token });
    });
  }
});

describe('refusing a revoked API token', () => {
  for (const { key, route } of ROUTES) {
    if (!isApi(key) || route.access === 'public') continue;
    it(`${key} answers 401 NG_ERR_TOKEN_INVALID`, async () => {
      const { method, url, response } = await send(key, 'anonymous', 'token', { bearer: rows.revokedToken });
      expect([response.statusCode, errorCodeOf(response)], `${method} ${url}`).toEqual([401, 'NG_ERR_TOKEN_INVALID']);
    });
  }
});

describe("refusing the instructor of another course this course's rows under their own course's address", () => {
  // Every course route that names a row besides the course: the row must belong to the course in the address.
  for (const { key, path } of ROUTES) {
    if (!/^(\/api)?\/courses\/:courseSlug\/.*:(?!courseSlug)\w+/.test(path)) continue;
    it(`${key} answers 404`, async () => {
      const problems: string[] = [];
      for (const channel of channelsOf(key)) {
        const { method, url, response } = await send(key, 'otherInstructor', channel, { courseSlug: roles.otherCourse.slug });
        if (response.statusCode !== 404 || response.body.includes(MARKER)) problems.push(`${method} ${url} through the ${channel}: got ${answerOf(response)}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('refusing previews of an exercise the course does not assign', () => {
  it('answers 403 to its teaching assistant, on the page and the form', async () => {
    const other = app.exercises.all().find((exercise) => exercise.slug !== EXERCISE_SLUG)!.slug;
    for (const key of ['GET /exercises/:slug/preview', 'POST /exercises/:slug/preview']) {
      const route = { ...ROUTE_ACCESS[key]!, params: { slug: other } };
      const { method } = splitKey(key);
      const ta = person('ta');
      const response = await app.inject({
        method: method as 'GET',
        url: urlOf(key, route),
        headers: { cookie: ta.browser.cookieHeader, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(method === 'POST' ? { payload: new URLSearchParams({ _csrf: ta.csrf }).toString() } : {}),
      });
      expect([response.statusCode, errorCodeOf(response)], `${key} for ${other}`).toEqual([403, 'NG_ERR_PREVIEW_NOT_ALLOWED']);
    }
  });
});

describe('GET /metrics', () => {
  it('answers 404 to every caller not on this machine, whoever they are', async () => {
    for (const viewer of VIEWER_NAMES) {
      const { response } = await send('GET /metrics', viewer, 'page', { remoteAddress: '203.0.113.9' });
      expect(response.statusCode, VIEWERS[viewer]).toBe(404);
      expect(response.body).not.toContain('netgrade_');
    }
  });
});

// --- Who gets in ---------------------------------------------------------------------------

describe('letting in the users a route is for', () => {
  for (const { key, route, method } of ROUTES) {
    if (method !== 'GET') continue;
    const allowed = VIEWER_NAMES.filter((viewer) => refusalFor(route.access, viewer) === undefined);
    const who =
      allowed.length === VIEWER_NAMES.length ? 'everyone' : allowed.length === SIGNED_IN_VIEWERS.length && !allowed.includes('anonymous') ? 'every signed-in user' : allowed.map((viewer) => VIEWERS[viewer]).join(', ');
    it(`${key} lets in ${who}`, async () => {
      const problems: string[] = [];
      for (const viewer of allowed) {
        for (const channel of viewer === 'anonymous' ? channelsOf(key).slice(0, 1) : channelsOf(key)) {
          const { url, response } = await send(key, viewer, channel);
          if (response.statusCode < 200 || response.statusCode >= 400) problems.push(`as ${VIEWERS[viewer]} through the ${channel}: GET ${url} answered ${answerOf(response)}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

// --- Secrecy -------------------------------------------------------------------------------

interface Secret {
  label: string;
  needles: string[];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

/** What a vector's case could be recognized by: as written, and as the grader shows it. */
function vectorForms(vector: VectorCase): [string, string][] {
  return [
    ['name', vector.name],
    ['input', vector.input],
    ['input as shown', showInput(vector.input)],
    ['expected output', JSON.stringify(vector.expected)],
    ['expected output as shown', showValue(vector.expected)],
  ];
}

/**
 * The hidden vectors' names, inputs and expected outputs, and the after-due ones' (their due date
 * has not passed), each as written, HTML-escaped and JSON-escaped. Short strings, and strings the
 * statement, the starter or a public vector also holds, would match innocent text and are left out.
 */
function hiddenEvidence(): Secret[] {
  const { exercise } = app.exercises.find(EXERCISE_SLUG)!;
  const shown = exercise.vectors.filter((vector) => vector.visibility === 'public');
  const publicText = [exercise.title, exercise.summary, exercise.statementMarkdown, exercise.starterSource, ...shown.flatMap((vector) => vectorForms(vector).map(([, text]) => text))].join('\n');
  return exercise.vectors
    .filter((vector) => vector.visibility === 'hidden' || vector.visibility === 'after-due')
    .flatMap((vector) =>
      vectorForms(vector)
        .filter(([, text]) => text.length >= 12 && !publicText.includes(text))
        .map(([field, text]) => ({ label: `${vector.visibility} vector ${vector.id}: its ${field}`, needles: [...new Set([text, escapeHtml(text), JSON.stringify(text).slice(1, -1)])] })),
    );
}

let secrets: Secret[] | undefined;
/** Bodies already searched (many answers are the same bytes), by their SHA-256. */
const scanned = new Map<string, string[]>();

/** The labels of the hidden evidence the body holds. */
function hiddenEvidenceIn(body: string): string[] {
  secrets ??= hiddenEvidence();
  if (secrets.length === 0) throw new Error(`${EXERCISE_SLUG} has no hidden evidence to look for`);
  const digest = createHash('sha256').update(body).digest('hex');
  let found = scanned.get(digest);
  if (!found) {
    found = secrets.filter((secret) => secret.needles.some((needle) => body.includes(needle))).map((secret) => secret.label);
    scanned.set(digest, found);
  }
  return found;
}

interface Answer {
  key: string;
  subject: Subject;
  status: number;
  where: string;
  body: string;
}

/** Every GET route as the student, through each of its channels, about each subject's rows. */
async function everyReadOf(viewer: Subject, subjects: Subject[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const { key, method } of ROUTES) {
    if (method !== 'GET') continue;
    for (const subject of subjects) {
      for (const channel of channelsOf(key)) {
        const { url, response } = await send(key, viewer, channel, { subject });
        answers.push({ key, subject, status: response.statusCode, where: `GET ${url} through the ${channel} (${response.statusCode})`, body: response.body });
      }
    }
  }
  return answers;
}

describe('secrecy', () => {
  let toA: Answer[];
  let toB: Answer[];
  beforeAll(async () => {
    toA = await everyReadOf('student', ['student']);
    toB = await everyReadOf('otherStudent', ['otherStudent', 'student']);
  });

  it("never shows a student another student's code, on any page or API route", () => {
    const reachedOwnWork = (key: string) => toB.some((answer) => answer.key === key && answer.subject === 'otherStudent' && answer.status === 200);
    expect(['GET /submissions/:id', 'GET /api/submissions/:id', 'GET /submissions/:a/diff/:b'].filter((key) => !reachedOwnWork(key))).toEqual([]);
    expect(toB.filter(({ body }) => body.includes(MARKER)).map(({ where }) => where)).toEqual([]);
  });

  it('never shows a student the name, input or expected output of a hidden test, nor of an after-due test before its due date', () => {
    const reachedOwnResult = (key: string) => toA.some((answer) => answer.key === key && answer.status === 200);
    expect(['GET /submissions/:id', 'GET /api/submissions/:id'].filter((key) => !reachedOwnResult(key))).toEqual([]);
    const leaks = [...toA, ...toB].flatMap(({ where, body }) => hiddenEvidenceIn(body).map((label) => `${where}: ${label}`));
    expect(leaks).toEqual([]);
  });

  it("finds the hidden evidence and student A's code on the staff's view of the submission, so the checks above can see a leak", async () => {
    const page = await person('instructor').browser.get(`/submissions/${own.get('student')!.submission}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(MARKER);
    const found = hiddenEvidenceIn(page.body);
    expect(found.some((label) => label.startsWith('hidden vector') && label.endsWith('its name'))).toBe(true);
    expect(found.some((label) => label.startsWith('after-due vector') && label.endsWith('its input as shown'))).toBe(true);
  });
});

// --- Writes by the users they are for (last: they change rows the tests above use) --------

describe('letting in the users a write is for', () => {
  it('lets an instructor account create a course, on the page and in the API', async () => {
    for (const key of ['POST /courses', 'POST /api/courses']) expect(refusalFor(ROUTE_ACCESS[key]!.access, 'otherInstructor')).toBeUndefined();
    const suffix = randomBytes(3).toString('hex');
    const other = person('otherInstructor');
    const page = await other.browser.postForm('/courses', { _csrf: other.csrf, title: 'Page course', slug: `page-${suffix}`, timeZone: 'UTC' });
    expect([page.statusCode, page.headers.location]).toEqual([303, `/courses/page-${suffix}/settings`]);
    const api = await app.inject({ method: 'POST', url: '/api/courses', headers: { authorization: `Bearer ${other.token}` }, payload: { title: 'API course', slug: `api-${suffix}` } });
    expect(api.statusCode).toBe(201);
    // The refused accounts above posted the same course: none of them created it.
    expect(await app.db.course.count({ where: { slug: String(ROUTE_ACCESS['POST /courses']!.body!.slug) } })).toBe(0);
  });

  it('lets a teaching assistant grant an extension through the API', async () => {
    const key = 'PUT /api/courses/:courseSlug/assignments/:assignmentId/extensions/:userId';
    expect(refusalFor(ROUTE_ACCESS[key]!.access, 'ta')).toBeUndefined();
    const { response } = await send(key, 'ta', 'token');
    expect(response.statusCode).toBe(200);
  });

  it('lets an instructor change the course settings with the session cookie and its CSRF token', async () => {
    const instructor = person('instructor');
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/courses/${roles.course.slug}/settings`,
      headers: { cookie: instructor.browser.cookieHeader, 'x-csrf-token': instructor.csrf },
      payload: { title: roles.course.title },
    });
    expect(response.statusCode).toBe(200);
  });

  it('lets a student revoke their own token', async () => {
    const key = 'POST /account/tokens/:id/revoke';
    const { response } = await send(key, 'student', 'page');
    expect([response.statusCode, response.headers.location]).toEqual([303, '/account/tokens']);
    expect((await app.db.apiToken.findUniqueOrThrow({ where: { id: own.get('student')!.apiToken } })).revokedAt).not.toBeNull();
  });
});
