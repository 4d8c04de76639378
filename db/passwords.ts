import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are argon2id PHC strings (@node-rs/argon2: prebuilt, maintained, OWASP's first
 * choice). The library's defaults (19 MiB, 2 passes) are OWASP's minimum for argon2id.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Checked against when no user matches, so "no such user" costs as long as "wrong password".
const NOBODY_HASH = hash('no user has this password');

/** True when `password` matches `stored`; a missing hash is verified against a dummy so timing tells nothing. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    await verify(await NOBODY_HASH, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
