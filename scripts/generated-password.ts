import { randomInt } from 'node:crypto';

/**
 * Lower-case letters and digits without the look-alikes (0/o, 1/l/i): a password read off a
 * terminal and typed on another screen is typed right the first time.
 */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 5;

/**
 * A password for a person who will be told it once (first start, `npm run user`): 20 symbols of
 * a 31-letter alphabet drawn by `crypto.randomInt` (unbiased), about 99 bits, in groups of five
 * for reading aloud — `k7mqx-3tp9w-zrh4n-db2fe`, 23 characters.
 */
export function generatePassword(): string {
  return Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  ).join('-');
}
