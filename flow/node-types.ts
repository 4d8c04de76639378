import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RULE_OPERATORS } from './audience-fields';
import { SegmentRuleSchema, UUID_PATTERN, type SegmentRule } from './segment-rule';

/**
 * How the cohort interpreter runs a node: `activity` = one long activity per arrival that
 * moves members into output cohorts; `wait` = a durable timer in the workflow itself.
 */
export type NodeExecution = 'activity' | 'wait';

export type NodeCategory = 'audience' | 'message' | 'timing' | 'outcome';

export interface NodeTypeDefinition<S extends TSchema = TSchema> {
  type: string;
  label: string;
  description: string;
  category: NodeCategory;
  execution: NodeExecution;
  /** Only entry-capable nodes may have no incoming edge. */
  entry: boolean;
  configSchema: S;
  defaultConfig: Static<S>;
  /** Output handles for a given config (a branch's handles depend on its variants). */
  outputs(config: Static<S>): string[];
}

function defineNodeType<S extends TSchema>(definition: NodeTypeDefinition<S>): NodeTypeDefinition<S> {
  return definition;
}

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
export type AudienceNodeConfig = AudienceConfig | { source: 'segment'; segmentId: string } | { source: 'list'; listId: string } | { source: 'rules'; rule: SegmentRule };

export const GenerateConfigSchema = Type.Object(
  {
    templateId: Type.String({ minLength: 1, description: 'Template to render for each contact' }),
    channel: Type.Literal('email'),
  },
  { additionalProperties: false },
);
export type GenerateConfig = Static<typeof GenerateConfigSchema>;

export const SendConfigSchema = Type.Object(
  {
    channel: Type.Literal('email'),
    ratePerSecond: Type.Number({ minimum: 0, description: 'Messages per second; 0 = as fast as the channel allows' }),
  },
  { additionalProperties: false },
);
export type SendConfig = Static<typeof SendConfigSchema>;

export const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export const WaitConfigSchema = Type.Object(
  {
    mode: Type.Literal('duration'),
    amount: Type.Number({ exclusiveMinimum: 0, description: 'How long to wait' }),
    unit: Type.Union(DURATION_UNITS.map((unit) => Type.Literal(unit))),
  },
  { additionalProperties: false },
);
export type WaitConfig = Static<typeof WaitConfigSchema>;

export const EndConfigSchema = Type.Object(
  {
    finalStatus: Type.String({ minLength: 1, maxLength: 64, description: 'Status recorded on each contact reaching the end' }),
  },
  { additionalProperties: false },
);
export type EndConfig = Static<typeof EndConfigSchema>;

export const audienceNode = defineNodeType({
  type: 'audience',
  label: 'Audience',
  description: 'Snapshot the contacts matching the rules into the campaign',
  category: 'audience',
  execution: 'activity',
  entry: true,
  configSchema: AudienceNodeConfigSchema,
  defaultConfig: { match: 'all', rules: [] } as AudienceNodeConfig,
  outputs: () => ['out'],
});

export const generateNode = defineNodeType({
  type: 'generate',
  label: 'Generate messages',
  description: 'Render one personal message per contact from a template',
  category: 'message',
  execution: 'activity',
  entry: false,
  configSchema: GenerateConfigSchema,
  defaultConfig: { templateId: '', channel: 'email' },
  outputs: () => ['ready', 'skipped'],
});

export const sendNode = defineNodeType({
  type: 'send',
  label: 'Send',
  description: 'Dispatch the generated messages, exactly once each',
  category: 'message',
  execution: 'activity',
  entry: false,
  configSchema: SendConfigSchema,
  defaultConfig: { channel: 'email', ratePerSecond: 0 },
  outputs: () => ['sent', 'failed'],
});

export const waitNode = defineNodeType({
  type: 'wait',
  label: 'Wait',
  description: 'Hold the contacts for a while, durably',
  category: 'timing',
  execution: 'wait',
  entry: false,
  configSchema: WaitConfigSchema,
  defaultConfig: { mode: 'duration', amount: 1, unit: 'days' },
  outputs: () => ['out'],
});

export const endNode = defineNodeType({
  type: 'end',
  label: 'End',
  description: "Close the contacts' journey with a final status",
  category: 'outcome',
  execution: 'activity',
  entry: false,
  configSchema: EndConfigSchema,
  defaultConfig: { finalStatus: 'completed' },
  outputs: () => [],
});

const UNIT_MS: Record<DurationUnit, number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/** Milliseconds a wait node holds its contacts. */
export function waitDurationMs(config: WaitConfig): number {
  return Math.round(config.amount * UNIT_MS[config.unit]);
}
