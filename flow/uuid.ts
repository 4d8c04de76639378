/**
 * The one uuid pattern of the project (flow/ registers no TypeBox formats: it runs in the
 * browser too). Lint refuses another copy of it anywhere else.
 */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const UUID = new RegExp(UUID_PATTERN);

/** Whether `value` is a uuid (any case). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The pattern without its anchors, to build larger patterns (a cursor that ends in an id). */
export const UUID_PATTERN_BODY = UUID_PATTERN.slice(1, -1);
