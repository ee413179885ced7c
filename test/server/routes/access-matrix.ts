/**
 * Who may use each route of the service: every `METHOD path` the app registers, with its access
 * class. `access-matrix.test.ts` fails when the app has a route this table lacks (declare the new
 * route's access here), when the table lists a route the app no longer has, and when a route lets
 * in someone its class shuts out.
 *
 * The cast the rules speak of, as the test builds it: a course with an instructor, a teaching
 * assistant and two students (`student`, whose work the owner routes are about, and
 * `otherStudent`); a signed-in `outsider` in no course; `otherInstructor`, instructor of another
 * course only (and so an instructor account); `invitee`, invited to the course as a TA but not
 * joined yet; and an `anonymous` visitor.
 */
import type { ErrorCode } from '../../../server/errors.js';
import type { CourseRole } from '../../../server/plugins/course-access.js';

export type AccessClass =
  | 'public'
  | 'metrics-loopback'
  | 'invitation'
  | 'signed-in'
  | 'global-instructor'
  | 'exercise-previewer'
  | 'submission-owner'
  | 'submission-viewer'
  | 'token-owner'
  | 'course-member'
  | 'course-staff'
  | 'course-instructor';

export const ACCESS_CLASSES: Record<AccessClass, string> = {
  public: 'anyone, signed in or not',
  'metrics-loopback': 'any client on this machine (loopback); anyone else 404',
  invitation: "anyone signed out, and the invited account; another signed-in account 403",
  'signed-in': 'any signed-in user',
  'global-instructor': 'instructor accounts (an instructor of any course); other accounts 403',
  'exercise-previewer': 'instructor accounts, and the staff of a course that assigns the exercise; others 403',
  'submission-owner': "the submission's author only; anyone else 404, course staff included",
  'submission-viewer': "the submission's author, and the staff of a course where the author is a student and the exercise is assigned; anyone else 404",
  'token-owner': "the token's owner; anyone else 404",
  'course-member': 'members of the course; non-members 404',
  'course-staff': 'TAs and instructors of the course; students 403, non-members 404',
  'course-instructor': 'instructors of the course; TAs and students 403, non-members 404',
};

export type Viewer = 'anonymous' | 'outsider' | 'otherInstructor' | 'invitee' | 'student' | 'otherStudent' | 'ta' | 'instructor';

export const VIEWERS: Record<Viewer, string> = {
  anonymous: 'a signed-out visitor',
  outsider: 'a signed-in user in no course',
  otherInstructor: 'the instructor of another course',
  invitee: 'a user invited to the course who has not joined it',
  student: 'a student of the course',
  otherStudent: 'another student of the course',
  ta: 'a teaching assistant of the course',
  instructor: 'an instructor of the course',
};

/** The viewer's role in the course; none for those outside it. */
export const COURSE_ROLE: Record<Viewer, CourseRole | undefined> = {
  anonymous: undefined,
  outsider: undefined,
  otherInstructor: undefined,
  invitee: undefined,
  student: 'student',
  otherStudent: 'student',
  ta: 'ta',
  instructor: 'instructor',
};

/** Accounts whose global role is instructor. */
const INSTRUCTOR_ACCOUNTS: readonly Viewer[] = ['instructor', 'otherInstructor'];

/** How a route refuses a viewer: sent to sign in (pages) or 401 (API); or a catalogue error. */
export type Refusal = { kind: 'sign-in' } | { kind: 'error'; status: 403 | 404; code: ErrorCode };

const SIGN_IN: Refusal = { kind: 'sign-in' };
const refused = (status: 403 | 404, code: ErrorCode): Refusal => ({ kind: 'error', status, code });

const COURSE_CLASS_ROLES: Partial<Record<AccessClass, readonly CourseRole[]>> = {
  'course-member': ['student', 'ta', 'instructor'],
  'course-staff': ['ta', 'instructor'],
  'course-instructor': ['instructor'],
};

/**
 * How a route of the class refuses the viewer, or undefined when it lets them in. Owner routes are
 * about `student`'s submissions and token; previews are of an exercise the course assigns.
 */
