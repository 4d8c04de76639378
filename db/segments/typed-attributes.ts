import { ATTRIBUTE_PREFIX } from '../../flow/audience-fields';
import type { FieldCondition } from '../../flow/segment-rule';
import type { Db } from '../pool';
import type { Param } from './compile-segment';

/** Declared attribute types (attribute_definitions), by key. Untyped keys compile as before. */
export type AttributeTypes = Record<string, 'string' | 'number' | 'date' | 'boolean' | 'list'>;

export async function loadAttributeTypes(db: Db): Promise<AttributeTypes> {
  const { rows } = await db.query<{ key: string; type: AttributeTypes[string] }>('SELECT key, type FROM attribute_definitions');
  return Object.fromEntries(rows.map((row) => [row.key, row.type]));
}

const COMPARISONS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * Typed comparisons for declared attributes: dates compare as dates (a value that is not an ISO
 * date never matches, never errors), list attributes test membership with containment (GIN).
 * Returns undefined when the untyped compiler should handle the condition.
 */
export function compileTypedAttribute(condition: FieldCondition, param: Param, types: AttributeTypes): string | undefined {
  if (!condition.field.startsWith(ATTRIBUTE_PREFIX)) return undefined;
  const key = condition.field.slice(ATTRIBUTE_PREFIX.length);
  const type = types[key];
  const { operator, value } = condition;
  if (type === 'date' && operator in COMPARISONS) {
    const text = `(c.attributes ->> ${param(key)}::text)`;
    const op = COMPARISONS[operator as keyof typeof COMPARISONS];
    return `CASE WHEN ${text} ~ '^\\d{4}-\\d{2}-\\d{2}' THEN left(${text}, 10)::date END ${op} ${param(String(value))}::date`;
  }
  if (type === 'list' && (operator === 'contains' || operator === 'eq')) {
    return `c.attributes @> ${param(JSON.stringify({ [key]: [value] }))}::jsonb`;
  }
  if (type === 'list' && operator === 'in' && Array.isArray(value)) {
    return `(c.attributes -> ${param(key)}::text) ?| ${param(value.map(String))}::text[]`;
  }
  return undefined;
}
