/**
 * A course's own fields as instructors type them (title, short name, time zone), checked once for
 * the pages and the API alike, and the enrollment code students sign up with.
 */
import { randomInt } from 'node:crypto';
import { serviceError, ServiceError } from '../errors.js';
import { isValidTimeZone } from './course-dates.js';

export const COURSE_TITLE_MAX_CHARS = 120;
/** Lower-case letters, digits and inner hyphens: the slug is part of every course address. */
const COURSE_SLUG = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
/** Letters and digits a person reads off a slide without confusing 0/O or 1/I. */
const ENROLLMENT_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const ENROLLMENT_CODE_LENGTH = 10;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

export function cleanCourseTitle(title: string): string {
  const cleaned = title.replace(CONTROL_CHARACTERS, '').trim();
  if (cleaned === '' || cleaned.length > COURSE_TITLE_MAX_CHARS) throw serviceError('NG_ERR_COURSE_TITLE_REQUIRED', COURSE_TITLE_MAX_CHARS);
  return cleaned;
}

export function cleanCourseSlug(slug: string): string {
  const cleaned = slug.trim().toLowerCase();
  if (!COURSE_SLUG.test(cleaned) || cleaned.includes('--')) throw serviceError('NG_ERR_COURSE_SLUG_INVALID');
  return cleaned;
}

export function cleanTimeZone(timeZone: string): string {
  const cleaned = timeZone.trim();
  if (!isValidTimeZone(cleaned)) throw serviceError('NG_ERR_TIME_ZONE_UNKNOWN', cleaned);
  // The canonical spelling, so "europe/madrid" is stored as "Europe/Madrid".
  return new Intl.DateTimeFormat('en-US', { timeZone: cleaned }).resolvedOptions().timeZone;
}

/** A fresh random enrollment code: about 50 bits, too many to guess at a rate-limited form. */
export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLLMENT_CODE_LENGTH; i += 1) code += ENROLLMENT_CODE_ALPHABET[randomInt(ENROLLMENT_CODE_ALPHABET.length)];
  return code;
}

/** The error a page shows next to its form; anything else is not the person's doing and is rethrown. */
export function asFormError(error: unknown): ServiceError {
  if (error instanceof ServiceError && error.statusCode < 500) return error;
  throw error;
}
