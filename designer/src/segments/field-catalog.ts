import { ATTRIBUTE_PREFIX, CONTACT_FIELDS, type RuleOperator } from '../../../flow/audience-fields';
import { COUNT_OPERATORS, ENGAGEMENT_EVENTS, type CountOperator, type SpecialCondition } from '../../../flow/segment-rule';
import { COMPANY_FIELDS, COMPANY_PREFIX, EXTRA_CONTACT_FIELDS } from '../../../flow/segment-fields';

/**
 * What the segment builder can offer in a condition's field picker, built from the allowlist in
 * flow/ plus the workspace's attribute definitions and topics. Pure data: the builder renders it,
 * `segment-draft.ts` uses it to turn typed text into rule values.
 */

/** The kind of value a field holds; `list` = a multi-valued attribute (an array in JSON). */
export type ValueType = 'string' | 'number' | 'date' | 'boolean' | 'list';

export interface ChoiceOption {
  value: string;
  label: string;
}

/** How one input of a condition is edited. */
export type InputKind =
  | { kind: 'text' }
  | { kind: 'number'; integer?: boolean; min?: number }
  | { kind: 'date' }
  | { kind: 'select'; options: ChoiceOption[] };

export interface ParamSpec {
  name: string;
  label: string;
  input: InputKind;
  required: boolean;
}

export type FieldGroup =
  | 'Contact'
  | 'Custom attributes'
  | 'Company'
  | 'ABC class'
  | 'Purchase history'
  | 'Engagement'
  | 'Consent'
  | 'Lead vs customer';

/** The picker's groups, in the order it shows them. */
export const FIELD_GROUPS: readonly FieldGroup[] = ['Contact', 'Custom attributes', 'Company', 'ABC class', 'Purchase history', 'Engagement', 'Consent', 'Lead vs customer'];

/** A `{ field, operator, value }` condition on a contact column, attribute or company field. */
export interface FieldEntry {
  type: 'field';
  /** Picker value: `field:<field>`. */
  id: string;
  group: FieldGroup;
  label: string;
  field: string;
  valueType: ValueType;
  /** Allowed values (select / checkboxes), or null for free input. */
  options: ChoiceOption[] | null;
  operators: RuleOperator[];
}

/** A purchase / engagement / consent / customer condition (`{ kind, ... }`). */
export interface SpecialEntry {
  type: 'special';
  /** Picker value: `kind:<kind>`. */
  id: string;
  group: FieldGroup;
  label: string;
  kind: SpecialCondition['kind'];
  /** The comparison choices, or empty when the condition has none. */
  operators: ChoiceOption[];
  params: ParamSpec[];
}

export type CatalogEntry = FieldEntry | SpecialEntry;

export interface FieldCatalog {
  entries: CatalogEntry[];
}

/** An attribute definition as GET /api/attribute-definitions returns it. */
export interface AttributeDefinitionInput {
  key: string;
  label: string;
  type: ValueType;
  /** Strings, or `{ value, label }` pairs; null = free input. */
  options: unknown;
}

export interface TopicInput {
  code: string;
  name: string;
}

export const OPERATOR_LABELS: Readonly<Record<ValueType | 'choice', Partial<Record<RuleOperator, string>>>> = {
  string: { eq: 'is', neq: 'is not', contains: 'contains', in: 'is one of', exists: 'is set' },
  choice: { eq: 'is', neq: 'is not', in: 'is one of', exists: 'is set' },
  number: { eq: 'equals', neq: 'does not equal', lt: 'is less than', lte: 'is at most', gt: 'is greater than', gte: 'is at least', in: 'is one of', exists: 'is set' },
  // `eq` on a timestamp would need the exact instant: dates are compared by range only.
  date: { lt: 'is before', lte: 'is on or before', gt: 'is after', gte: 'is on or after', exists: 'is set' },
  boolean: { eq: 'is', exists: 'is set' },
  list: { contains: 'includes', in: 'includes any of', exists: 'is set' },
};

/** The operators a field of this type (with or without a fixed list of values) may use, in picker order. */
export function operatorsFor(valueType: ValueType, hasOptions: boolean): RuleOperator[] {
  const labels = OPERATOR_LABELS[valueType === 'string' && hasOptions ? 'choice' : valueType];
  return Object.keys(labels) as RuleOperator[];
}

/**
 * Labels for an operator a field's type does not offer but a saved rule uses (the API accepts
 * any operator on any field): `favouriteColour eq blue` on a list attribute reads "is".
 */
const SAVED_OPERATOR_LABELS: Readonly<Record<RuleOperator, string>> = {
  eq: 'is',
  neq: 'is not',
  lt: 'is less than',
  lte: 'is at most',
  gt: 'is greater than',
  gte: 'is at least',
  contains: 'contains',
  in: 'is one of',
  exists: 'is set',
};