export function refusalFor(access: AccessClass, viewer: Viewer): Refusal | undefined {
  if (access === 'public' || access === 'metrics-loopback') return undefined;
  if (access === 'invitation') return viewer === 'anonymous' || viewer === 'invitee' ? undefined : refused(403, 'NG_ERR_INVITATION_OTHER_ACCOUNT');
  if (viewer === 'anonymous') return SIGN_IN;
  switch (access) {
    case 'signed-in':
      return undefined;
    case 'global-instructor':
      return INSTRUCTOR_ACCOUNTS.includes(viewer) ? undefined : refused(403, 'NG_ERR_COURSE_CREATE_FORBIDDEN');
    case 'exercise-previewer':
      return INSTRUCTOR_ACCOUNTS.includes(viewer) || viewer === 'ta' ? undefined : refused(403, 'NG_ERR_PREVIEW_NOT_ALLOWED');
    case 'submission-owner':
      return viewer === 'student' ? undefined : refused(404, 'NG_ERR_SUBMISSION_NOT_FOUND');
    case 'submission-viewer':
      return viewer === 'student' || viewer === 'ta' || viewer === 'instructor' ? undefined : refused(404, 'NG_ERR_SUBMISSION_NOT_FOUND');
    case 'token-owner':
      return viewer === 'student' ? undefined : refused(404, 'NG_ERR_TOKEN_NOT_FOUND');
    default: {
      const role = COURSE_ROLE[viewer];
      if (!role) return refused(404, 'NG_ERR_COURSE_NOT_FOUND');
      return COURSE_CLASS_ROLES[access]!.includes(role) ? undefined : refused(403, 'NG_ERR_COURSE_ROLE_REQUIRED');
    }
  }
}

/**
 * A value the test fills in: `:name` is one of the test's real rows (below), anything else is
 * used as written. Path parameters without a value here are filled by their name (PARAM_DEFAULTS).
 *
 *   :course :assignment :exercise :regrade :invitation   the course's own rows
 *   :student :submission :laterSubmission :apiToken      the student the request is about, and
 *                                                        their first and second submission and a token
 */
export type Value = string;

export const PARAM_DEFAULTS: Record<string, Value> = {
  courseSlug: ':course',
  assignmentId: ':assignment',
  userId: ':student',
  exerciseSlug: ':exercise',
  slug: ':exercise',
  regradeId: ':regrade',
  token: ':invitation',
  a: ':submission',
  b: ':laterSubmission',
};

export interface RouteAccess {
  access: AccessClass;
  /** Path parameters not filled by PARAM_DEFAULTS (`*` for a wildcard). */
  params?: Record<string, Value>;
  query?: Record<string, Value>;
  /** Form fields (pages) or JSON (API) the route's schema accepts, so an answer comes from the access rule. */
  body?: Record<string, unknown>;
}

