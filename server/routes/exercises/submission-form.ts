import { languageOf, type SourceLanguage } from '../../../harness/compile.js';
import { serviceError, type ServiceError } from '../../errors.js';
import { fileField, textField } from '../../form-fields.js';

export interface SubmittedSource {
  language: SourceLanguage;
  filename: string;
  code: string;
}

/** A form that cannot be accepted, with what the student typed so the form can show it again. */
export interface RejectedForm {
  error: ServiceError;
  code: string;
  language: SourceLanguage;
}

export type SubmissionFormOutcome = { ok: true; source: SubmittedSource } | ({ ok: false } & RejectedForm);

const FILENAME_MAX_CHARS = 200;

/**
 * Reads the submission form: the `file` upload when one was chosen and is not empty, otherwise
 * the `code` text box. The language comes from the upload's extension, otherwise from the
 * `language` select (TypeScript unless it says JavaScript). Throws NG_ERR_SUBMISSION_TOO_LARGE
 * for code over `maxBytes`; returns a rejection (to show the form again) for empty code or an
 * upload that is not UTF-8 text.
 */
export function readSubmissionForm(body: unknown, maxBytes: number): SubmissionFormOutcome {
  const selected: SourceLanguage = textField(body, 'language') === 'js' ? 'js' : 'ts';
  // Browsers send a text box's line breaks as CRLF (HTML's form encoding); the code is kept with
  // the LF line breaks it was written with. JavaScript reads both the same way, even in template literals.
  const typed = textField(body, 'code').replace(/\r\n?/g, '\n');
  const upload = fileField(body, 'file');

  if (upload && upload.bytes.length > 0) {
    if (upload.bytes.length > maxBytes) throw serviceError('NG_ERR_SUBMISSION_TOO_LARGE', maxBytes);
    const code = decodeUtf8(upload.bytes);
    if (code === undefined) return { ok: false, error: serviceError('NG_ERR_SUBMISSION_NOT_TEXT'), code: typed, language: selected };
    const filename = cleanFilename(upload.filename);
    const language = languageOf(filename) ?? selected;
    return checked({ language, filename: filename || defaultFilename(language), code }, maxBytes, typed);
  }
  return checked({ language: selected, filename: defaultFilename(selected), code: typed }, maxBytes, typed);
}

function checked(source: SubmittedSource, maxBytes: number, typed: string): SubmissionFormOutcome {
  if (Buffer.byteLength(source.code, 'utf8') > maxBytes) throw serviceError('NG_ERR_SUBMISSION_TOO_LARGE', maxBytes);
  if (source.code.trim() === '') return { ok: false, error: serviceError('NG_ERR_SUBMISSION_EMPTY'), code: typed, language: source.language };
  return { ok: true, source };
}


function defaultFilename(language: SourceLanguage): string {
  return `solution.${language}`;
}

/**
 * The upload's name is only a label (shown escaped, and used by the compiler in messages), so it
 * is kept as sent, minus control characters and cut to a sane length.
 */
function cleanFilename(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, FILENAME_MAX_CHARS);
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // A byte-order mark is an editor's artefact, not part of the program.
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
