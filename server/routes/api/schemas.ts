/**
 * JSON schemas of the API's answers, shared by its routes. They document the API (OpenAPI) and
 * decide what is serialized: a field not listed here is not sent.
 */

export const SUBMISSION_STATUSES = ['queued', 'grading', 'graded', 'failed'] as const;

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });

export const submissionLinksSchema = {
  type: 'object',
  required: ['self', 'page'],
  properties: {
    self: { type: 'string', description: 'This submission in the API.' },
    page: { type: 'string', description: 'The submission page, for a browser.' },
  },
} as const;

/** A submission without its result document, as lists show it. */
export const submissionSummarySchema = {
  type: 'object',
  required: ['id', 'exercise', 'status', 'language', 'filename', 'createdAt', 'gradedAt', 'gradable', 'score', 'maxScore', 'links'],
  properties: {
    id: { type: 'string' },
    exercise: { type: 'string', description: 'The exercise slug.' },
    status: { type: 'string', enum: SUBMISSION_STATUSES, description: '`failed` means the grader itself could not produce a verdict.' },
    language: { type: 'string', enum: ['ts', 'js'] },
    filename: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    gradedAt: nullable('string', { format: 'date-time' }),
    gradable: nullable('boolean', { description: 'False when the code could not even run; such a submission does not count as an attempt.' }),
    score: nullable('number'),
    maxScore: nullable('number'),
    links: submissionLinksSchema,
  },
} as const;

export const submissionDetailSchema = {
  type: 'object',
  required: ['id', 'exercise', 'status', 'language', 'filename', 'createdAt', 'gradedAt', 'gradable', 'score', 'maxScore', 'result'],
  properties: {
    ...Object.fromEntries(Object.entries(submissionSummarySchema.properties).filter(([name]) => name !== 'links')),
    result: {
      type: ['object', 'null'],
      additionalProperties: true,
      description: 'The versioned result document (docs/result-schema.md) once graded; hidden tests say only whether they passed.',
    },
  },
} as const;

export const exerciseSummarySchema = {
  type: 'object',
  required: ['slug', 'title', 'summary', 'maxScore', 'bestScore', 'links'],
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    maxScore: { type: 'number' },
    bestScore: nullable('number', { description: "The caller's best graded score, or null." }),
    links: {
      type: 'object',
      required: ['self', 'submissions', 'page'],
      properties: { self: { type: 'string' }, submissions: { type: 'string' }, page: { type: 'string' } },
    },
  },
} as const;

export const publicExampleSchema = {
  type: 'object',
  required: ['id', 'name', 'file', 'line', 'input', 'expected', 'points', 'rfc'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    file: { type: 'string', description: 'The vector file, relative to the exercise folder.' },
    line: { type: 'integer' },
    input: { description: 'The input handed to the entry point; for byte-stream exercises a string of one character per byte.' },
    expected: { description: 'What the contract expects.' },
    points: { type: 'number' },
    rfc: { type: 'string' },
    note: { type: 'string' },
  },
} as const;

export const exerciseDetailSchema = {
  type: 'object',
  required: ['slug', 'title', 'summary', 'maxScore', 'entry', 'statementMarkdown', 'starter', 'examples', 'submissionMaxBytes'],
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    maxScore: { type: 'number' },
    entry: { type: 'string', description: 'What the submitted module must export.' },
    statementMarkdown: { type: 'string' },
    starter: { type: 'object', required: ['filename', 'source'], properties: { filename: { type: 'string' }, source: { type: 'string' } } },
    examples: { type: 'array', items: publicExampleSchema, description: 'The public vectors. Hidden vectors are never listed.' },
    submissionMaxBytes: { type: 'integer', description: 'The largest source the service accepts, in bytes of UTF-8.' },
  },
} as const;

export const slugParamsSchema = {
  type: 'object',
  required: ['slug'],
  properties: { slug: { type: 'string', maxLength: 100 } },
} as const;

export const courseSummarySchema = {
  type: 'object',
  required: ['slug', 'title', 'timeZone', 'role'],
  properties: {
    slug: { type: 'string' },
    title: { type: 'string' },
    timeZone: { type: 'string', description: 'IANA time zone in which the course shows and takes dates.' },
    role: { type: 'string', enum: ['student', 'ta', 'instructor'], description: "The caller's role in the course." },
  },
} as const;

export const courseSettingsSchema = {
  type: 'object',
  required: ['slug', 'title', 'timeZone', 'enrollmentCode'],
  properties: { slug: { type: 'string' }, title: { type: 'string' }, timeZone: { type: 'string' }, enrollmentCode: { type: 'string' } },
} as const;

