import type { AttributeType } from '../contracts/attribute-definition';
import type { Queryable } from './pool';
import type { FieldProblem } from './write-refusal';

/**
 * Custom attributes are checked against their definitions on every contact write (API, bulk,
 * CSV import, lead conversion). A key WITH a definition must hold a value of its type and is
 * stored in its typed JSON form; a key WITHOUT one is kept exactly as given. Free-form keys stay
 * allowed on purpose: imports and integrations bring fields nobody declared yet, and refusing
 * them would lose data; declaring the key later makes every new write typed (docs/decisions.md).
 */

/** What a value of one declared key must be. `options` null: a list declared without options. */
export interface AttributeRule {
  type: AttributeType;
  options: string[] | null;
}
export type AttributeRules = ReadonlyMap<string, AttributeRule>;


export async function loadAttributeRules(db: Queryable): Promise<AttributeRules> {
  const { rows } = await db.query<{ key: string; type: AttributeType; options: string[] | null }>('SELECT key, type, options FROM attribute_definitions');
  return new Map(rows.map((row) => [row.key, { type: row.type, options: row.options }]));
}

export type CheckedValue = { value: unknown } | { error: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Plain decimal notation only: `Number()` would also take '0x1F', ' ' or 'Infinity'. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const CSV_BOOLEANS = new Map<string, boolean>([['true', true], ['false', false], ['yes', true], ['no', false], ['1', true], ['0', false]]);

/** A real calendar day written YYYY-MM-DD (2023-02-29 is not one). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * A list attribute holds the options picked, as an array (the segment compiler tests membership
 * by containment). A single option is accepted and stored as a one-element array.
 */
function listValue(rule: AttributeRule, items: unknown[]): CheckedValue {
  const allowed = rule.options;
  const choice = allowed ? `must be one of: ${allowed.join(', ')}` : 'must be text or a list of text';
  for (const item of items) {
    if (typeof item !== 'string' || (allowed !== null && !allowed.includes(item))) return { error: choice };
  }
  return { value: [...new Set(items)] };
}

/** A JSON value (API body, lead) of a declared key, in its typed form, or why it is not one. */
export function checkAttributeValue(rule: AttributeRule, value: unknown): CheckedValue {
  switch (rule.type) {
    case 'string':
      return typeof value === 'string' ? { value } : { error: 'must be text' };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : { error: 'must be a number' };
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? { value } : { error: 'must be a date written YYYY-MM-DD' };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { error: 'must be true or false' };
    case 'list':
      return listValue(rule, Array.isArray(value) ? value : [value]);
  }
}

/**
 * A CSV cell (never empty: empty cells are skipped) of an attribute column, in its typed form.
 * Files are text, so numbers and booleans arrive as words; list options are separated by `|`.
 */
export function parseAttributeCell(rule: AttributeRule | undefined, raw: string): CheckedValue {
  if (!rule) return { value: raw };
  switch (rule.type) {
    case 'number':
      return DECIMAL.test(raw) && Number.isFinite(Number(raw)) ? { value: Number(raw) } : { error: 'must be a number' };
    case 'boolean': {
      const value = CSV_BOOLEANS.get(raw.toLowerCase());
      return value === undefined ? { error: 'must be true, false, yes, no, 1 or 0' } : { value };
    }
    case 'list':
      return listValue(rule, raw.split('|').map((item) => item.trim()).filter((item) => item !== ''));
    default:
      // Text and dates are checked as they are written.
      return checkAttributeValue(rule, raw);
  }
}

/**
 * Check every declared key of `attributes`; `path` names them the way the client wrote them
 * (`attributes`, `contacts[3].attributes`). Undeclared keys pass through unchanged.
 */
export function checkAttributes(
  rules: AttributeRules,
  attributes: Record<string, unknown>,
  path: string,
): { attributes: Record<string, unknown>; problems: FieldProblem[] } {
  const typed: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const rule = rules.get(key);
    if (!rule) {
      typed[key] = value;
      continue;
    }
    const checked = checkAttributeValue(rule, value);
    if ('error' in checked) problems.push({ field: `${path}.${key}`, message: checked.error });
    else typed[key] = checked.value;
  }
  return { attributes: typed, problems };
}

/**
 * Check a JSON merge patch of attributes (RFC 7396): a key set to null is a removal and is not
 * checked; the others are checked as in `checkAttributes`. The result keeps the nulls.
 */
export function checkAttributePatch(
  rules: AttributeRules,
  attributes: Record<string, unknown>,
  path: string,
): { attributes: Record<string, unknown>; problems: FieldProblem[] } {
  const entries = Object.entries(attributes);
  const checked = checkAttributes(rules, Object.fromEntries(entries.filter(([, value]) => value !== null)), path);
  const removals = entries.filter(([, value]) => value === null);
  return { attributes: { ...checked.attributes, ...Object.fromEntries(removals) }, problems: checked.problems };
}

/** The SET assignment applying a checked attribute patch to `alias.attributes`; values go to `params`. */
export function attributePatchSql(alias: string, patch: Record<string, unknown>, params: unknown[]): string {
  const entries = Object.entries(patch);
  params.push(JSON.stringify(Object.fromEntries(entries.filter(([, value]) => value !== null))));
  params.push(entries.filter(([, value]) => value === null).map(([key]) => key));
  return `attributes = (${alias}.attributes || $${params.length - 1}::jsonb) - $${params.length}::text[]`;
}
