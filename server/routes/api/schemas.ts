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
