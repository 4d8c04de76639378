import { describe, expect, it } from 'vitest';
import type { AttributeDefinition } from '../../designer/src/api/crm-client';
import { attributeRows, formatAttribute } from '../../designer/src/contacts/attribute-format';

const number = (key: string, label: string): AttributeDefinition => ({ key, label, type: 'number', options: null, createdAt: '2026-01-05T09:00:00.000Z' });

describe("a contact's attributes as the contact page shows them", () => {
  it('writes years and codes as plain digits, quantities with digit grouping', () => {
    const definitions = [number('customerSince', 'Customer since (year)'), number('lifetimeSpend', 'Lifetime spend'), number('birthYear', 'Born'), number('memberCode', 'Member')];
    const rows = attributeRows({ customerSince: 2015, lifetimeSpend: 12_500, birthYear: 1984, memberCode: 4_201_337 }, definitions);
    expect(Object.fromEntries(rows.map((row) => [row.label, row.value]))).toEqual({
      'Customer since (year)': '2015',
      'Lifetime spend': (12_500).toLocaleString(),
      Born: '1984',
      Member: '4201337',
    });
    // A four-digit whole number is never grouped, whatever the attribute is called ("Founded 1998").
    expect(formatAttribute(1998, number('founded', 'Founded'))).toBe('1998');
    expect(formatAttribute(2.5, number('rating', 'Rating'))).toBe((2.5).toLocaleString());
  });
});
