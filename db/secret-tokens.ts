import { createHash, randomBytes } from 'node:crypto';

/**
 * Session cookies, reset links and API tokens are 256-bit random secrets; only their SHA-256 is
 * stored, so a copy of the database holds nothing that signs anyone in. A fast hash is right
 * here (unlike passwords): the secret has full entropy, there is nothing to guess.
 */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
