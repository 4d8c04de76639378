import { Type, type Static } from '@sinclair/typebox';
import type { SegmentRule } from '../flow/segment-rule';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

/**
 * The rule travels as free JSON at the edge and is checked by flow/segment-validate, which names
 * the exact path of each problem (`rules.1.rules.0.field`) — a JSON-schema union error cannot.
 */
const RuleSchema = Type.Unknown({ description: 'Segment rule tree: { op: and|or, rules } | { op: not, rule } | condition' });

export const SegmentInputSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 2000 })), rule: RuleSchema },
  { additionalProperties: false },
);
export type SegmentInputBody = Static<typeof SegmentInputSchema>;

export const SegmentSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  description: Nullable(Type.String()),
  rule: Type.Unsafe<SegmentRule>(Type.Unknown({ description: 'The rule tree as saved: checked by flow/segment-validate on every write' })),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});

export const PreviewRequestSchema = Type.Object(
  {
    rule: Type.Optional(RuleSchema),
    segmentId: Type.Optional(UuidSchema),
    listId: Type.Optional(UuidSchema),
    // The audience node's flat config, checked by flow/audience-validate for the same reason as `rule`.
    match: Type.Optional(Type.Unknown({ description: "Flat audience config: 'all' (AND) or 'any' (OR), with `rules`" })),
    rules: Type.Optional(Type.Unknown({ description: 'Flat audience config: [{ field, operator, value }], with `match`' })),
  },
  { additionalProperties: false, description: 'Exactly one source: rule, segmentId, listId, or the flat audience config { match, rules }' },
);

export const PreviewSchema = Type.Object({
  count: Type.Integer(),
  sample: Type.Array(
    Type.Object({
      id: UuidSchema,
      email: Nullable(Type.String()),
      firstName: Nullable(Type.String()),
      lastName: Nullable(Type.String()),
      abcClass: Nullable(Type.String()),
    }),
  ),
});

export const AbcThresholdsSchema = Type.Object(
  { a: Type.Number({ minimum: 0, maximum: 100 }), b: Type.Number({ minimum: 0, maximum: 100 }), c: Type.Number({ minimum: 0, maximum: 100 }) },
  { additionalProperties: false },
);

export const AbcSummarySchema = Type.Object({ A: Type.Integer(), B: Type.Integer(), C: Type.Integer(), unclassified: Type.Integer() });
