/**
 * Every error the service answers with, in one catalogue: a stable code that scripts and logs can
 * match on, the HTTP status, and the sentence a person reads. Routes never build error responses
 * from ad hoc strings; they throw `serviceError(code, ...)`, and the error pages plugin renders it
 * as a page (for a browser) or as `{ code, message }` (for a JSON client).
 */

interface CatalogueEntry<Args extends unknown[]> {
  status: number;
  message: (...args: Args) => string;
}

function entry<Args extends unknown[] = []>(status: number, message: (...args: Args) => string): CatalogueEntry<Args> {
  return { status, message };
}

export const ERROR_CATALOGUE = {
  NG_ERR_NOT_FOUND: entry(404, () => 'There is nothing at this address.'),
  NG_ERR_EXERCISE_NOT_FOUND: entry(404, (slug: string) => `There is no exercise called "${slug}".`),
  // The same answer whether the submission does not exist or belongs to someone else, so its
  // existence is not revealed.
  NG_ERR_SUBMISSION_NOT_FOUND: entry(404, () => 'There is no submission at this address.'),
  NG_ERR_SIGN_IN_REQUIRED: entry(401, () => 'Sign in to continue.'),
  NG_ERR_SIGN_IN_FAILED: entry(401, () => 'The email address or the password is wrong.'),
  NG_ERR_TOO_MANY_SIGN_IN_ATTEMPTS: entry(429, (retryAfter: string) => `Too many sign-in attempts. Try again in ${retryAfter}.`),
  NG_ERR_TOO_MANY_SIGN_UP_ATTEMPTS: entry(429, (retryAfter: string) => `Too many sign-up attempts. Try again in ${retryAfter}.`),
  NG_ERR_NAME_REQUIRED: entry(422, () => 'Enter your name.'),
  NG_ERR_EMAIL_INVALID: entry(422, () => 'Enter an email address, such as name@example.org.'),
  NG_ERR_PASSWORD_LENGTH: entry(422, (minLength: number, maxLength: number) => `The password must be from ${minLength} to ${maxLength} characters long.`),
  NG_ERR_PASSWORD_IS_EMAIL: entry(422, () => 'The password must not be your email address.'),
  NG_ERR_PASSWORDS_DIFFER: entry(422, () => 'The two passwords are not the same. Type the new password twice.'),
  NG_ERR_ENROLLMENT_CODE_UNKNOWN: entry(422, () => 'No course has this enrollment code. Check it with your instructor.'),
  // Given only after a valid enrollment code, and rate-limited: sign-up has to tell a person that
  // their address is in use, but should not become a cheap way to test addresses.
  NG_ERR_EMAIL_TAKEN: entry(409, () => 'An account with this email address already exists. Sign in instead.'),
  NG_ERR_CURRENT_PASSWORD_WRONG: entry(422, () => 'The current password is wrong.'),
  // Unknown, expired and used invitations get the same answer.
  NG_ERR_INVITATION_INVALID: entry(404, () => 'This invitation link is not valid: it may have expired or already been used.'),
  NG_ERR_INVITATION_OTHER_ACCOUNT: entry(403, () => 'This invitation is for another email address. Sign out, then open the link again.'),
  NG_ERR_TOKEN_INVALID: entry(401, () => 'The API token is not valid: it may have been revoked. Create a new one under Account › API tokens.'),
  NG_ERR_TOKEN_NAME_REQUIRED: entry(422, () => 'Give the token a name, such as the computer it is for.'),
  NG_ERR_TOKEN_NOT_FOUND: entry(404, () => 'There is no API token at this address.'),
  NG_ERR_CSRF_INVALID: entry(403, () => 'This form has expired or did not come from this site. Go back, reload the page and send it again.'),
  NG_ERR_SUBMISSION_TOO_LARGE: entry(
    413,
    (maxBytes: number) => `The submission is larger than ${formatBytes(maxBytes)}, the most the service accepts. Submit only your source file.`,
  ),
  NG_ERR_SUBMISSION_EMPTY: entry(422, () => 'The submission is empty. Paste your code into the text box or choose a file.'),
  NG_ERR_SUBMISSION_NOT_TEXT: entry(422, () => 'The uploaded file is not UTF-8 text. Upload the source file itself (.ts or .js).'),
  // Both refusals store nothing and come with a Retry-After header (RFC 9110 §10.2.3).
  NG_ERR_QUEUE_FULL: entry(
    429,
    (wait: string) => `The grader has too many submissions waiting right now, so yours was not stored. Submit again in ${wait}.`,
  ),
  NG_ERR_SUBMISSION_LIMIT: entry(
    429,
    (limit: number, retryAt: string, wait: string) =>
      `This exercise takes at most ${limit} ${limit === 1 ? 'submission' : 'submissions'} per hour from each student, and you have reached that. You can submit again at ${retryAt} (in ${wait}); this one was not stored.`,
  ),
  // Unknown courses and courses the user is not a member of get the same answer.
  NG_ERR_COURSE_NOT_FOUND: entry(404, () => 'There is no course at this address, or you are not a member of it.'),
  NG_ERR_COURSE_ROLE_REQUIRED: entry(
    403,
    (roles: readonly string[]) => `Only the course's ${roles.map((role) => (role === 'ta' ? 'teaching assistants' : `${role}s`)).join(' and ')} can do this.`,
  ),
  NG_ERR_REGRADE_NOT_FOUND: entry(404, () => 'There is no regrade at this address in this course.'),
  NG_ERR_REGRADE_EXERCISE_UNKNOWN: entry(422, () => 'Choose an exercise that is assigned in this course.'),
  NG_ERR_REGRADE_NOTHING_TO_DO: entry(422, () => 'No submission matches: choose at least one submission, or another kind of regrade.'),
  NG_ERR_PREVIEW_NOT_ALLOWED: entry(403, () => 'Only instructors, and the staff of a course that assigns this exercise, can preview it.'),
  NG_ERR_COURSE_CREATE_FORBIDDEN: entry(403, () => 'Only instructors can create courses.'),
  NG_ERR_COURSE_TITLE_REQUIRED: entry(422, (maxChars: number) => `Give the course a title of at most ${maxChars} characters.`),
  NG_ERR_COURSE_SLUG_INVALID: entry(
    422,
    () => 'The short name must be 2 to 40 lower-case letters, digits and hyphens, starting with a letter or digit, such as "networks-2026".',
  ),
  NG_ERR_COURSE_SLUG_TAKEN: entry(409, (slug: string) => `A course called "${slug}" already exists. Choose another short name.`),
  NG_ERR_TIME_ZONE_UNKNOWN: entry(422, (timeZone: string) => `"${timeZone}" is not a time zone. Use an IANA name such as "Europe/Madrid" or "UTC".`),
  NG_ERR_MEMBER_NOT_FOUND: entry(404, () => 'This person is not a member of the course.'),
  NG_ERR_MEMBER_ROLE_INVALID: entry(422, (roles: readonly string[]) => `Choose one of these roles: ${roles.join(', ')}.`),
  NG_ERR_LAST_INSTRUCTOR: entry(409, () => 'A course needs at least one instructor. Make someone else an instructor first.'),
  NG_ERR_ALREADY_MEMBER: entry(409, (email: string) => `${email} is already a member of the course. Change their role in the list instead.`),
  NG_ERR_ROSTER_UNREADABLE: entry(422, (why: string) => `The roster could not be read: ${why}.`),
  NG_ERR_ROSTER_EMPTY: entry(422, () => 'Choose a roster file or paste its rows: it has no students.'),
  NG_ERR_ASSIGNMENT_NOT_FOUND: entry(404, () => 'There is no assignment at this address.'),
  NG_ERR_ASSIGNMENT_EXERCISE_TAKEN: entry(409, (slug: string) => `The exercise "${slug}" is already assigned in this course. Edit that assignment instead.`),
  NG_ERR_ASSIGNMENT_POINTS_INVALID: entry(422, () => 'Points must be a number greater than 0 and at most 10000.'),
  NG_ERR_DATE_INVALID: entry(422, (label: string) => `Enter the ${label} as a date and time, such as 2026-03-30 23:59.`),
  NG_ERR_DUE_BEFORE_OPENS: entry(422, () => 'The due date must be after the opening date.'),
  NG_ERR_LATE_BEFORE_DUE: entry(422, () => 'The end of the late period must be after the due date.'),
  NG_ERR_LATE_POLICY_INVALID: entry(422, () => 'Choose a late policy: none, percent per day or fixed credit.'),
  NG_ERR_LATE_PERCENT_RANGE: entry(422, () => 'The late percentage must be a number from 0 to 100.'),
  NG_ERR_SUBMISSIONS_PER_HOUR_INVALID: entry(422, () => 'Submissions per hour must be a whole number from 1 to 1000, or blank for no limit.'),
  NG_ERR_SCORING_INVALID: entry(422, () => 'Choose how the grade is counted: the best or the last submission.'),
  NG_ERR_REASON_REQUIRED: entry(422, (maxChars: number) => `Give a reason (at most ${maxChars} characters): it is kept in the course's audit trail.`),
  NG_ERR_EXTENSION_NOT_FOUND: entry(404, () => 'This student has no extension on this assignment.'),
  NG_ERR_COMPARE_TWO: entry(400, () => 'Choose two submissions to compare: one in the "from" column and one in the "to" column.'),
  NG_ERR_FORM_INVALID: entry(400, () => 'The form could not be read. Go back, reload the page and send it again.'),
  NG_ERR_OVERRIDE_SCORE_INVALID: entry(422, (maxPoints: number) => `Enter the score as a number of points from 0 to ${maxPoints}.`),
  NG_ERR_OVERRIDE_NOT_FOUND: entry(404, () => 'This student has no manual score on this assignment.'),
  NG_ERR_CSV_FORMAT_UNKNOWN: entry(400, (formats: readonly string[]) => `Choose a CSV format: ${formats.join(' or ')}.`),
  NG_ERR_CHART_NOT_FOUND: entry(404, (charts: readonly string[]) => `There is no such chart. The charts are: ${charts.join(', ')}.`),
  NG_ERR_BAD_REQUEST: entry(400, () => 'The request could not be understood.'),
  NG_ERR_INTERNAL: entry(500, () => 'Something went wrong on our side. Try again in a moment.'),
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
type ArgsOf<C extends ErrorCode> = Parameters<(typeof ERROR_CATALOGUE)[C]['message']>;

/** An error from the catalogue. `statusCode` is the name fastify reads the status from. */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;

  constructor(code: ErrorCode, message: string, statusCode: number) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.statusCode = statusCode;
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function serviceError<C extends ErrorCode>(code: C, ...args: ArgsOf<C>): ServiceError {
  const { status, message } = ERROR_CATALOGUE[code] as CatalogueEntry<ArgsOf<C>>;
  return new ServiceError(code, message(...args), status);
}

type CodeWithoutArguments = { [C in ErrorCode]: ArgsOf<C> extends [] ? C : never }[ErrorCode];

/** Known errors raised by fastify and its plugins, mapped onto the catalogue. */
const FRAMEWORK_ERRORS: Record<string, CodeWithoutArguments> = {
  FST_CSRF_INVALID_TOKEN: 'NG_ERR_CSRF_INVALID',
  FST_CSRF_MISSING_SECRET: 'NG_ERR_CSRF_INVALID',
  FST_PARTS_LIMIT: 'NG_ERR_FORM_INVALID',
  FST_FILES_LIMIT: 'NG_ERR_FORM_INVALID',
  FST_FIELDS_LIMIT: 'NG_ERR_FORM_INVALID',
  FST_PROTO_VIOLATION: 'NG_ERR_FORM_INVALID',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'NG_ERR_FORM_INVALID',
  FST_INVALID_JSON_FIELD_ERROR: 'NG_ERR_FORM_INVALID',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'NG_ERR_FORM_INVALID',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'NG_ERR_BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'NG_ERR_BAD_REQUEST',
  FST_ERR_VALIDATION: 'NG_ERR_BAD_REQUEST',
};

/** An upload over the multipart file limit, or a form body over fastify's body limit. */
const TOO_LARGE = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_ERR_CTP_BODY_TOO_LARGE']);

/**
 * Turns anything a handler or plugin threw into a catalogue error. `submissionMaxBytes` words the
 * message of a body that was too large.
 */
export function toServiceError(error: unknown, submissionMaxBytes: number): ServiceError {
  if (error instanceof ServiceError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (TOO_LARGE.has(code)) return serviceError('NG_ERR_SUBMISSION_TOO_LARGE', submissionMaxBytes);
    const mapped = FRAMEWORK_ERRORS[code];
    if (mapped) return serviceError(mapped);
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return serviceError(status === 404 ? 'NG_ERR_NOT_FOUND' : 'NG_ERR_BAD_REQUEST');
  return serviceError('NG_ERR_INTERNAL');
}

/** "64 KiB", "1.5 MiB", "900 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / (1024 * 1024), 'MiB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}
