import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../../server/errors.js';
import { languageOf } from '../../../../harness/compile.js';
import { readSubmissionForm } from '../../../../server/routes/exercises/submission-form.js';

const upload = (filename: string, text: string | Buffer) => ({ filename, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text) });
const MAX = 1024;

describe('readSubmissionForm', () => {
  it('takes the code box when no file was chosen, in the selected language', () => {
    const outcome = readSubmissionForm({ code: 'export const x = 1;', language: 'js', file: upload('', '') }, MAX);
    expect(outcome).toEqual({ ok: true, source: { language: 'js', filename: 'solution.js', code: 'export const x = 1;' } });
  });

  it('turns the CRLF line breaks a browser sends for the code box into LF', () => {
    const outcome = readSubmissionForm({ code: 'a\r\nb\rc\n' }, MAX);
    expect(outcome.ok && outcome.source.code).toBe('a\nb\nc\n');
  });

  it('keeps the line breaks of an uploaded file as they are', () => {
    const outcome = readSubmissionForm({ file: upload('a.ts', 'a\r\nb') }, MAX);
    expect(outcome.ok && outcome.source.code).toBe('a\r\nb');
  });

  it('defaults to TypeScript when the language is missing or unknown', () => {
    const outcome = readSubmissionForm({ code: 'x', language: 'cobol' }, MAX);
    expect(outcome.ok && outcome.source.language).toBe('ts');
  });

  it('prefers a non-empty upload to the code box', () => {
    const outcome = readSubmissionForm({ code: 'typed', language: 'ts', file: upload('parser.mjs', 'uploaded') }, MAX);
    expect(outcome).toEqual({ ok: true, source: { language: 'js', filename: 'parser.mjs', code: 'uploaded' } });
  });

  it.each([
    ['a.ts', 'ts'],
    ['a.mts', 'ts'],
    ['a.js', 'js'],
    ['a.MJS', 'js'],
    ['a.cjs', 'js'],
    ['a.cts', 'ts'],
    ['a.txt', undefined],
    ['noextension', undefined],
  ])('reads the language of %s as %s', (name, language) => {
    expect(languageOf(name)).toBe(language);
  });

  it('uses the selected language for an upload with another extension', () => {
    const outcome = readSubmissionForm({ language: 'js', file: upload('solution.txt', 'code') }, MAX);
    expect(outcome.ok && outcome.source).toEqual({ language: 'js', filename: 'solution.txt', code: 'code' });
  });

  it('keeps the uploaded name as sent, without control characters', () => {
    const outcome = readSubmissionForm({ file: upload('<b>\u0007x</b>.ts', 'code') }, MAX);
    expect(outcome.ok && outcome.source.filename).toBe('<b>x</b>.ts');
  });

  it('drops a UTF-8 byte-order mark from an upload', () => {
    const outcome = readSubmissionForm({ file: upload('a.ts', '\uFEFFcode') }, MAX);
    expect(outcome.ok && outcome.source.code).toBe('code');
  });

  it('refuses empty code and keeps what was typed', () => {
    const outcome = readSubmissionForm({ code: '  \n ', language: 'js' }, MAX);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('NG_ERR_SUBMISSION_EMPTY');
    expect(outcome.code).toBe('  \n ');
    expect(outcome.language).toBe('js');
  });

  it('refuses an upload that is not UTF-8 text', () => {
    const outcome = readSubmissionForm({ code: 'typed', file: upload('a.ts', Buffer.from([0xff, 0xfe, 0x00, 0xc3])) }, MAX);
    expect(!outcome.ok && outcome.error.code).toBe('NG_ERR_SUBMISSION_NOT_TEXT');
    expect(!outcome.ok && outcome.code).toBe('typed');
  });

  it('throws NG_ERR_SUBMISSION_TOO_LARGE for typed code over the limit, counted in UTF-8 bytes', () => {
    // 400 three-byte characters: 1200 bytes although only 400 characters.
    const call = () => readSubmissionForm({ code: '€'.repeat(400) }, MAX);
    expect(call).toThrow(ServiceError);
    expect(call).toThrow(/larger than 1 KiB/);
  });

  it('accepts code of exactly the limit', () => {
    expect(readSubmissionForm({ code: 'x'.repeat(MAX) }, MAX).ok).toBe(true);
  });
});
