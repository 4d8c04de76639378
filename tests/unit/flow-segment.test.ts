import { describe, expect, it } from 'vitest';
import { audienceNode } from '../../flow/nodes/audience';
import { isCompanyField, isExtraContactField, isSegmentField } from '../../flow/segment-fields';
import { isRuleGroup, isRuleNegation, isSpecialCondition, type SegmentRule } from '../../flow/segment-rule';
import { isValidSegmentRule, validateSegmentRule } from '../../flow/segment-validate';
import { validateFlow } from '../../flow/validate';
import { linearFlow } from '../support/campaign-harness';

const seed000: SegmentRule = {
  op: 'and',
  rules: [
    { field: 'attributes.decisionMaker', operator: 'eq', value: true },
    { kind: 'subscribed', topic: 'network-equipment' },
    { op: 'not', rule: { field: 'attributes.age', operator: 'gte', value: 45 } },
    { op: 'or', rules: [{ kind: 'bought', family: 'switches', from: '2024-01-01', to: '2024-12-31' }, { kind: 'customer', value: false }] },
  ],
};

describe('segment rule trees', () => {
  it('accepts a nested tree of every kind of condition', () => {
    expect(validateSegmentRule(seed000)).toEqual([]);
    expect(isValidSegmentRule(seed000)).toBe(true);
    expect(validateSegmentRule({ kind: 'engaged', event: 'click', campaignId: '6f1c2f3e-8d9a-4b1c-9e2f-0a1b2c3d4e5f' })).toEqual([]);
    expect(validateSegmentRule({ field: 'company.kind', operator: 'eq', value: 'client' })).toEqual([]);
  });

  it('names the path of each problem', () => {
    const problems = validateSegmentRule({
      op: 'and',
      rules: [
        { field: 'language', operator: 'eq', value: 'en' },
        { op: 'or', rules: [{ field: 'secret', operator: 'eq', value: 1 }, { field: 'language', operator: 'in', value: 'en' }] },
        { op: 'not', rule: { kind: 'purchaseCount', operator: 'gt' } },
        { kind: 'bought', from: '2024-05-01', to: '2024-01-01', family: 'x' },
      ],
    });
    expect(problems.map((problem) => problem.path)).toEqual(['rules.1.rules.0.field', 'rules.1.rules.1.value', 'rules.2.rule.kind', 'rules.3.to']);
    expect(validateSegmentRule('everyone')).toEqual([{ path: '', message: 'must be a group or a condition object' }]);
    expect(validateSegmentRule({ op: 'xor', rules: [] })[0]?.path).toBe('op');
    expect(isValidSegmentRule({ kind: 'bought' })).toBe(false);
  });

  it('bounds the depth', () => {
    let deep: SegmentRule = { kind: 'customer', value: true };
    for (let i = 0; i < 20; i++) deep = { op: 'not', rule: deep };
    expect(validateSegmentRule(deep)[0]?.message).toMatch(/deeper/);
  });

  it('tells groups, negations and special conditions apart', () => {
    expect(isRuleGroup(seed000)).toBe(true);
    expect(isRuleNegation({ op: 'not', rule: seed000 })).toBe(true);
    expect(isSpecialCondition({ kind: 'customer', value: true })).toBe(true);
    expect(isSpecialCondition({ field: 'city', operator: 'exists' })).toBe(false);
  });

  it('allowlists fields', () => {
    expect(isCompanyField('company.industry')).toBe(true);
    expect(isCompanyField('company.vat_number')).toBe(false);
    expect(isExtraContactField('abcClass')).toBe(true);
    expect(isSegmentField('attributes.shoeSize')).toBe(true);
    expect(isSegmentField('attributes.drop table')).toBe(false);
    expect(isSegmentField('password')).toBe(false);
  });
});

describe('audience node sources', () => {

  it('keeps the flat rules valid, as the default config', () => {
    expect(audienceNode.defaultConfig).toEqual({ match: 'all', rules: [] });
    expect(() => linearFlow([{ type: 'audience', config: { match: 'any', rules: [{ field: 'city', operator: 'eq', value: 'Cluj' }] } }, { type: 'end', config: { finalStatus: 'contacted' } }])).not.toThrow();
  });

  it('accepts segment, list and inline rule sources, and names bad inline rules by path', () => {
    const id = '6f1c2f3e-8d9a-4b1c-9e2f-0a1b2c3d4e5f';
    for (const config of [{ source: 'segment', segmentId: id }, { source: 'list', listId: id }, { source: 'rules', rule: seed000 }]) {
      expect(() => linearFlow([{ type: 'audience', config }, { type: 'end', config: { finalStatus: 'contacted' } }])).not.toThrow();
    }
    const graph = linearFlow([{ type: 'audience', config: { match: 'all', rules: [] } }, { type: 'end', config: { finalStatus: 'contacted' } }]);
    graph.nodes[0]!.config = { source: 'rules', rule: { op: 'and', rules: [{ field: 'nope', operator: 'eq', value: 1 }] } };
    expect(validateFlow(graph)).toMatchObject([{ nodeId: 'audience-1', field: 'rule.rules.0.field' }]);
    graph.nodes[0]!.config = { source: 'segment', segmentId: 'not-a-uuid' };
    expect(validateFlow(graph)[0]?.code).toBe('INVALID_CONFIG');
  });
});
