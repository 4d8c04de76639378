import { Type, type Static } from '@sinclair/typebox';
import type { FlowProblem } from '../problems';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';

/** What a reward is: a gift sent, a credit note on the account, a loyalty bonus. */
export const REWARD_KINDS = ['gift', 'credit_note', 'bonus'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

/** Whether everyone qualifies, or only those who bought. */
export const REWARD_CONDITIONS = ['always', 'purchase'] as const;
/** A purchase is one order of at least the amount, or all orders in the window together. */
export const PURCHASE_MEASURES = ['one_order', 'all_orders'] as const;
/** The window purchases count in: the campaign's validity period, or N days after the contact entered the run. */
export const PURCHASE_WINDOWS = ['campaign_period', 'days_after_entry'] as const;

export const GRANTED_HANDLE = 'granted';
export const NOT_MET_HANDLE = 'not_met';

/** Money as a decimal string (the same form as contracts/commerce.ts MoneyInput; flow/ cannot import contracts/). */
const MONEY_PATTERN = '^\\d{1,12}(\\.\\d{1,2})?$';

const choice = <T extends string>(values: readonly T[], options: { title: string; description: string }) =>
  Type.Union(values.map((value) => Type.Literal(value)), options);

/**
 * Flat on purpose: every field is a plain value, so the generic inspector form edits it (a nested
 * condition object would be a JSON box). The purchase fields matter only when `condition` is
 * `purchase`; `extraProblems` asks for those the condition needs.
 */
export const RewardConfigSchema = Type.Object(
  {
    kind: choice(REWARD_KINDS, { title: 'Reward', description: 'A gift, a credit note or a bonus' }),
    description: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S', title: 'Description', description: 'What the contact gets, e.g. "Spring tote bag"' }),
    value: Type.String({ pattern: MONEY_PATTERN, title: 'Value', description: 'What one reward is worth (booked as its cost), e.g. "15.00"' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', title: 'Currency', description: 'ISO code, e.g. EUR' }),
    condition: choice(REWARD_CONDITIONS, { title: 'Condition', description: 'always = every contact; purchase = those who bought at least the amount' }),
    minAmount: Type.Optional(Type.String({ pattern: MONEY_PATTERN, title: 'Purchase of at least', description: 'In the reward’s currency (orders in other currencies do not count)' })),
    measure: Type.Optional(choice(PURCHASE_MEASURES, { title: 'Counted as', description: 'one_order = a single order reaches the amount; all_orders = the orders in the window together' })),
    within: Type.Optional(choice(PURCHASE_WINDOWS, { title: 'Bought within', description: 'campaign_period = the campaign’s validity dates; days_after_entry = N days after the contact entered the run' })),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, title: 'Days', description: 'For days_after_entry: days after the contact entered the run' })),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type RewardConfig = Static<typeof RewardConfigSchema>;

/** The purchase condition of a config, with its defaults filled in; null when everyone qualifies. */
export interface PurchaseCondition {
  minAmount: string;
  measure: (typeof PURCHASE_MEASURES)[number];
  window: { kind: 'campaign_period' } | { kind: 'days_after_entry'; days: number };
}

/** The purchase a reward asks for (defaults: one order, within the campaign period), or null for `always`. */
export function purchaseCondition(config: RewardConfig): PurchaseCondition | null {
  if (config.condition !== 'purchase') return null;
  const within = config.within ?? 'campaign_period';
  return {
    minAmount: config.minAmount ?? '0',
    measure: config.measure ?? 'one_order',
    window: within === 'days_after_entry' ? { kind: within, days: config.days ?? 0 } : { kind: within },
  };
}

const KIND_TEXT: Record<RewardKind, string> = { gift: 'Gift', credit_note: 'Credit note', bonus: 'Bonus' };

function rewardProblems(nodeId: string, config: RewardConfig): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ nodeId, field, code: 'INVALID_CONFIG', message: `Reward: ${message}` });
  if (config.condition === 'purchase') {
    if (config.minAmount === undefined) problem('minAmount', 'a purchase condition needs the amount to buy');
    if (config.within === 'days_after_entry' && config.days === undefined) problem('days', 'say how many days after entering a purchase counts');
  }
  return problems;
}

/**
 * Grant a gift, credit note or bonus to every member whose condition holds: always, or a purchase
 * (their sales orders, in the reward's currency) of at least an amount within the campaign's
 * period or N days after they entered the run. Each reward is recorded with its value and its
 * cost booked in the ledger, at most once per member per step however often the step runs; a
 * member rewarded here before leaves by `granted` again without a second reward. Those whose
 * condition does not hold leave by `not_met`.
 */
export const rewardNode = defineNode({
  type: 'reward',
  label: 'Reward',
  description: 'Grant a gift, credit note or bonus when the condition holds, and book its cost',
  category: 'outcome',
  entry: false,
  configSchema: RewardConfigSchema,
  defaultConfig: { kind: 'gift', description: '', value: '0.00', currency: 'EUR', condition: 'always' } as RewardConfig,
  fieldHints: { description: 'Say what the contact gets', value: 'Write the value as a decimal, e.g. 15.00', minAmount: 'Write the amount to buy, e.g. 100.00' },
  outputs: () => [GRANTED_HANDLE, NOT_MET_HANDLE],
  execution: () => 'activity',
  maxVisits: 10,
  references: () => [],
  summary(config) {
    const kind = KIND_TEXT[config.kind as RewardKind] ?? 'Reward';
    const worth = typeof config.value === 'string' && config.value !== '' ? ` worth ${config.value} ${String(config.currency ?? '')}`.trimEnd() : '';
    if (config.condition !== 'purchase') return `${kind}${worth} to everyone`;
    const window = config.within === 'days_after_entry' ? `within ${String(config.days ?? '?')} days` : 'in the campaign period';
    const measure = config.measure === 'all_orders' ? 'buying' : 'an order of';
    return `${kind}${worth} for ${measure} ${String(config.minAmount ?? '?')} ${window}`;
  },
  extraProblems: rewardProblems,
});