export const courseMemberSchema = {
  type: 'object',
  required: ['userId', 'name', 'email', 'role', 'studentNumber', 'joinedAt'],
  properties: {
    userId: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', enum: ['student', 'ta', 'instructor'] },
    studentNumber: nullable('string', { description: 'The student id from the roster, if any.' }),
    joinedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const assignmentSchema = {
  type: 'object',
  required: ['id', 'exercise', 'points', 'opensAt', 'dueAt', 'lateUntil', 'latePolicy', 'latePercent', 'submissionsPerHour', 'scoring'],
  properties: {
    id: { type: 'string' },
    exercise: { type: 'string', description: 'The exercise slug.' },
    points: { type: 'number' },
    opensAt: nullable('string', { format: 'date-time' }),
    dueAt: { type: 'string', format: 'date-time' },
    lateUntil: nullable('string', { format: 'date-time', description: 'Late submissions count until then; null: none.' }),
    latePolicy: { type: 'string', enum: ['none', 'percent-per-day', 'fixed-credit'] },
    latePercent: { type: 'number', description: 'percent-per-day: taken off per started day late; fixed-credit: share of the score kept.' },
    submissionsPerHour: nullable('integer', { description: 'Null: no limit.' }),
    scoring: { type: 'string', enum: ['best', 'last'] },
  },
} as const;

export const extensionSchema = {
  type: 'object',
  required: ['userId', 'name', 'email', 'dueAt', 'lateUntil', 'reason'],
  properties: {
    userId: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    dueAt: { type: 'string', format: 'date-time' },
    lateUntil: nullable('string', { format: 'date-time' }),
    reason: { type: 'string' },
  },
} as const;

const gradebookCellSchema = {
  type: 'object',
  required: ['points', 'maxPoints', 'status', 'attempts', 'late', 'daysLate', 'extended', 'override', 'countedSubmissionId', 'exerciseVersion', 'currentVersion', 'lastActivityAt'],
  properties: {
    points: nullable('number', { description: 'The counted points (after late penalty, or the manual score); null when nothing counts yet.' }),
    maxPoints: { type: 'number' },
    status: { type: 'string', enum: ['not-started', 'attempted', 'passed'] },
    attempts: { type: 'integer', description: 'Gradable submissions inside the window.' },
    late: { type: 'boolean' },
    daysLate: { type: 'integer' },
    extended: { type: 'boolean', description: 'The student has an extension.' },
    override: { type: ['object', 'null'], required: ['score', 'reason'], properties: { score: { type: 'number' }, reason: { type: 'string' } } },
    countedSubmissionId: nullable('string'),
    exerciseVersion: nullable('string', { description: 'Short content hash of the exercise version the counted submission was graded with.' }),
    currentVersion: nullable('boolean', { description: "Whether that version is the exercise's current one." }),
    lastActivityAt: nullable('string', { format: 'date-time' }),
  },
} as const;

export const gradebookSchema = {
  type: 'object',
  required: ['course', 'maxTotal', 'assignments', 'students'],
  properties: {
    course: { type: 'string' },
    maxTotal: { type: 'number' },
    assignments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'exercise', 'title', 'points', 'dueAt', 'exerciseVersion'],
        properties: {
          id: { type: 'string' },
          exercise: { type: 'string' },
          title: { type: 'string' },
          points: { type: 'number' },
          dueAt: { type: 'string', format: 'date-time' },
          exerciseVersion: { type: 'string' },
        },
      },
    },
    students: {
      type: 'array',
      items: {
        type: 'object',
        required: ['userId', 'name', 'email', 'studentNumber', 'total', 'lastActivityAt', 'assignments'],
        properties: {
          userId: { type: 'string' },
          name: { type: 'string' },
          email: { type: 'string' },
          studentNumber: nullable('string'),
          total: { type: 'number' },
          lastActivityAt: nullable('string', { format: 'date-time' }),
          assignments: { type: 'object', additionalProperties: gradebookCellSchema, description: 'Keyed by exercise slug.' },
        },
      },
    },
  },
} as const;

const labelledCount = (countName: string) => ({
  type: 'array',
  items: { type: 'object', required: ['label', countName], properties: { label: { type: 'string' }, [countName]: { type: 'integer' } } },
});

export const exerciseAnalyticsSchema = {
  type: 'object',
  required: ['course', 'exercise', 'students', 'scoreDistribution', 'testPassRates', 'attemptsUntilFullScore', 'submissionsOverTime'],
  properties: {
    course: { type: 'string' },
    exercise: { type: 'string' },
    students: { type: 'integer' },
    scoreDistribution: {
      type: 'object',
      required: ['bins', 'withoutScore'],
      properties: { bins: labelledCount('students'), withoutScore: { type: 'integer', description: 'Students with no counted score.' } },
    },
    testPassRates: {
      type: 'array',
      description: "Each test over the students' counted submissions, the most failed first.",
      items: {
        type: 'object',
        required: ['id', 'name', 'rfc', 'visibility', 'passed', 'total', 'rate'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          rfc: nullable('string'),
          visibility: { type: 'string', enum: ['public', 'hidden', 'after-due'] },
          passed: { type: 'integer' },
          total: { type: 'integer' },
          rate: { type: 'number' },
        },
      },
    },
    attemptsUntilFullScore: labelledCount('students'),
    submissionsOverTime: {
      type: 'object',
      required: ['granularity', 'buckets', 'afterDeadline'],
      properties: { granularity: { type: 'string', enum: ['hour', 'day'] }, buckets: labelledCount('submissions'), afterDeadline: { type: 'integer' } },
    },
  },
} as const;
