import type { KeysetKey } from '../db/keyset';
import { UUID_PATTERN_BODY } from '../flow/uuid';
import { problem, ProblemError } from './problem';

/** Cursors are opaque to clients: base64url of the last key, so the key's form may change. */
export function encodeCursor(key: KeysetKey): string {
  return Buffer.from(`${key.createdAt}|${key.id}`).toString('base64url');
}

const CURSOR_PATTERN = new RegExp(`^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z)\\|(${UUID_PATTERN_BODY})$`);

/** The key a cursor of this API stands for; anything else is a 400 naming `after`. */
export function decodeCursor(cursor: string): KeysetKey {
  const match = CURSOR_PATTERN.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) {
    throw new ProblemError(problem(400, 'VALIDATION_FAILED', 'The query string is not valid (after: not a cursor)', [{ field: 'after', message: 'is not a cursor returned by this API' }]));
  }
  return { createdAt: match[1]!, id: match[2]! };
}
