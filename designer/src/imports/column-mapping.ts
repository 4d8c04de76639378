import { ATTRIBUTE_KEY_PATTERN, ATTRIBUTE_PREFIX } from '../../../flow/audience-fields';
import type { AttributeDefinition } from '../api/crm-client';
import type { CsvImportKind, ImportTarget } from './import-kinds';

/** The target that drops a column (the server's `ignore`). */
export const IGNORE = 'ignore';

/** CSV column name → target value (a field, `attributes.<key>` or `ignore`). */
export type ColumnMapping = Record<string, string>;

/**
 * A header reduced to what identifies it: lower case, accents and every non-alphanumeric
 * character dropped, so "E-Mail", "e_mail" and " Email " all read as "email".
 */
export function normaliseHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The attribute key a column would get as a new attribute: `attributes.<key>` headers (as the
 * export writes them) keep their key, others become camelCase ("Shoe size" → shoeSize).
 * Undefined when nothing usable is left.
 */
export function attributeKeyFor(header: string): string | undefined {
  const trimmed = header.trim();
  if (trimmed.startsWith(ATTRIBUTE_PREFIX)) {
    const key = trimmed.slice(ATTRIBUTE_PREFIX.length);
    return ATTRIBUTE_KEY_PATTERN.test(key) ? key : undefined;
  }
  const words = trimmed
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
  if (words.length === 0) return undefined;
  const camel = words.map((word, index) => (index === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  const key = (/^[0-9]/.test(camel) ? `_${camel}` : camel).slice(0, 63);
  return ATTRIBUTE_KEY_PATTERN.test(key) ? key : undefined;
}

/** The defined custom attributes as targets of a contacts import. */
export function attributeTargets(definitions: readonly AttributeDefinition[]): ImportTarget[] {
  return definitions.map((definition) => ({
    value: `${ATTRIBUTE_PREFIX}${definition.key}`,
    label: `${definition.label} (attribute)`,
    aliases: [definition.key, definition.label],
  }));
}

/**
 * Every target one column may choose: the kind's fields, then (contacts only) the defined
 * attributes and a new attribute named after the column unless one of that key exists.
 */
export function targetsForColumn(kind: CsvImportKind, attributes: readonly ImportTarget[], column: string): ImportTarget[] {
  if (kind.kind !== 'contacts') return [...kind.fields];
  const key = attributeKeyFor(column);
  const fresh = key !== undefined && !attributes.some((target) => target.value === `${ATTRIBUTE_PREFIX}${key}`);
  return [...kind.fields, ...attributes, ...(fresh ? [{ value: `${ATTRIBUTE_PREFIX}${key}`, label: `New attribute “${key}”` }] : [])];
}

function matches(target: ImportTarget, normalised: string): boolean {
  const names = [target.value, target.label, ...(target.aliases ?? [])];
  return names.some((name) => normaliseHeader(name) === normalised);
}

/**
 * Guess a target for each column by its normalised name (field name, label or alias). Each
 * target goes to the first column that names it; later columns naming it again, and columns
 * naming nothing known, are ignored. An `attributes.<key>` header keeps that attribute even
 * when it is not defined (the server stores it untyped), so an export imports back unchanged.
 * `keep` carries choices made by hand for columns of the same name (a fixed file, re-picked).
 */
export function guessMapping(kind: CsvImportKind, attributes: readonly ImportTarget[], columns: readonly string[], keep: ColumnMapping = {}): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  const choose = (column: string, target: string) => {
    mapping[column] = target;
    if (target !== IGNORE) taken.add(target);
  };
  for (const column of columns) {
    const kept = keep[column];
    if (kept !== undefined && !(kept !== IGNORE && taken.has(kept)) && (kept === IGNORE || targetsForColumn(kind, attributes, column).some((target) => target.value === kept))) {
      choose(column, kept);
      continue;
    }
    const normalised = normaliseHeader(column);
    const known = [...kind.fields, ...(kind.kind === 'contacts' ? attributes : [])].find((target) => !taken.has(target.value) && matches(target, normalised));
    if (known) choose(column, known.value);
    else if (kind.kind === 'contacts' && column.trim().startsWith(ATTRIBUTE_PREFIX) && attributeKeyFor(column) && !taken.has(`${ATTRIBUTE_PREFIX}${attributeKeyFor(column)}`)) {
      choose(column, `${ATTRIBUTE_PREFIX}${attributeKeyFor(column)}`);
    } else choose(column, IGNORE);
  }
  return mapping;
}

/**
 * Why the mapping cannot be sent yet, one sentence each (empty when it can): columns of the
 * same name, two columns into one field, required fields nobody fills.
 */
export function mappingProblems(kind: CsvImportKind, columns: readonly string[], mapping: ColumnMapping, targetLabel: (value: string) => string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) problems.push(`Two columns are called “${column}”: rename one in the file.`);
    seen.add(column);
  }
  const columnsOf = new Map<string, string[]>();
  for (const column of new Set(columns)) {
    const target = mapping[column] ?? IGNORE;
    if (target === IGNORE) continue;
    columnsOf.set(target, [...(columnsOf.get(target) ?? []), column]);
  }
  for (const [target, sources] of columnsOf) {
    if (sources.length > 1) problems.push(`Columns ${sources.map((source) => `“${source}”`).join(' and ')} all go to ${targetLabel(target)}: choose one.`);
  }
  for (const requirement of kind.required) {
    if (!requirement.anyOf.some((field) => columnsOf.has(field))) problems.push(requirement.message);
  }
  return problems;
}
