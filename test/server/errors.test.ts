import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, formatBytes, serviceError, ServiceError, toServiceError } from '../../server/errors.js';

describe('ERROR_CATALOGUE', () => {
  it('gives every error a NG_ERR_ code, an HTTP error status and a sentence', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^NG_ERR_[A-Z_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
    }
  });
});

describe('serviceError', () => {
  it('carries the code, the status and the message of its catalogue entry', () => {
    const error = serviceError('NG_ERR_SUBMISSION_TOO_LARGE', 64 * 1024);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.statusCode).toBe(413);
    expect(error.message).toContain('64 KiB');
    expect(error.toJSON()).toEqual({ code: 'NG_ERR_SUBMISSION_TOO_LARGE', message: error.message });
  });
});

describe('toServiceError', () => {
  it('maps an invalid CSRF token to NG_ERR_CSRF_INVALID (403)', () => {
    const error = toServiceError(Object.assign(new Error('Invalid csrf token'), { code: 'FST_CSRF_INVALID_TOKEN', statusCode: 403 }), 1024);
    expect(error.code).toBe('NG_ERR_CSRF_INVALID');
    expect(error.statusCode).toBe(403);
  });

  it('maps an upload over the file size limit to NG_ERR_SUBMISSION_TOO_LARGE with the limit in the message', () => {
    const error = toServiceError(Object.assign(new Error('too large'), { code: 'FST_REQ_FILE_TOO_LARGE', statusCode: 413 }), 2048);
    expect(error.code).toBe('NG_ERR_SUBMISSION_TOO_LARGE');
    expect(error.message).toContain('2 KiB');
  });

  it('hides an unexpected error behind NG_ERR_INTERNAL', () => {
    const error = toServiceError(new Error('database file is locked at /secret/path'), 1024);
    expect(error.code).toBe('NG_ERR_INTERNAL');
    expect(error.statusCode).toBe(500);
    expect(error.message).not.toContain('/secret/path');
  });
});

describe('formatBytes', () => {
  it.each([
    [900, '900 bytes'],
    [1024, '1 KiB'],
    [64 * 1024, '64 KiB'],
    [1536 * 1024, '1.5 MiB'],
  ])('writes %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
