import { Type } from '@sinclair/typebox';
import { CurrencySchema, DateOnlySchema, Money, MoneyInput, Text } from './commerce';
import { DateTimeSchema, Nullable, StringEnum, UuidSchema } from './common';

/**
 * The budget owner's wire shapes (issue 12): a campaign's plan, unit costs with validity, the
 * cost ledger and a campaign's actual-vs-planned costs. Money is a decimal string
 * (contracts/commerce.ts); unit costs and ledger lines carry four decimals (an e-mail may cost
 * 0.0012), sums are rounded to the cent.
 */

/** Where a cost comes from: a channel the product books itself, or a manual line. */
export const COST_CHANNELS = ['email', 'sms', 'letter', 'call', 'reward', 'agency', 'media', 'other'] as const;
export const CostChannelSchema = StringEnum(COST_CHANNELS, { description: 'email, sms, letter, call, reward (booked as they happen) or agency, media, other (booked by hand)' });

/** What has a unit cost: a message's lines, a call, an agent minute. */
export const UNIT_COST_ITEMS = ['email', 'sms_segment', 'letter_print', 'letter_postage', 'call', 'agent_minute'] as const;
export const UnitCostItemSchema = StringEnum(UNIT_COST_ITEMS, {
  description: 'email (one per e-mail sent), sms_segment (per SMS segment), letter_print and letter_postage (per letter), call (per call closed), agent_minute',
});

export const MANUAL_COST_CHANNELS = ['agency', 'media', 'other'] as const;

/** Up to four decimals, e.g. "0.0012": the price of one unit. */
const UnitAmountInputSchema = Type.String({
  pattern: '^\\d{1,10}(\\.\\d{1,4})?$',
  description: 'Cost of one unit: a decimal string with up to four decimals, e.g. "0.0012"',
  examples: ['0.0012'],
});
const UnitAmountSchema = Type.String({ description: 'A decimal string with four decimals, e.g. "0.0012"' });
const CountSchema = Type.Integer({ minimum: 0, maximum: 2_000_000_000 });

// ---- Plan

const PlannedCostInputSchema = Type.Object({ channel: CostChannelSchema, amount: MoneyInput('Planned cost of the channel') }, { additionalProperties: false });

const planFields = {
  currency: Type.Optional(CurrencySchema),
  budget: MoneyInput('The campaign budget'),
  plannedCosts: Type.Optional(Type.Array(PlannedCostInputSchema, { maxItems: COST_CHANNELS.length, description: 'One planned amount per channel (each channel once); replaces the planned costs' })),
  expectedReached: Type.Optional(Nullable(CountSchema)),
  expectedResponses: Type.Optional(Nullable(CountSchema)),
  expectedConversions: Type.Optional(Nullable(CountSchema)),
  expectedRevenue: Type.Optional(Nullable(MoneyInput('Expected revenue'))),
  attributionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'A member’s sales orders count for the campaign this many days after they were contacted' })),
  holdoutPercent: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 50,
      default: 0,
      description:
        'Share of each run’s audience, in percent (two decimals kept), kept out of the campaign (never contacted) to measure what it adds. A plan may change while a run goes: the holdout share applies to runs started after the change; a running run keeps the holdout it drew at its start.',
    }),
  ),
};

/** PUT replaces the whole plan: a field left out takes its default (no planned costs, nothing expected, 30 days, no holdout). */
export const PlanInputSchema = Type.Object(planFields, { additionalProperties: false });

export const PlannedCostSchema = Type.Object({ channel: CostChannelSchema, amount: Money() });

export const PlanSchema = Type.Object({
  campaignId: UuidSchema,
  currency: Type.String(),
  budget: Money('The campaign budget'),
  plannedCosts: Type.Array(PlannedCostSchema),
  expectedReached: Nullable(Type.Integer()),
  expectedResponses: Nullable(Type.Integer()),
  expectedConversions: Nullable(Type.Integer()),
  expectedRevenue: Nullable(Money('Expected revenue')),
  attributionDays: Type.Integer(),
  holdoutPercent: Type.Number(),
  predictedRoi: Nullable(Type.Number({ description: '(expected revenue − planned costs) / planned costs (the budget when no cost is planned); null without expected revenue or costs. 0.25 = 25 %' })),
  updatedAt: Nullable(DateTimeSchema),
});

// ---- Unit costs

const unitCostFields = {
  item: UnitCostItemSchema,
  amount: UnitAmountInputSchema,
  currency: Type.Optional(CurrencySchema),
  validFrom: DateOnlySchema,
  validTo: Type.Optional(Nullable(Type.String({ format: 'date', description: 'Last valid day, inclusive; null = until further notice' }))),
};

export const UnitCostInputSchema = Type.Object(unitCostFields, { additionalProperties: false });
export const UnitCostPatchSchema = Type.Partial(Type.Object({ amount: unitCostFields.amount, currency: CurrencySchema, validFrom: DateOnlySchema, validTo: unitCostFields.validTo }), {
  additionalProperties: false,
  minProperties: 1,
  description: 'Change a unit cost. Lines already booked keep the amount they were booked at; to change a price from a day on, end this row the day before and add a new one.',
});

