import type { JsonSchema } from './field-editor';

/**
 * A config that is a union of objects (the audience's sources: flat rules, segment, list, rule
 * tree) is edited through the member whose fields hold the current value; the first otherwise.
 */
export function formSchemaFor(schema: JsonSchema, value: Record<string, unknown>): JsonSchema {
  if (schema.properties || !schema.anyOf) return schema;
  const keys = Object.keys(value);
  return schema.anyOf.find((member) => keys.every((key) => key in (member.properties ?? {}))) ?? schema.anyOf[0] ?? schema;
}
