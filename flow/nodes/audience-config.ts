import { Type, type Static } from '@sinclair/typebox';
import { RULE_OPERATORS } from '../audience-fields';
import { SegmentRuleSchema, type SegmentRule } from '../segment-rule';
import { UUID_PATTERN } from '../uuid';

/** The audience node's config: its own file so the validators it uses can import it too. */
export const AudienceRuleSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, description: 'Contact field or attributes.<key>' }),
    operator: Type.Union(RULE_OPERATORS.map((op) => Type.Literal(op))),
    value: Type.Optional(
      Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.Union([Type.String(), Type.Number()]))]),
    ),
  },
  { additionalProperties: false },
);
export type AudienceRule = Static<typeof AudienceRuleSchema>;

export const AudienceConfigSchema = Type.Object(
  {
    match: Type.Union([Type.Literal('all'), Type.Literal('any')], { description: 'Combine rules with AND (all) or OR (any)' }),
    rules: Type.Array(AudienceRuleSchema, { description: 'Empty = every contact' }),
  },
  { additionalProperties: false },
);
export type AudienceConfig = Static<typeof AudienceConfigSchema>;

/**
 * Where an audience comes from. The flat `{ match, rules }` (AudienceConfig) stays valid; the
 * other sources are added beside it: a saved segment, a static contact list (e.g. a
 * customer-code file) or an inline rule tree.
 */
export const AudienceSourceSchemas = [
  Type.Object({ source: Type.Literal('segment'), segmentId: Type.String({ pattern: UUID_PATTERN }) }, { additionalProperties: false }),
  Type.Object({ source: Type.Literal('list'), listId: Type.String({ pattern: UUID_PATTERN }) }, { additionalProperties: false }),
  Type.Object({ source: Type.Literal('rules'), rule: SegmentRuleSchema }, { additionalProperties: false }),
] as const;
export const AudienceNodeConfigSchema = Type.Union([AudienceConfigSchema, ...AudienceSourceSchemas]);
export type AudienceNodeConfig =
  | AudienceConfig
  | { source: 'segment'; segmentId: string }
  | { source: 'list'; listId: string }
  | { source: 'rules'; rule: SegmentRule };
