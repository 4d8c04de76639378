import { describe, expect, it } from 'vitest';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../../flow/graph';
import { nodeOutputs } from '../../flow/registry';
import { purchaseCondition, rewardNode, type RewardConfig } from '../../flow/nodes/reward';
import { validateFlow } from '../../flow/validate';

const context = { templateName: () => undefined };

/** audience → reward → end (granted), with not_met left open (those members' journey ends there). */
function around(config: Record<string, unknown>): FlowGraph {
  return {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: [
      { id: 'a', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
      { id: 'r', type: 'reward', config, position: { x: 0, y: 0 } },
      { id: 'e', type: 'end', config: { finalStatus: 'rewarded' }, position: { x: 0, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'a', sourceHandle: 'out', target: 'r' },
      { id: 'e2', source: 'r', sourceHandle: 'granted', target: 'e' },
    ],
  };
}

const gift = { kind: 'gift', description: 'Spring tote bag', value: '15.00', currency: 'EUR', condition: 'always' };
const problems = (config: Record<string, unknown>) => validateFlow(around(config)).map((p) => ({ field: p.field, message: p.message }));

describe('the reward node', () => {
  it('grants to everyone or on a purchase, leaving by granted or not_met', () => {
    expect(validateFlow(around(gift))).toEqual([]);
    expect(validateFlow(around({ ...gift, kind: 'credit_note', condition: 'purchase', minAmount: '100', within: 'days_after_entry', days: 14 }))).toEqual([]);
    expect(nodeOutputs({ type: 'reward', config: gift })).toEqual(['granted', 'not_met']);
    expect(rewardNode.execution(gift as RewardConfig)).toBe('activity');
  });

  it('says in a line what it grants and when', () => {
    expect(rewardNode.summary(gift as RewardConfig, context)).toBe('Gift worth 15.00 EUR to everyone');
    const purchase = { ...gift, kind: 'bonus', value: '5', condition: 'purchase', minAmount: '100.00' } as RewardConfig;
    expect(rewardNode.summary(purchase, context)).toBe('Bonus worth 5 EUR for an order of 100.00 in the campaign period');
    expect(rewardNode.summary({ ...purchase, measure: 'all_orders', within: 'days_after_entry', days: 30 }, context)).toBe('Bonus worth 5 EUR for buying 100.00 within 30 days');
    // The canvas summarises half-written configs too.
    expect(rewardNode.summary({} as RewardConfig, context)).toBe('Reward to everyone');
  });

  it('asks for what a purchase condition needs, and refuses money that is not a decimal string', () => {
    expect(problems({ ...gift, condition: 'purchase' })).toEqual([{ field: 'minAmount', message: 'Reward: a purchase condition needs the amount to buy' }]);
    expect(problems({ ...gift, condition: 'purchase', minAmount: '50', within: 'days_after_entry' })).toEqual([
      { field: 'days', message: 'Reward: say how many days after entering a purchase counts' },
    ]);
    expect(problems({ ...gift, value: '15,00' }).map((p) => p.field)).toEqual(['value']);
    expect(problems({ ...gift, value: '1.005' }).map((p) => p.field)).toEqual(['value']);
    expect(problems({ ...gift, kind: 'voucher' }).map((p) => p.field)).toEqual(['kind']);
    expect(problems({ ...gift, currency: 'eur' }).map((p) => p.field)).toEqual(['currency']);
    expect(problems({ ...gift, description: '   ' }).map((p) => p.field)).toEqual(['description']);
  });

  it('reads a purchase condition with its defaults: one order, within the campaign period', () => {
    expect(purchaseCondition(gift as RewardConfig)).toBeNull();
    expect(purchaseCondition({ ...gift, condition: 'purchase', minAmount: '80' } as RewardConfig)).toEqual({
      minAmount: '80',
      measure: 'one_order',
      window: { kind: 'campaign_period' },
    });
    expect(purchaseCondition({ ...gift, condition: 'purchase', minAmount: '80', measure: 'all_orders', within: 'days_after_entry', days: 7 } as RewardConfig)).toEqual({
      minAmount: '80',
      measure: 'all_orders',
      window: { kind: 'days_after_entry', days: 7 },
    });
  });
});
