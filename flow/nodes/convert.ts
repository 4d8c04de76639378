import { Type, type Static } from '@sinclair/typebox';
import { UUID_PATTERN } from '../uuid';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';

/** The stages an opportunity can be opened at (won and lost are reached by closing it). */
export const CONVERT_STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation'] as const;

export const ConvertConfigSchema = Type.Object(
  {
    // Empty = the product the campaign promotes (activities/convert.ts `convertProduct`), so one
    // flow serves every campaign of a product line; a run whose campaign promotes none fails saying so.
    productId: Type.String({
      pattern: `^$|${UUID_PATTERN}`,
      description: "The product offered (priced from the price list valid that day); none = the campaign's promoted product",
    }),
    stage: Type.Union(CONVERT_STAGES.map((stage) => Type.Literal(stage)), { description: 'Stage the opportunity opens at' }),
    probability: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Chance of winning, in %; none = the usual odds of the stage' })),
    quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description: 'Units offered (default 1)' })),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type ConvertConfig = Static<typeof ConvertConfigSchema>;

/**
 * One opportunity per member for the product, priced from the price list valid that day, owned
 * by the agent who closed the member's call in this run (else the contact's owner), linked to
 * the contact, campaign, run and node. A member gets at most one per (run, node), however often
 * the node is retried. Every member leaves by `created`.
 */
export const convertNode = defineNode({
  type: 'convert',
  label: 'Convert to opportunity',
  description: 'Open a sales opportunity for every contact, priced from the price list',
  category: 'outcome',
  entry: false,
  configSchema: ConvertConfigSchema,
  defaultConfig: { productId: '', stage: 'qualification' } as ConvertConfig,
  fieldHints: { productId: "Choose the product offered, or none for the campaign's" },
  outputs: () => ['created'],
  execution: () => 'activity',
  maxVisits: 10,
  references: () => [],
  summary(config) {
    const stage = String(config.stage ?? '');
    const odds = typeof config.probability === 'number' ? ` · ${config.probability}%` : '';
    return `${config.productId ? 'Opportunity' : "The campaign's product"} at ${stage}${odds}`;
  },
});