export const UnitCostSchema = Type.Object({
  id: UuidSchema,
  item: Type.String(),
  amount: UnitAmountSchema,
  currency: Type.String(),
  validFrom: DateOnlySchema,
  validTo: Nullable(DateOnlySchema),
  createdAt: DateTimeSchema,
});

export const UnitCostListQuerySchema = Type.Object({
  item: Type.Optional(UnitCostItemSchema),
  validOn: Type.Optional(Type.String({ format: 'date', description: 'Only the unit costs valid on this day' })),
});

export const UnitCostListSchema = Type.Object({ items: Type.Array(UnitCostSchema) });

// ---- Ledger

export const ManualCostInputSchema = Type.Object(
  {
    channel: StringEnum(MANUAL_COST_CHANNELS, { description: 'agency, media or other' }),
    amount: Type.String({
      pattern: '^-?\\d{1,12}(\\.\\d{1,2})?$',
      description: 'The cost: a decimal string with up to two decimals; negative to correct an earlier line (the ledger is never changed)',
      examples: ['1250.00'],
    }),
    currency: Type.Optional(CurrencySchema),
    documentRef: Text(200, 'The invoice or contract the cost comes from (required)'),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    incurredOn: Type.String({ format: 'date', description: 'The day the cost belongs to (the invoice date), YYYY-MM-DD' }),
    runId: Type.Optional(Nullable(UuidSchema)),
    nodeId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  },
  { additionalProperties: false },
);

export const CostEntrySchema = Type.Object({
  id: Type.String({ description: 'The line number: lines are numbered in the order they were booked' }),
  campaignId: UuidSchema,
  runId: Nullable(UuidSchema),
  nodeId: Nullable(Type.String()),
  contactId: Nullable(UuidSchema),
  channel: Type.String(),
  item: Nullable(Type.String()),
  quantity: Type.String(),
  unitAmount: Nullable(UnitAmountSchema),
  amount: Type.String({ description: 'Four decimals' }),
  currency: Type.String(),
  sourceKey: Nullable(Type.String({ description: "What was booked: 'message:<id>', 'call:<task id>', 'reward:<id>'; null for a manual line" })),
  documentRef: Nullable(Type.String()),
  note: Nullable(Type.String()),
  bookedBy: Nullable(Type.String()),
  bookedAt: DateTimeSchema,
  incurredOn: DateOnlySchema,
});

export const CostEntryQuerySchema = Type.Object({
  after: Type.Optional(Type.String({ pattern: '^\\d{1,18}$', description: 'The `next` of the previous page' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  format: Type.Optional(StringEnum(['json', 'csv'] as const, { description: 'csv: every line (of the filter) as a CSV file (paging ignored)' })),
  channel: Type.Optional(CostChannelSchema),
  runId: Type.Optional(UuidSchema),
  nodeId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'With runId: the lines behind one row of the report by node' })),
});

export const CostEntryPageSchema = Type.Object({ items: Type.Array(CostEntrySchema), next: Nullable(Type.String()) });

// ---- Actual vs planned

export const CampaignCostsSchema = Type.Object({
  campaignId: UuidSchema,
  currency: Type.String({ description: 'The plan’s currency: every figure below is in it' }),
  budget: Money(),
  planned: Money('Sum of the planned costs'),
  actual: Money('Sum of the ledger lines in the plan’s currency'),
  budgetLeft: Money('Budget − actual (negative when overspent)'),
  byChannel: Type.Array(Type.Object({ channel: Type.String(), planned: Nullable(Money()), actual: Money(), lines: Type.Integer() })),
  byNode: Type.Array(
    Type.Object({ runId: Nullable(UuidSchema), nodeId: Nullable(Type.String()), channel: Type.String(), actual: Money(), lines: Type.Integer() }, { description: 'Manual lines not tied to a run have runId and nodeId null' }),
  ),
  otherCurrencies: Type.Array(Type.Object({ currency: Type.String(), amount: Money(), lines: Type.Integer() }), {
    description: 'Lines in another currency than the plan’s: not converted, not in the figures above',
  }),
  missingCosts: Type.Array(
    Type.Object({
      item: Type.String(),
      reason: StringEnum(['no_unit_cost', 'not_booked'] as const, { description: 'no_unit_cost: no unit cost is valid on the day; not_booked: one is, the booking has not happened (book them with POST …/costs/book-missing)' }),
      count: Type.Integer({ description: 'Sent messages or closed calls with no cost line' }),
      firstDay: DateOnlySchema,
      lastDay: DateOnlySchema,
    }),
    { description: 'What happened but costs nothing in the ledger: a gap to fill, not a zero' },
  ),
});

export const BookMissingResultSchema = Type.Object({ booked: Type.Integer({ description: 'Ledger lines booked now' }) });
