import { Type } from '@sinclair/typebox';

/**
 * THE e-mail rule of the API and of the CSV imports, written once: api/app.ts registers it as
 * Ajv's `email` format, so every `format: 'email'` in a schema means this pattern, and the imports
 * test their cells with `isEmail`. One address and nothing else: a
 * display name (`Name <a@b.test>`) or a list (`a@b.test,c`) is refused, as either would mail
 * someone the row does not name. (The pattern is the one ajv-formats had given the API.)
 */
export const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** The longest address stored (RFC 5321's 64-character local part + @ + 255-character domain). */
export const EMAIL_MAX_LENGTH = 320;

/** An e-mail address in a request body. */
export const EmailSchema = Type.String({ format: 'email', maxLength: EMAIL_MAX_LENGTH });

/** Whether `text` passes `EmailSchema`: what the imports check each e-mail cell with. */
export function isEmail(text: string): boolean {
  return text.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(text);
}
