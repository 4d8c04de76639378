import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSegmentRule } from '../../db/segments/compile-segment';
import type { SegmentRule } from '../../flow/segment-rule';
import { validateSegmentRule } from '../../flow/segment-validate';
import { BOUNDARY_DAYS, generateDataset, insertDataset, TOPICS, type DatasetContact } from '../support/segment-dataset';
import { evaluateSegment } from '../support/segment-reference';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const day = fc.constantFrom(...BOUNDARY_DAYS);
const countOperator = fc.constantFrom('eq', 'neq', 'lt', 'lte', 'gt', 'gte' as const);
/** An optional, ordered date range (from ≤ to). */
const range = fc.tuple(fc.option(day, { nil: undefined }), fc.option(day, { nil: undefined })).map(([a, b]) => {
  const [from, to] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
});

const condition: fc.Arbitrary<SegmentRule> = fc.oneof(
  fc.record({ field: fc.constant('language'), operator: fc.constantFrom('eq', 'neq' as const), value: fc.constantFrom('en', 'de', 'ro') }),
  fc.record({ field: fc.constant('language'), operator: fc.constant('in' as const), value: fc.subarray(['en', 'de', 'ro']) }),
  fc.record({ field: fc.constant('attributes.age'), operator: fc.constantFrom('eq', 'neq', 'lt', 'lte', 'gt', 'gte' as const), value: fc.integer({ min: 18, max: 62 }) }),
  fc.record({ field: fc.constantFrom('attributes.age', 'attributes.colour'), operator: fc.constant('exists' as const) }),
  fc.record({ field: fc.constant('attributes.colour'), operator: fc.constantFrom('eq', 'neq' as const), value: fc.constantFrom('blue', 'red', 'green') }),
  fc.record({ field: fc.constant('attributes.colour'), operator: fc.constant('in' as const), value: fc.subarray(['blue', 'red', 'green']) }),
  fc.record({ field: fc.constant('company.kind'), operator: fc.constantFrom('eq', 'neq' as const), value: fc.constantFrom('client', 'prospect', 'partner') }),
  fc.record({ field: fc.constant('abcClass'), operator: fc.constantFrom('eq', 'neq' as const), value: fc.constantFrom('A', 'B', 'C') }),
  fc.record({ field: fc.constant('abcClass'), operator: fc.constant('in' as const), value: fc.subarray(['A', 'B', 'C']) }),
  fc.tuple(fc.constantFrom({ family: 'switches' }, { family: 'cables' }, { productCode: 'RT-9' }, { productCode: 'SW-24', family: 'switches' }), range).map(([what, dates]) => ({ kind: 'bought' as const, ...what, ...dates })),
  fc.tuple(countOperator, fc.integer({ min: 0, max: 3 }), range).map(([operator, value, dates]) => ({ kind: 'purchaseCount' as const, operator, value, ...dates })),
  fc.tuple(countOperator, fc.integer({ min: 0, max: 60 }).map((n) => n * 10), range).map(([operator, value, dates]) => ({ kind: 'purchaseTotal' as const, operator, value, ...dates })),
  fc.record({ kind: fc.constant('lastPurchase' as const), operator: fc.constantFrom('before', 'after' as const), date: day }),
  fc.tuple(fc.constantFrom('open', 'click' as const), range).map(([event, dates]) => ({ kind: 'engaged' as const, event, ...dates })),
  fc.record({ kind: fc.constant('subscribed' as const), topic: fc.constantFrom(...TOPICS, 'unknown-topic') }),
  fc.record({ kind: fc.constant('customer' as const), value: fc.boolean() }),
) as fc.Arbitrary<SegmentRule>;

const { rule: ruleTree } = fc.letrec<{ rule: SegmentRule }>((tie) => ({
  rule: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    condition,
    fc.record({ op: fc.constantFrom('and', 'or' as const), rules: fc.array(tie('rule'), { maxLength: 4 }) }),
    fc.record({ op: fc.constant('not' as const), rule: tie('rule') }),
  ) as fc.Arbitrary<SegmentRule>,
}));

describe('segment rule trees compile to SQL that agrees with a reference evaluator', () => {
  let database: TestDatabase;
  let contacts: DatasetContact[];
  beforeAll(async () => {
    database = await createTestDatabase();
    contacts = generateDataset();
    await insertDataset(database.db, contacts);
  });
  afterAll(() => database?.drop());

  async function select(rule: SegmentRule): Promise<string[]> {
    const params: unknown[] = [];
    const where = compileSegmentRule(rule, params);
    const { rows } = await database.db.query<{ email: string }>(`SELECT email FROM contacts c WHERE ${where} ORDER BY email`, params);
    return rows.map((row) => row.email);
  }

  it('returns exactly the contacts the JS reference selects, for random trees', async () => {
    await fc.assert(
      fc.asyncProperty(ruleTree, async (rule) => {
        expect(validateSegmentRule(rule)).toEqual([]);
        const expected = contacts.filter((contact) => evaluateSegment(rule, contact)).map((contact) => contact.email).sort();
        expect(await select(rule)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('passes every value as a parameter: hostile values are only data', async () => {
    const params: unknown[] = [];
    const where = compileSegmentRule({ op: 'or', rules: [{ field: 'attributes.colour', operator: 'eq', value: "x'); DROP TABLE contacts; --" }, { kind: 'subscribed', topic: "'; --" }] }, params);
    expect(where).not.toContain('DROP');
    expect(params).toContain("'; --");
    expect(await select({ field: 'attributes.colour', operator: 'eq', value: "x'); DROP TABLE contacts; --" })).toEqual([]);
  });
});
