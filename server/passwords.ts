import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are stored as argon2id hashes (the library's default algorithm) in PHC string form,
 * `$argon2id$v=19$m=…,t=…,p=…$salt$hash`, so the parameters travel with each hash and can be
 * raised later without invalidating stored ones.
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash matches no password.
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification without a real hash, so a sign-in attempt for an unknown
 * email takes as long as one for a known email with a wrong password and does not reveal which
 * accounts exist.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hash('decoy password that matches nothing');
  await verify(await decoyHash, password).catch(() => false);
  return false;
}
