import { describe, expect, it } from 'vitest';
import type { Analysis, Plan, UnitCost } from '../../designer/src/api/budgets-client';
import type { Campaign } from '../../designer/src/api/client';
import { eachLimited, homeOrder, statusText } from '../../designer/src/budgets/campaign-figures';
import { moneyText, percentText } from '../../designer/src/budgets/figures';
import { livePredictedRoi, planDraftOf, planInputOf, plannedTotal, planProblems, type PlanDraft } from '../../designer/src/budgets/plan-draft';
import { unitCostPatchOf, unitCostProblem, unitCostDraftOf } from '../../designer/src/budgets/unit-cost-draft';

const DEFAULTS: Plan = {
  campaignId: '00000000-0000-4000-8000-000000000001',
  currency: 'EUR',
  budget: '0.00',
  plannedCosts: [],
  expectedReached: null,
  expectedResponses: null,
  expectedConversions: null,
  expectedRevenue: null,
  attributionDays: 30,
  holdoutPercent: 0,
  predictedRoi: null,
  updatedAt: null,
};

const typed = (patch: Partial<PlanDraft>, costs: Partial<PlanDraft['plannedCosts']> = {}): PlanDraft => {
  const draft = planDraftOf(DEFAULTS);
  return { ...draft, ...patch, plannedCosts: { ...draft.plannedCosts, ...costs } };
};

describe('the plan form', () => {
  it('predicts the ROI as it is typed: expected revenue against the planned costs', () => {
    // 300 + 200 planned; 1500 expected → (1500 − 500) / 500 = 200 %.
    const draft = typed({ budget: '2000', expectedRevenue: '1500' }, { email: '300', call: '200' });
    expect(livePredictedRoi(draft)).toBe(2);
    expect(percentText(livePredictedRoi(draft))).toBe('200.0 %');
    expect(plannedTotal(draft)).toBe('500.00');
  });

  it('predicts against the budget when no cost is planned, and nothing without expected revenue', () => {
    expect(livePredictedRoi(typed({ budget: '1000', expectedRevenue: '1250' }))).toBe(0.25);
    expect(livePredictedRoi(typed({ budget: '1000' }))).toBeNull();
    expect(livePredictedRoi(typed({ budget: '0', expectedRevenue: '10' }))).toBeNull();
  });

  it('shows no ROI while a figure is half typed rather than a wrong one', () => {
    expect(livePredictedRoi(typed({ budget: '1000', expectedRevenue: '12.' }))).toBeNull();
    expect(livePredictedRoi(typed({ budget: '1000', expectedRevenue: '1200' }, { sms: '1,5' }))).toBeNull();
  });

  it('names each field that is wrong before sending', () => {
    const problems = planProblems(typed({ budget: '-5', currency: 'eu', attributionDays: '0', holdoutPercent: '60', expectedReached: '1.5' }, { letter: 'abc' }));
    expect(Object.keys(problems).sort()).toEqual(['attributionDays', 'budget', 'currency', 'expectedReached', 'holdoutPercent', 'plannedCosts.letter']);
    expect(planProblems(typed({ budget: '2000', holdoutPercent: '12.5', attributionDays: '14' }))).toEqual({});
    expect(planProblems(typed({ budget: '1', holdoutPercent: '50' }))).toEqual({});
  });

  it('sends the whole plan: empty inputs as nothing planned or expected, channels left empty left out', () => {
    const input = planInputOf(typed({ budget: ' 2000 ', expectedRevenue: '', expectedConversions: '40', holdoutPercent: '10', attributionDays: '21' }, { email: '120.5' }));
    expect(input).toEqual({
      currency: 'EUR',
      budget: '2000',
      plannedCosts: [{ channel: 'email', amount: '120.5' }],
      expectedReached: null,
      expectedResponses: null,
      expectedConversions: 40,
      expectedRevenue: null,
      attributionDays: 21,
      holdoutPercent: 10,
    });
  });

  it('reads a saved plan back into the form, each planned channel in its input', () => {
    const draft = planDraftOf({ ...DEFAULTS, budget: '5000.00', plannedCosts: [{ channel: 'sms', amount: '250.00' }], expectedReached: 1000, holdoutPercent: 7.5 });
    expect(draft.plannedCosts.sms).toBe('250.00');
    expect(draft.plannedCosts.email).toBe('');
    expect(draft.expectedReached).toBe('1000');
    expect(draft.holdoutPercent).toBe('7.5');
  });
});

describe('figures on the budget screens', () => {
  it('groups thousands and keeps the API digits and sign', () => {
    expect(moneyText('1234567.50', 'EUR')).toBe('1,234,567.50 EUR');
    expect(moneyText('-80.00', 'HUF')).toBe('−80.00 HUF');
    expect(moneyText(null, 'EUR')).toBe('—');
    expect(percentText(-1)).toBe('-100.0 %');
    expect(percentText(null)).toBe('—');
  });
});

describe('unit cost rows', () => {
  const saved: UnitCost = { id: 'u1', item: 'email', amount: '0.0012', currency: 'EUR', validFrom: '2026-01-01', validTo: null, createdAt: '2026-01-01T00:00:00Z' };

  it('patches only what changed, and nothing when a price is written the same', () => {
    const draft = unitCostDraftOf(saved);
    expect(unitCostPatchOf(saved, draft)).toBeNull();
    expect(unitCostPatchOf(saved, { ...draft, amount: '0.00120' })).toBeNull();
    expect(unitCostPatchOf(saved, { ...draft, validTo: '2026-06-30' })).toEqual({ validTo: '2026-06-30' });
    expect(unitCostPatchOf({ ...saved, validTo: '2026-06-30' }, draft)).toEqual({ validTo: null });
  });

  it('refuses a price with more than four decimals and a validity ending before it starts', () => {
    const draft = unitCostDraftOf(saved);
    expect(unitCostProblem(draft)).toBeNull();
    expect(unitCostProblem({ ...draft, amount: '0.00125' })).toMatch(/four decimals/);
    expect(unitCostProblem({ ...draft, validTo: '2025-12-31' })).toMatch(/ends before it starts/);
  });
});

describe('the budgets home', () => {
  const campaign = (name: string, status: 'running' | 'completed' | null) =>
    ({ id: name, name, latestRun: status === null ? null : { id: `run-${name}`, status, startedAt: '2026-01-01T00:00:00Z' } }) as unknown as Campaign;
  const withBudget = (budget: string, live = false) => ({ status: 'ready' as const, value: { live, costs: { budget } } as unknown as Analysis });

  it('lists running campaigns first, then those with a budget, then the rest, by name within each', () => {
    const rows = homeOrder([
      { campaign: campaign('Zeta', null), analysis: withBudget('0.00') },
      { campaign: campaign('Alpha', 'completed'), analysis: withBudget('0.00') },
      { campaign: campaign('Mid', 'completed'), analysis: withBudget('800.00') },
      { campaign: campaign('Run', 'running'), analysis: { status: 'loading' } },
    ]);
    expect(rows.map((row) => row.campaign.name)).toEqual(['Run', 'Mid', 'Alpha', 'Zeta']);
  });

  it('says when the figures are provisional because a run goes', () => {
    expect(statusText(campaign('A', 'running'), withBudget('1', true).value)).toBe('Running (live figures)');
    expect(statusText(campaign('A', 'completed'), withBudget('1').value)).toBe('Finished');
    expect(statusText(campaign('A', null), null)).toBe('Not run yet');
  });

  it('reads every campaign with at most the given number of reads at once', async () => {
    let open = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      open += 1;
      most = Math.max(most, open);
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push(item);
      open -= 1;
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
