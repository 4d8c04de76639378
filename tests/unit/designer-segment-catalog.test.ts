import { describe, expect, it } from 'vitest';
import { RULE_OPERATORS } from '../../flow/audience-fields';
import { isSegmentField } from '../../flow/segment-fields';
import {
  FIELD_GROUPS,
  buildFieldCatalog,
  entryForField,
  findEntry,
  groupedEntries,
  normaliseOptions,
  operatorLabel,
  operatorsFor,
  withUndeclaredAttribute,
  withUnknownTopic,
  type FieldEntry,
  type SpecialEntry,
} from '../../designer/src/segments/field-catalog';

const definitions = [
  { key: 'shoeSize', label: 'Shoe size', type: 'number' as const, options: null },
  { key: 'favouriteColour', label: 'Favourite colour', type: 'string' as const, options: ['blue', 'red', 'green'] },
  { key: 'interests', label: 'Interests', type: 'list' as const, options: [{ value: 'wifi', label: 'Wi-Fi' }, { value: 'cables' }] },
  { key: 'birthDate', label: 'Birth date', type: 'date' as const, options: null },
  { key: 'decisionMaker', label: 'Decision maker', type: 'boolean' as const, options: null },
  // Clashes with the contact field "City": must stay distinguishable in the picker.
  { key: 'city', label: 'City', type: 'string' as const, options: null },
];
const topics = [{ code: 'network-equipment', name: 'Network equipment' }, { code: 'newsletter', name: 'Newsletter' }];
const catalog = buildFieldCatalog(definitions, topics);

function field(name: string): FieldEntry {
  const entry = entryForField(catalog, name);
  if (!entry) throw new Error(`no entry for ${name}`);
  return entry;
}
function special(kind: string): SpecialEntry {
  const entry = findEntry(catalog, `kind:${kind}`);
  if (entry?.type !== 'special') throw new Error(`no special entry ${kind}`);
  return entry;
}

describe('segment builder field catalog', () => {
  it('offers, per value type, only operators that make sense for it, all from the flow/ allowlist', () => {
    expect(operatorsFor('string', false)).toEqual(['eq', 'neq', 'contains', 'in', 'exists']);
    expect(operatorsFor('string', true)).toEqual(['eq', 'neq', 'in', 'exists']);
    expect(operatorsFor('number', false)).toEqual(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'exists']);
    expect(operatorsFor('date', false)).toEqual(['lt', 'lte', 'gt', 'gte', 'exists']);
    expect(operatorsFor('boolean', false)).toEqual(['eq', 'exists']);
    expect(operatorsFor('list', true)).toEqual(['contains', 'in', 'exists']);
    for (const entry of catalog.entries) {
      if (entry.type === 'field') for (const operator of entry.operators) expect(RULE_OPERATORS).toContain(operator);
    }
    expect(operatorLabel(field('attributes.birthDate'), 'lt')).toBe('is before');
    expect(operatorLabel(field('attributes.shoeSize'), 'gt')).toBe('is greater than');
    expect(operatorLabel(field('attributes.interests'), 'contains')).toBe('includes');
  });

  it('types custom attributes from their definitions, with their labels and options', () => {
    expect(field('attributes.shoeSize')).toMatchObject({ group: 'Custom attributes', label: 'Shoe size', valueType: 'number', options: null });
    expect(field('attributes.favouriteColour')).toMatchObject({
      valueType: 'string',
      options: [{ value: 'blue', label: 'blue' }, { value: 'red', label: 'red' }, { value: 'green', label: 'green' }],
      operators: ['eq', 'neq', 'in', 'exists'],
    });
    expect(field('attributes.interests').options).toEqual([{ value: 'wifi', label: 'Wi-Fi' }, { value: 'cables', label: 'cables' }]);
    expect(field('attributes.decisionMaker').operators).toEqual(['eq', 'exists']);
    expect(field('attributes.city').label).toBe('City (city)');
    expect(field('city').label).toBe('City');
  });

  it('names only fields the segment compiler accepts, and covers every group of the picker', () => {
    for (const entry of catalog.entries) {
      if (entry.type === 'field') expect(isSegmentField(entry.field), entry.field).toBe(true);
    }
    expect(groupedEntries(catalog).map((group) => group.group)).toEqual(FIELD_GROUPS);
    expect(field('company.industry')).toMatchObject({ group: 'Company', valueType: 'string' });
    expect(field('abcClass')).toMatchObject({ group: 'ABC class', options: [{ value: 'A', label: 'A' }, { value: 'B', label: 'B' }, { value: 'C', label: 'C' }] });
    const labels = catalog.entries.map((entry) => entry.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('describes the special conditions with their comparisons and inputs', () => {
    expect(special('purchaseCount').operators.map((option) => option.value)).toEqual(['eq', 'neq', 'lt', 'lte', 'gt', 'gte']);
    expect(special('purchaseCount').params.find((param) => param.name === 'value')?.input).toEqual({ kind: 'number', integer: true, min: 0 });
    expect(special('lastPurchase').operators.map((option) => option.value)).toEqual(['before', 'after']);
    expect(special('bought').params.map((param) => param.name)).toEqual(['productCode', 'family', 'from', 'to']);
    expect(special('engaged').params[0]).toMatchObject({ name: 'event', input: { kind: 'select', options: [{ value: 'open' }, { value: 'click' }] } });
    expect(special('subscribed').params[0]?.input).toEqual({
      kind: 'select',
      options: [{ value: 'network-equipment', label: 'Network equipment' }, { value: 'newsletter', label: 'Newsletter' }],
    });
    expect(special('customer')).toMatchObject({ group: 'Lead vs customer' });
  });

  it('keeps what a saved rule names but the workspace no longer declares', () => {
    const extended = withUndeclaredAttribute(catalog, 'attributes.loyaltyPoints', 120);
    expect(entryForField(extended, 'attributes.loyaltyPoints')).toMatchObject({ label: 'loyaltyPoints (undeclared)', valueType: 'number' });
    expect(withUndeclaredAttribute(catalog, 'attributes.shoeSize', 'x')).toBe(catalog);
    const withTopic = withUnknownTopic(catalog, 'retired-topic');
    const topic = (findEntry(withTopic, 'kind:subscribed') as SpecialEntry).params[0]!;
    expect(topic.input.kind === 'select' && topic.input.options.at(-1)).toEqual({ value: 'retired-topic', label: 'retired-topic (unknown topic)' });
    expect(normaliseOptions([])).toBeNull();
    expect(normaliseOptions(null)).toBeNull();
  });
});
