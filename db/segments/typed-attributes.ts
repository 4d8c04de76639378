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

/** Attribute types whose range comparisons have an expression index. */
export type RangeType = 'number' | 'date';

/**
 * The SQL reading attribute `key` (an SQL literal or parameter) of `attributes` as a number or a
 * date; NULL when the stored value is not one. ONE builder for the compiler and for the
 * expression index each number/date definition creates (db/attribute-definitions.ts): the planner
 * only uses an expression index for the very same expression.
 */
export function typedAttributeSql(type: RangeType, attributes: string, key: string): string {
  return type === 'number'
    ? `CASE WHEN jsonb_typeof(${attributes} -> ${key}) = 'number' THEN (${attributes} ->> ${key})::numeric END`
    : `attribute_date(${attributes} ->> ${key})`; // IMMUTABLE, from migration 0004
}

/**
 * Range comparisons on declared number and date attributes (a number compares as a number only
 * against a number, as in the flat compiler; a stored value that is not a date never matches,
 * never errors). Returned already two-valued — a missing value is FALSE, not NULL — because the
 * caller's usual `COALESCE(..., FALSE)` wrapper would hide the comparison from the planner and
 * so from the key's expression index. Undefined when another compiler should handle it.
 */
export function compileTypedRange(condition: FieldCondition, param: Param, types: AttributeTypes): string | undefined {
  if (!condition.field.startsWith(ATTRIBUTE_PREFIX) || !(condition.operator in COMPARISONS)) return undefined;
  const key = condition.field.slice(ATTRIBUTE_PREFIX.length);
  const type = types[key];
  let bound: string;
  if (type === 'date') bound = `${param(String(condition.value))}::date`;
  else if (type === 'number' && typeof condition.value === 'number') bound = `${param(condition.value)}::numeric`;
  else return undefined;
  const read = () => typedAttributeSql(type, 'c.attributes', `${param(key)}::text`);
  return `(${read()} IS NOT NULL AND ${read()} ${COMPARISONS[condition.operator as keyof typeof COMPARISONS]} ${bound})`;
}

/**
 * List attributes (arrays of options) test membership with containment (GIN). Returns undefined
 * when the untyped compiler should handle the condition.
 */
export function compileTypedAttribute(condition: FieldCondition, param: Param, types: AttributeTypes): string | undefined {
  if (!condition.field.startsWith(ATTRIBUTE_PREFIX)) return undefined;
  const key = condition.field.slice(ATTRIBUTE_PREFIX.length);
  const { operator, value } = condition;
  if (types[key] !== 'list') return undefined;
  if (operator === 'contains' || operator === 'eq') {
    return `c.attributes @> ${param(JSON.stringify({ [key]: [value] }))}::jsonb`;
  }
  if (operator === 'neq') {
    // "is not blue": the list does not hold blue (a contact without the attribute matches, as
    // `neq` does on untyped attributes). Containment of a bare value would never match an array.
    return `NOT (c.attributes @> ${param(JSON.stringify({ [key]: [value] }))}::jsonb)`;
  }
  if (operator === 'in' && Array.isArray(value)) {
    return `(c.attributes -> ${param(key)}::text) ?| ${param(value.map(String))}::text[]`;
  }
  return undefined;
}