/** A human label for an operator of a field entry. */
export function operatorLabel(entry: FieldEntry, operator: RuleOperator): string {
  const labels = OPERATOR_LABELS[entry.valueType === 'string' && entry.options ? 'choice' : entry.valueType];
  return labels[operator] ?? SAVED_OPERATOR_LABELS[operator];
}

const COUNT_LABELS: Record<CountOperator, string> = { eq: 'exactly', neq: 'not exactly', lt: 'fewer than', lte: 'at most', gt: 'more than', gte: 'at least' };
const AMOUNT_LABELS: Record<CountOperator, string> = { eq: 'exactly', neq: 'not exactly', lt: 'less than', lte: 'at most', gt: 'more than', gte: 'at least' };
const ABC_OPTIONS: ChoiceOption[] = ['A', 'B', 'C'].map((value) => ({ value, label: value }));
const DATE_RANGE: ParamSpec[] = [
  { name: 'from', label: 'From', input: { kind: 'date' }, required: false },
  { name: 'to', label: 'To', input: { kind: 'date' }, required: false },
];

function fieldEntry(group: FieldGroup, field: string, label: string, valueType: ValueType, options: ChoiceOption[] | null = null): FieldEntry {
  return { type: 'field', id: `field:${field}`, group, label, field, valueType, options, operators: operatorsFor(valueType, options !== null) };
}

function specialEntries(topics: readonly TopicInput[]): SpecialEntry[] {
  const special = (group: FieldGroup, kind: SpecialEntry['kind'], label: string, operators: ChoiceOption[], params: ParamSpec[]): SpecialEntry => ({
    type: 'special',
    id: `kind:${kind}`,
    group,
    label,
    kind,
    operators,
    params,
  });
  const counted = (labels: Record<CountOperator, string>) => COUNT_OPERATORS.map((value) => ({ value, label: labels[value] }));
  return [
    special('Purchase history', 'bought', 'Bought product or family', [], [
      { name: 'productCode', label: 'Product code', input: { kind: 'text' }, required: false },
      { name: 'family', label: 'Family', input: { kind: 'text' }, required: false },
      ...DATE_RANGE,
    ]),
    special('Purchase history', 'purchaseCount', 'Number of orders', counted(COUNT_LABELS), [
      { name: 'value', label: 'Orders', input: { kind: 'number', integer: true, min: 0 }, required: true },
      ...DATE_RANGE,
    ]),
    special('Purchase history', 'purchaseTotal', 'Total spent', counted(AMOUNT_LABELS), [
      { name: 'value', label: 'Amount', input: { kind: 'number' }, required: true },
      ...DATE_RANGE,
    ]),
    special('Purchase history', 'lastPurchase', 'Last order', [
      { value: 'before', label: 'was before' },
      { value: 'after', label: 'was on or after' },
    ], [{ name: 'date', label: 'Date', input: { kind: 'date' }, required: true }]),
    special('Engagement', 'engaged', 'Engaged with a campaign', [], [
      { name: 'event', label: 'Event', input: { kind: 'select', options: ENGAGEMENT_EVENTS.map((value) => ({ value, label: value === 'open' ? 'Opened' : 'Clicked' })) }, required: true },
      ...DATE_RANGE,
    ]),
    special('Consent', 'subscribed', 'Subscribed to topic', [], [
      { name: 'topic', label: 'Topic', input: { kind: 'select', options: topics.map((topic) => ({ value: topic.code, label: topic.name })) }, required: true },
    ]),
    special('Lead vs customer', 'customer', 'Customer or lead', [], [
      {
        name: 'value',
        label: 'Is',
        input: { kind: 'select', options: [{ value: 'true', label: 'a customer (has ordered)' }, { value: 'false', label: 'a lead (never ordered)' }] },
        required: true,
      },
    ]),
  ];
}

/** Attribute options as the API may give them (strings or `{ value, label }`), normalised; null = none. */
export function normaliseOptions(options: unknown): ChoiceOption[] | null {
  if (!Array.isArray(options) || options.length === 0) return null;
  const normalised = options.flatMap((option): ChoiceOption[] => {
    if (typeof option === 'string' || typeof option === 'number') return [{ value: String(option), label: String(option) }];
    if (typeof option === 'object' && option !== null && 'value' in option) {
      const { value, label } = option as { value: unknown; label?: unknown };
      return [{ value: String(value), label: typeof label === 'string' ? label : String(value) }];
    }
    return [];
  });
  return normalised.length > 0 ? normalised : null;
}

/**
 * The whole catalog: contact fields, the workspace's custom attributes (labelled as defined),
 * company fields, ABC class, purchase history, engagement, consent per topic, lead vs customer.
 */
