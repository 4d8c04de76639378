import type { AttributeDefinition } from '../api/crm-client';

const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A value shown for what it is, when no definition says more: lists joined, objects as JSON. */
function plain(value: unknown): string {
  if (Array.isArray(value)) return value.map(plain).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A custom attribute's value as its definition types it: numbers with digit grouping, dates as
 * the reader's calendar day (YYYY-MM-DD has no time, so no time-zone shift), booleans as Yes/No,
 * lists joined. A value that does not fit its type (written before the key was defined) is shown
 * as it is rather than hidden.
 */
export function formatAttribute(value: unknown, definition: Pick<AttributeDefinition, 'type'> | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (definition?.type) {
    case 'number':
      return typeof value === 'number' ? value.toLocaleString() : plain(value);
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
