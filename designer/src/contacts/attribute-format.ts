import type { AttributeDefinition } from '../api/crm-client';

const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A value shown for what it is, when no definition says more: lists joined, objects as JSON. */
function plain(value: unknown): string {
  if (Array.isArray(value)) return value.map(plain).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Words naming a value that is a number but not a quantity: a year, a code, an identifier. */
const IDENTIFIER_WORDS = /\b(year|years|code|id|zip|postcode|postal|phone|vat|iban)\b/i;

/** The words an attribute is known by: its key split at camelCase and underscores (`birthYear` → "birth Year"), and its label. */
function namedWords(definition: Partial<Pick<AttributeDefinition, 'key' | 'label'>>): string {
  return `${(definition.key ?? '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ')} ${definition.label ?? ''}`;
}

/**
 * A number as people read it: a quantity with digit grouping (12,500), but a year or a code as
 * its plain digits (2015, not "2,015"). Years are recognised by the attribute's name, and any
 * four-digit whole number goes ungrouped too (style guides allow it), so "Founded: 1998" reads
 * right whatever the attribute is called.
 */
function formatNumber(value: number, definition: Partial<Pick<AttributeDefinition, 'key' | 'label'>>): string {
  if (IDENTIFIER_WORDS.test(namedWords(definition))) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 10_000) return String(value);
  return value.toLocaleString();
}

/**
 * A custom attribute's value as its definition types it: quantities with digit grouping (years
 * and codes as plain digits), dates as
 * the reader's calendar day (YYYY-MM-DD has no time, so no time-zone shift), booleans as Yes/No,
 * lists joined. A value that does not fit its type (written before the key was defined) is shown
 * as it is rather than hidden.
 */
export function formatAttribute(value: unknown, definition: Pick<AttributeDefinition, 'type'> & Partial<Pick<AttributeDefinition, 'key' | 'label'>> | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (definition?.type) {
    case 'number':
      return typeof value === 'number' ? formatNumber(value, definition) : plain(value);
    case 'date': {
      const match = typeof value === 'string' ? ISO_DAY.exec(value) : null;
      if (!match) return plain(value);
      const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
      return Number.isNaN(day.getTime()) ? plain(value) : DAY.format(day);
    }
    case 'boolean':
      return value === true ? 'Yes' : value === false ? 'No' : plain(value);
    default:
      return plain(value);
  }
}

export interface AttributeRow {
  key: string;
  label: string;
  value: string;
  defined: boolean;
}

/**
 * The rows of a contact's attribute list: defined keys first, in the definitions' order and
 * under their labels; then keys nobody defined, by key, under the key itself.
 */
export function attributeRows(attributes: Record<string, unknown>, definitions: readonly AttributeDefinition[]): AttributeRow[] {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const defined = definitions
    .filter((definition) => Object.prototype.hasOwnProperty.call(attributes, definition.key))
    .map((definition) => ({ key: definition.key, label: definition.label, value: formatAttribute(attributes[definition.key], definition), defined: true }));
  const undefinedKeys = Object.keys(attributes)
    .filter((key) => !byKey.has(key))
    .sort()
    .map((key) => ({ key, label: key, value: formatAttribute(attributes[key], undefined), defined: false }));
  return [...defined, ...undefinedKeys];
}