export function buildFieldCatalog(definitions: readonly AttributeDefinitionInput[], topics: readonly TopicInput[]): FieldCatalog {
  const contact = [
    ...Object.entries(CONTACT_FIELDS).map(([field, { label, type }]) => fieldEntry('Contact', field, label, type)),
    fieldEntry('Contact', 'customerCode', EXTRA_CONTACT_FIELDS.customerCode.label, 'string'),
    fieldEntry('Contact', 'position', EXTRA_CONTACT_FIELDS.position.label, 'string'),
  ];
  const taken = new Set(contact.map((entry) => entry.label));
  const attributes = [...definitions]
    .sort((a, b) => a.label.localeCompare(b.label))
    .map((definition) => {
      // Two fields with one label could not be told apart in the picker (nor by a test or a screen reader).
      const label = taken.has(definition.label) ? `${definition.label} (${definition.key})` : definition.label;
      taken.add(label);
      return fieldEntry('Custom attributes', `${ATTRIBUTE_PREFIX}${definition.key}`, label, definition.type, normaliseOptions(definition.options));
    });
  const company = Object.entries(COMPANY_FIELDS).map(([field, { label }]) => fieldEntry('Company', `${COMPANY_PREFIX}${field}`, label, 'string'));
  const abc = fieldEntry('ABC class', 'abcClass', EXTRA_CONTACT_FIELDS.abcClass.label, 'string', ABC_OPTIONS);
  return { entries: [...contact, ...attributes, ...company, abc, ...specialEntries(topics)] };
}

/** The entry a picker value names, if the catalog has it. */
export function findEntry(catalog: FieldCatalog, id: string): CatalogEntry | undefined {
  return catalog.entries.find((entry) => entry.id === id);
}

/** The entry for a field condition's field, if the catalog has it. */
export function entryForField(catalog: FieldCatalog, field: string): FieldEntry | undefined {
  return findEntry(catalog, `field:${field}`) as FieldEntry | undefined;
}

/**
 * A saved rule may name an attribute no definition declares (defined later, or deleted): add an
 * entry for it, typed from the value it is compared with, so the builder can still show and
 * edit it instead of silently changing its meaning.
 */
export function withUndeclaredAttribute(catalog: FieldCatalog, field: string, sample: unknown): FieldCatalog {
  if (!field.startsWith(ATTRIBUTE_PREFIX) || entryForField(catalog, field)) return catalog;
  const first = Array.isArray(sample) ? sample[0] : sample;
  const valueType: ValueType = typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean' : 'string';
  const entry = fieldEntry('Custom attributes', field, `${field.slice(ATTRIBUTE_PREFIX.length)} (undeclared)`, valueType);
  return { entries: [...catalog.entries, entry] };
}

/**
 * A saved rule may compare a field with an operator its type does not offer (`eq` on a list
 * attribute, saved through the API): offer that operator on this entry too, after the usual
 * ones, so the builder shows and keeps the operator that was saved instead of another one.
 */
export function withSavedOperator(catalog: FieldCatalog, field: string, operator: RuleOperator): FieldCatalog {
  return mapFieldEntry(catalog, field, (entry) => (entry.operators.includes(operator) ? entry : { ...entry, operators: [...entry.operators, operator] }));
}

/** A saved value outside a field's fixed choices (a choice removed since): keep it selectable. */
export function withSavedOption(catalog: FieldCatalog, field: string, value: string): FieldCatalog {
  return mapFieldEntry(catalog, field, (entry) =>
    !entry.options || entry.options.some((option) => option.value === value) ? entry : { ...entry, options: [...entry.options, { value, label: `${value} (not a listed value)` }] },
  );
}

function mapFieldEntry(catalog: FieldCatalog, field: string, change: (entry: FieldEntry) => FieldEntry): FieldCatalog {
  const entry = entryForField(catalog, field);
  if (!entry) return catalog;
  const changed = change(entry);
  return changed === entry ? catalog : { entries: catalog.entries.map((candidate) => (candidate === entry ? changed : candidate)) };
}

/** A topic a saved rule names that the topic list does not have: keep it selectable. */
export function withUnknownTopic(catalog: FieldCatalog, code: string): FieldCatalog {
  return {
    entries: catalog.entries.map((entry) => {
      if (entry.type !== 'special' || entry.kind !== 'subscribed') return entry;
      const [topic] = entry.params;
      if (!topic || topic.input.kind !== 'select' || topic.input.options.some((option) => option.value === code)) return entry;
      const options = [...topic.input.options, { value: code, label: `${code} (unknown topic)` }];
      return { ...entry, params: [{ ...topic, input: { kind: 'select', options } }] };
    }),
  };
}

/** Entries by group, in picker order, empty groups left out. */
export function groupedEntries(catalog: FieldCatalog): { group: FieldGroup; entries: CatalogEntry[] }[] {
  return FIELD_GROUPS.map((group) => ({ group, entries: catalog.entries.filter((entry) => entry.group === group) })).filter((item) => item.entries.length > 0);
}