const DUE = '2030-01-01T12:00:00Z';
const ROSTER = { csv: 'Ada Lovelace,ada@example.org,S-900' };

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  // Starting points, sign-in and sign-up, health, the API's description, static files.
  'GET /': { access: 'public' },
  'GET /healthz': { access: 'public' },
  'GET /sign-in': { access: 'public' },
  'POST /sign-in': { access: 'public' },
  'POST /sign-out': { access: 'public' },
  'GET /sign-up': { access: 'public' },
  'POST /sign-up': { access: 'public' },
  'GET /static/*': { access: 'public', params: { '*': 'app.css' } },
  'GET /assets/:name.js': { access: 'public', params: { name: 'editor' } },
  'GET /api/openapi.json': { access: 'public' },
  'GET /api/docs': { access: 'public' },
  'GET /api/docs/json': { access: 'public' },
  'GET /api/docs/yaml': { access: 'public' },
  'GET /api/docs/static/index.html': { access: 'public' },
  'GET /api/docs/static/swagger-initializer.js': { access: 'public' },
  'GET /api/docs/static/*': { access: 'public', params: { '*': 'swagger-ui.css' } },
  'GET /metrics': { access: 'metrics-loopback' },
  'GET /invitations/:token': { access: 'invitation' },
  'POST /invitations/:token': { access: 'invitation' },

  // The exercises, one's own history and account.
  'GET /exercises': { access: 'signed-in' },
  'GET /exercises/:slug': { access: 'signed-in' },
  'POST /exercises/:slug/submissions': { access: 'signed-in', body: { code: 'export {};\n', language: 'ts' } },
  'GET /exercises/:slug/submissions': { access: 'signed-in' },
  'GET /exercises/:slug/compare': { access: 'signed-in', query: { from: ':submission', to: ':laterSubmission' } },
  'GET /exercises/:slug/starter': { access: 'signed-in' },
  'GET /exercises/:slug/preview': { access: 'exercise-previewer' },
  'POST /exercises/:slug/preview': { access: 'exercise-previewer' },
  'GET /account/password': { access: 'signed-in' },
  'POST /account/password': { access: 'signed-in' },
  'GET /account/tokens': { access: 'signed-in' },
  'POST /account/tokens': { access: 'signed-in', body: { name: 'laptop' } },
  'POST /account/tokens/:id/revoke': { access: 'token-owner', params: { id: ':apiToken' } },
  'GET /api/exercises': { access: 'signed-in' },
  'GET /api/exercises/:slug': { access: 'signed-in' },
  'GET /api/exercises/:slug/submissions': { access: 'signed-in' },
  'POST /api/exercises/:slug/submissions': { access: 'signed-in', body: { code: 'export {};\n' } },

  // Submissions.
  'GET /submissions/:id': { access: 'submission-viewer', params: { id: ':submission' } },
  'GET /submissions/:id/events': { access: 'submission-owner', params: { id: ':submission' } },
  'GET /submissions/:a/diff/:b': { access: 'submission-owner' },
  'GET /api/submissions/:id': { access: 'submission-owner', params: { id: ':submission' } },

  // Courses: the list, and creating one.
  'GET /courses': { access: 'signed-in' },
  'GET /api/courses': { access: 'signed-in' },
  'POST /courses': { access: 'global-instructor', body: { title: 'Refused course', slug: 'refused-course', timeZone: 'UTC' } },
  'POST /api/courses': { access: 'global-instructor', body: { title: 'Refused course', slug: 'refused-course' } },

  // A course's home, for every member.
  'GET /courses/:courseSlug': { access: 'course-member' },
  'GET /api/courses/:courseSlug/my-assignments': { access: 'course-member' },

  // Staff: students' work, grades, extensions, the audit trail.
  'GET /courses/:courseSlug/members': { access: 'course-staff' },
  'GET /api/courses/:courseSlug/members': { access: 'course-staff' },
  'GET /courses/:courseSlug/assignments': { access: 'course-staff' },
  'GET /api/courses/:courseSlug/assignments': { access: 'course-staff' },
  'GET /api/courses/:courseSlug/assignments/:assignmentId': { access: 'course-staff' },
  'GET /courses/:courseSlug/assignments/:assignmentId/extensions': { access: 'course-staff' },
  'POST /courses/:courseSlug/assignments/:assignmentId/extensions': { access: 'course-staff', body: { userId: ':student', dueAt: '2030-01-01 12:00', lateUntil: '', reason: 'ill' } },
  'POST /courses/:courseSlug/assignments/:assignmentId/extensions/:userId/remove': { access: 'course-staff', body: { reason: 'withdrawn' } },
  'GET /api/courses/:courseSlug/assignments/:assignmentId/extensions': { access: 'course-staff' },
  'PUT /api/courses/:courseSlug/assignments/:assignmentId/extensions/:userId': { access: 'course-staff', body: { dueAt: DUE, reason: 'ill' } },
  'DELETE /api/courses/:courseSlug/assignments/:assignmentId/extensions/:userId': { access: 'course-staff', query: { reason: 'withdrawn' } },
  'GET /courses/:courseSlug/gradebook': { access: 'course-staff' },
  'GET /courses/:courseSlug/gradebook.csv': { access: 'course-staff' },
  'GET /api/courses/:courseSlug/gradebook': { access: 'course-staff' },
  'GET /courses/:courseSlug/students/:userId': { access: 'course-staff' },
  'POST /courses/:courseSlug/students/:userId/overrides': { access: 'course-staff', body: { assignment: ':assignment', score: '1', reason: 'regraded by hand' } },
  'POST /courses/:courseSlug/students/:userId/overrides/remove': { access: 'course-staff', body: { assignment: ':assignment', reason: 'undo' } },
  'GET /courses/:courseSlug/analytics/:exerciseSlug': { access: 'course-staff' },
  'GET /courses/:courseSlug/analytics/:exerciseSlug/:chart.csv': { access: 'course-staff', params: { chart: 'score-distribution' } },
  'GET /api/courses/:courseSlug/analytics/:exerciseSlug': { access: 'course-staff' },
  'GET /courses/:courseSlug/audit': { access: 'course-staff' },

  // Instructors: the course's settings, members, roster, assignments and regrades.
  'GET /courses/:courseSlug/settings': { access: 'course-instructor' },
  'POST /courses/:courseSlug/settings': { access: 'course-instructor', body: { title: 'Changed', timeZone: 'UTC' } },
  'POST /courses/:courseSlug/settings/enrollment-code': { access: 'course-instructor' },
  'GET /api/courses/:courseSlug/settings': { access: 'course-instructor' },
  'PATCH /api/courses/:courseSlug/settings': { access: 'course-instructor', body: { title: 'Changed' } },
  'POST /api/courses/:courseSlug/settings/enrollment-code': { access: 'course-instructor' },
  'POST /courses/:courseSlug/members/:userId/role': { access: 'course-instructor', body: { role: 'ta' } },
  'POST /courses/:courseSlug/members/:userId/remove': { access: 'course-instructor' },
  'POST /courses/:courseSlug/members/invitations': { access: 'course-instructor', body: { email: 'new-ta@example.org', role: 'ta' } },
  'PATCH /api/courses/:courseSlug/members/:userId': { access: 'course-instructor', body: { role: 'ta' } },
  'DELETE /api/courses/:courseSlug/members/:userId': { access: 'course-instructor' },
  'POST /api/courses/:courseSlug/invitations': { access: 'course-instructor', body: { email: 'new-ta@example.org', role: 'ta' } },
  'GET /courses/:courseSlug/roster': { access: 'course-instructor' },
  'POST /courses/:courseSlug/roster/preview': { access: 'course-instructor', body: ROSTER },
  'POST /courses/:courseSlug/roster': { access: 'course-instructor', body: ROSTER },
  'POST /api/courses/:courseSlug/roster/preview': { access: 'course-instructor', body: ROSTER },
  'POST /api/courses/:courseSlug/roster': { access: 'course-instructor', body: ROSTER },
  'GET /courses/:courseSlug/assignments/new': { access: 'course-instructor' },
  'POST /courses/:courseSlug/assignments': { access: 'course-instructor', body: { exercise: ':exercise', points: '100', dueAt: '2030-01-01 12:00' } },
  'GET /courses/:courseSlug/assignments/:assignmentId/edit': { access: 'course-instructor' },
  'POST /courses/:courseSlug/assignments/:assignmentId': { access: 'course-instructor', body: { points: '100', dueAt: '2030-01-01 12:00' } },
  'GET /courses/:courseSlug/assignments/:assignmentId/delete': { access: 'course-instructor' },
  'POST /courses/:courseSlug/assignments/:assignmentId/delete': { access: 'course-instructor', body: { reason: 'wrong exercise' } },
  'POST /api/courses/:courseSlug/assignments': { access: 'course-instructor', body: { exercise: ':exercise', dueAt: DUE } },
  'PUT /api/courses/:courseSlug/assignments/:assignmentId': { access: 'course-instructor', body: { dueAt: DUE } },
  'DELETE /api/courses/:courseSlug/assignments/:assignmentId': { access: 'course-instructor' },
  'GET /courses/:courseSlug/regrades': { access: 'course-instructor' },
  'GET /courses/:courseSlug/regrades/new': { access: 'course-instructor', query: { exercise: ':exercise' } },
  'POST /courses/:courseSlug/regrades': { access: 'course-instructor', body: { exercise: ':exercise', mode: 'all' } },
  'GET /courses/:courseSlug/regrades/:regradeId': { access: 'course-instructor' },
  'POST /courses/:courseSlug/regrades/:regradeId/cancel': { access: 'course-instructor' },
  'GET /courses/:courseSlug/regrades/:regradeId/events': { access: 'course-instructor' },
};
