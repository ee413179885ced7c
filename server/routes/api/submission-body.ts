/**
 * The JSON body of `POST /api/exercises/:slug/submissions`: `{ code, language?, filename? }`.
 * The schema checks the shape; the rules the submission form also applies (size, empty code,
 * language from the extension) are applied here in the same way.
 */
import type { SourceLanguage } from '../../../harness/compile.js';
import { serviceError } from '../../errors.js';
import { languageOf } from '../../../harness/compile.js';
import type { SubmittedSource } from '../exercises/submission-form.js';

const FILENAME_MAX_CHARS = 200;

export interface SubmissionBody {
  code: string;
  language?: SourceLanguage;
  filename?: string;
}

export const submissionBodySchema = {
  type: 'object',
  required: ['code'],
  // Fastify's validator drops unknown fields rather than refusing them.
  additionalProperties: false,
  properties: {
    code: { type: 'string', description: 'The source file, as UTF-8 text.' },
    language: { type: 'string', enum: ['ts', 'js'], description: 'Used when the filename has no known extension; TypeScript by default.' },
    filename: { type: 'string', maxLength: FILENAME_MAX_CHARS, description: 'Shown on the result and used in compiler messages.' },
  },
} as const;

/** Throws NG_ERR_SUBMISSION_TOO_LARGE or NG_ERR_SUBMISSION_EMPTY like the form. */
export function readSubmissionJson(body: SubmissionBody, maxBytes: number): SubmittedSource {
  if (Buffer.byteLength(body.code, 'utf8') > maxBytes) throw serviceError('NG_ERR_SUBMISSION_TOO_LARGE', maxBytes);
  if (body.code.trim() === '') throw serviceError('NG_ERR_SUBMISSION_EMPTY');
  // eslint-disable-next-line no-control-regex
  const filename = (body.filename ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const language = (filename ? languageOf(filename) : undefined) ?? body.language ?? 'ts';
  // A byte-order mark is an editor's artefact, not part of the program.
  const code = body.code.startsWith('\uFEFF') ? body.code.slice(1) : body.code;
  return { language, filename: filename || `solution.${language}`, code };
}
