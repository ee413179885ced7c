/**
 * The rules for what a person types when creating an account or changing a password, shared by
 * sign-up, invitations and the password page. Each rule fails with a catalogue error.
 */
import { serviceError, type ServiceError } from './errors.js';
import { normalizeEmail } from './plugins/auth.js';

export const PASSWORD_MIN_LENGTH = 10;
/** argon2 takes any length; a cap keeps one request from hashing megabytes. */
export const PASSWORD_MAX_LENGTH = 1000;
export const NAME_MAX_CHARS = 100;
const EMAIL_MAX_CHARS = 254;

/** The first problem with a new password, or undefined. */
export function passwordProblem(password: string, repeated: string, email: string): ServiceError | undefined {
  // Counted in code points, as a person counts characters.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) return serviceError('NG_ERR_PASSWORD_LENGTH', PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH);
  if (normalizeEmail(password) === normalizeEmail(email)) return serviceError('NG_ERR_PASSWORD_IS_EMAIL');
  if (password !== repeated) return serviceError('NG_ERR_PASSWORDS_DIFFER');
  return undefined;
}

/** The name as stored (trimmed, control characters removed), or an error. */
export function cleanName(name: string): string | ServiceError {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (cleaned === '' || cleaned.length > NAME_MAX_CHARS) return serviceError('NG_ERR_NAME_REQUIRED');
  return cleaned;
}

/**
 * The email as stored, or an error. Only the shape `local@domain` is checked: whether the address
 * receives mail is not something a form can tell.
 */
export function cleanEmail(email: string): string | ServiceError {
  const normalized = normalizeEmail(email);
  if (normalized.length > EMAIL_MAX_CHARS || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalized)) return serviceError('NG_ERR_EMAIL_INVALID');
  return normalized;
}
