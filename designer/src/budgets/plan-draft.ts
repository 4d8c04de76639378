import { COST_CHANNELS } from '../../../contracts/budget';
import { fromCents, predictedRoi, toCents } from '../../../flow/roi';
import type { Plan, PlanInput } from '../api/budgets-client';

export type CostChannel = (typeof COST_CHANNELS)[number];

/** The plan form's state: every field as its input holds it, '' for empty. */
export interface PlanDraft {
  currency: string;
  budget: string;
  /** One input per channel; '' = nothing planned for it. */
  plannedCosts: Record<CostChannel, string>;
  expectedReached: string;
  expectedResponses: string;
  expectedConversions: string;
  expectedRevenue: string;
  attributionDays: string;
  holdoutPercent: string;
}

export type PlanField = Exclude<keyof PlanDraft, 'plannedCosts'> | `plannedCosts.${CostChannel}`;

export const CHANNEL_LABELS: Readonly<Record<CostChannel, string>> = {
  email: 'E-mail',
  sms: 'SMS',
  letter: 'Letters',
  call: 'Calls',
  reward: 'Rewards',
  agency: 'Agency',
  media: 'Media',
  other: 'Other',
};

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const COUNT = /^\d{1,10}$/;
const PERCENT = /^\d{1,2}(\.\d{1,2})?$/;

/** The form's state for a plan as the API returns it (its defaults when none is saved). */
export function planDraftOf(plan: Plan): PlanDraft {
  const plannedCosts = Object.fromEntries(COST_CHANNELS.map((channel) => [channel, ''])) as Record<CostChannel, string>;
  for (const cost of plan.plannedCosts) if ((COST_CHANNELS as readonly string[]).includes(cost.channel)) plannedCosts[cost.channel as CostChannel] = cost.amount;
  const count = (value: number | null) => (value === null ? '' : String(value));
  return {
    currency: plan.currency,
    budget: plan.budget,
    plannedCosts,
    expectedReached: count(plan.expectedReached),
    expectedResponses: count(plan.expectedResponses),
    expectedConversions: count(plan.expectedConversions),
    expectedRevenue: plan.expectedRevenue ?? '',
    attributionDays: String(plan.attributionDays),
    holdoutPercent: String(plan.holdoutPercent),
  };
}

/** What the form can tell before sending, by field (the server checks again). */
export function planProblems(draft: PlanDraft): Partial<Record<PlanField, string>> {
  const problems: Partial<Record<PlanField, string>> = {};
  const money = 'An amount like 1250 or 1250.50 (no sign, up to two decimals)';
  if (!/^[A-Z]{3}$/.test(draft.currency.trim())) problems.currency = 'A three-letter currency code, e.g. EUR';
  if (!MONEY.test(draft.budget.trim())) problems.budget = money;
  for (const channel of COST_CHANNELS) {
    const amount = draft.plannedCosts[channel].trim();
    if (amount !== '' && !MONEY.test(amount)) problems[`plannedCosts.${channel}`] = money;
  }
  for (const field of ['expectedReached', 'expectedResponses', 'expectedConversions'] as const) {
    if (draft[field].trim() !== '' && !COUNT.test(draft[field].trim())) problems[field] = 'A whole number of contacts, or empty';
  }
  if (draft.expectedRevenue.trim() !== '' && !MONEY.test(draft.expectedRevenue.trim())) problems.expectedRevenue = money;
  const days = Number(draft.attributionDays.trim());
  if (!COUNT.test(draft.attributionDays.trim()) || days < 1 || days > 365) problems.attributionDays = 'From 1 to 365 days';
  if (!PERCENT.test(draft.holdoutPercent.trim()) || Number(draft.holdoutPercent.trim()) > 50) problems.holdoutPercent = 'From 0 to 50 %, up to two decimals';
  return problems;
}

/** The PUT body of a draft without problems: empty inputs are "nothing planned/expected". */
export function planInputOf(draft: PlanDraft): PlanInput {
  const countOrNull = (value: string) => (value.trim() === '' ? null : Number(value.trim()));
  return {
    currency: draft.currency.trim(),
    budget: draft.budget.trim(),
    plannedCosts: COST_CHANNELS.filter((channel) => draft.plannedCosts[channel].trim() !== '').map((channel) => ({ channel, amount: draft.plannedCosts[channel].trim() })),
    expectedReached: countOrNull(draft.expectedReached),
    expectedResponses: countOrNull(draft.expectedResponses),
    expectedConversions: countOrNull(draft.expectedConversions),
    expectedRevenue: draft.expectedRevenue.trim() === '' ? null : draft.expectedRevenue.trim(),
    attributionDays: Number(draft.attributionDays.trim()),
    holdoutPercent: Number(draft.holdoutPercent.trim()),
  };
}

/**
 * The ROI the draft predicts as it is typed, with the server's arithmetic (flow/roi.ts): null
 * while the figures it needs are missing or not yet amounts, so a half-typed number never shows
 * a wrong ROI.
 */
export function livePredictedRoi(draft: PlanDraft): number | null {
  const revenue = draft.expectedRevenue.trim();
  const budget = draft.budget.trim();
  const planned = COST_CHANNELS.map((channel) => draft.plannedCosts[channel].trim()).filter((amount) => amount !== '');
  if (revenue === '' || !MONEY.test(revenue) || !MONEY.test(budget) || planned.some((amount) => !MONEY.test(amount))) return null;
  return predictedRoi({ expectedRevenue: revenue, plannedCosts: planned, budget });
}

/** The sum of the planned costs typed so far, as a money string (inputs not yet amounts left out). */
export function plannedTotal(draft: PlanDraft): string {
  const amounts = COST_CHANNELS.map((channel) => draft.plannedCosts[channel].trim()).filter((amount) => MONEY.test(amount));
  return fromCents(amounts.reduce((sum, amount) => sum + toCents(amount), 0));
}
