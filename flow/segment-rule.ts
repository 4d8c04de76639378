import { Type, type Static } from '@sinclair/typebox';
import { RULE_OPERATORS } from './audience-fields';
import { UUID_PATTERN } from './uuid';

/**
 * A segment is a rule tree: groups (`and` / `or` / `not`) over conditions. Pure data, shared by
 * the designer's segment builder, the API (validation at the edge) and the SQL compiler in
 * `db/segments/`. A field condition keeps the shape of the flat audience rule
 * (`{ field, operator, value }`), so the old `{ match, rules }` config is just an and/or group.
 */


const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}', description: 'ISO date (YYYY-MM-DD), inclusive' });
const DateRange = { from: Type.Optional(DateText), to: Type.Optional(DateText) };

export const COUNT_OPERATORS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'] as const;
export type CountOperator = (typeof COUNT_OPERATORS)[number];
const CountOperator = Type.Union(COUNT_OPERATORS.map((op) => Type.Literal(op)));

export const FieldConditionSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, description: 'Contact field, attributes.<key>, company.<field> or abcClass' }),
    operator: Type.Union(RULE_OPERATORS.map((op) => Type.Literal(op))),
    value: Type.Optional(
      Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.Union([Type.String(), Type.Number()]))]),
    ),
  },
  { additionalProperties: false },
);
export type FieldCondition = Static<typeof FieldConditionSchema>;

export const BoughtConditionSchema = Type.Object(
  { kind: Type.Literal('bought'), productCode: Type.Optional(Type.String({ minLength: 1 })), family: Type.Optional(Type.String({ minLength: 1 })), ...DateRange },
  { additionalProperties: false, description: 'Bought a product (by code) or a family in a date range' },
);
export const PurchaseCountConditionSchema = Type.Object(
  { kind: Type.Literal('purchaseCount'), operator: CountOperator, value: Type.Integer({ minimum: 0 }), ...DateRange },
  { additionalProperties: false, description: 'Number of orders in a date range' },
);
export const PurchaseTotalConditionSchema = Type.Object(
  { kind: Type.Literal('purchaseTotal'), operator: CountOperator, value: Type.Number(), ...DateRange },
  { additionalProperties: false, description: 'Total amount of orders in a date range' },
);
export const LastPurchaseConditionSchema = Type.Object(
  { kind: Type.Literal('lastPurchase'), operator: Type.Union([Type.Literal('before'), Type.Literal('after')]), date: DateText },
  { additionalProperties: false, description: 'Last order strictly before / on or after a date' },
);
export const ENGAGEMENT_EVENTS = ['open', 'click'] as const;
export const EngagedConditionSchema = Type.Object(
  {
    kind: Type.Literal('engaged'),
    event: Type.Union(ENGAGEMENT_EVENTS.map((event) => Type.Literal(event))),
    campaignId: Type.Optional(Type.String({ pattern: UUID_PATTERN })),
    ...DateRange,
  },
  { additionalProperties: false, description: 'Opened / clicked a campaign (or any) in a date range' },
);
export const SubscribedConditionSchema = Type.Object(
  { kind: Type.Literal('subscribed'), topic: Type.String({ minLength: 1, description: 'Topic code' }) },
  { additionalProperties: false, description: 'Subscribed (confirmed) to a topic' },
);
export const CustomerConditionSchema = Type.Object(
  { kind: Type.Literal('customer'), value: Type.Boolean({ description: 'true = has at least one order (customer), false = lead' }) },
  { additionalProperties: false },
);

export const SpecialConditionSchema = Type.Union([
  BoughtConditionSchema,
  PurchaseCountConditionSchema,
  PurchaseTotalConditionSchema,
  LastPurchaseConditionSchema,
  EngagedConditionSchema,
  SubscribedConditionSchema,
  CustomerConditionSchema,
]);
export type SpecialCondition = Static<typeof SpecialConditionSchema>;
export type SegmentCondition = FieldCondition | SpecialCondition;

export type SegmentRule =
  | { op: 'and' | 'or'; rules: SegmentRule[] }
  | { op: 'not'; rule: SegmentRule }
  | SegmentCondition;

/** The rule tree as a (recursive) JSON schema, for the API and OpenAPI. */
export const SegmentRuleSchema = Type.Recursive(
  (Self) =>
    Type.Union([
      Type.Object({ op: Type.Union([Type.Literal('and'), Type.Literal('or')]), rules: Type.Array(Self) }, { additionalProperties: false }),
      Type.Object({ op: Type.Literal('not'), rule: Self }, { additionalProperties: false }),
      FieldConditionSchema,
      ...SpecialConditionSchema.anyOf,
    ]),
  { $id: 'SegmentRule' },
);

/** Deepest nesting the validator accepts: deep enough for any hand-built rule, bounded for SQL. */
export const MAX_SEGMENT_DEPTH = 12;

/** True for an `and` / `or` group. */
export function isRuleGroup(rule: SegmentRule): rule is { op: 'and' | 'or'; rules: SegmentRule[] } {
  return 'op' in rule && (rule.op === 'and' || rule.op === 'or');
}

/** True for a `not` group. */
export function isRuleNegation(rule: SegmentRule): rule is { op: 'not'; rule: SegmentRule } {
  return 'op' in rule && rule.op === 'not';
}

/** True for a purchase / engagement / consent / customer condition (it has a `kind`). */
export function isSpecialCondition(rule: SegmentRule): rule is SpecialCondition {
  return 'kind' in rule;
}
