import { describe, expect, it } from 'vitest';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowEdge, type FlowGraph, type FlowNode } from '../../flow/graph';
import { branchNode, splitRanges, SPLIT_BUCKETS } from '../../flow/nodes/branch';
import { nodeOutputs } from '../../flow/registry';
import { validateFlow } from '../../flow/validate';

const node = (id: string, type: string, config: Record<string, unknown>): FlowNode => ({ id, type, config, position: { x: 0, y: 0 } });
const edge = (id: string, source: string, sourceHandle: string, target: string): FlowEdge => ({ id, source, sourceHandle, target });
const graph = (nodes: FlowNode[], edges: FlowEdge[]): FlowGraph => ({ type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION, nodes, edges });

/** audience → branch, every branch output → its own end. */
function withBranch(config: Record<string, unknown>): FlowGraph {
  const outputs = nodeOutputs({ type: 'branch', config });
  return graph(
    [node('a', 'audience', { match: 'all', rules: [] }), node('b', 'branch', config), ...outputs.map((handle) => node(`end-${handle}`, 'end', { finalStatus: handle }))],
    [edge('in', 'a', 'out', 'b'), ...outputs.map((handle) => edge(`to-${handle}`, 'b', handle, `end-${handle}`))],
  );
}

const problems = (config: Record<string, unknown>) => validateFlow(withBranch(config)).map((p) => ({ field: p.field, message: p.message }));

const vip = { op: 'and', rules: [{ field: 'attributes.tier', operator: 'eq', value: 'gold' }] };

describe('the branch node', () => {
  it('accepts a random split whose percentages add up to 100, also with two decimals', () => {
    expect(problems({ mode: 'random', variants: [{ name: 'a', percent: 20 }, { name: 'b', percent: 30 }, { name: 'c', percent: 50 }] })).toEqual([]);
    expect(problems({ mode: 'random', variants: [{ name: 'a', percent: 33.33 }, { name: 'b', percent: 33.33 }, { name: 'c', percent: 33.34 }] })).toEqual([]);
  });

  it('refuses percentages that do not add up to 100, saying what they add up to', () => {
    expect(problems({ mode: 'random', variants: [{ name: 'a', percent: 60 }, { name: 'b', percent: 30 }] })).toEqual([
      { field: 'variants', message: 'Branch: the percentages add up to 90, not 100' },
    ]);
    expect(problems({ mode: 'random', variants: [{ name: 'a', percent: 70 }, { name: 'b', percent: 40 }] })[0]?.message).toBe('Branch: the percentages add up to 110, not 100');
  });

  it('refuses a percentage finer than a hundredth, a zero share and a split of one variant', () => {
    expect(problems({ mode: 'random', variants: [{ name: 'a', percent: 50.005 }, { name: 'b', percent: 49.995 }] }).map((p) => p.field)).toEqual(['variants.0.percent', 'variants.1.percent']);
    expect(problems({ mode: 'random', variants: [{ name: 'a', percent: 0 }, { name: 'b', percent: 100 }] }).map((p) => p.field)).toEqual(['variants.0.percent']);
    expect(problems({ mode: 'random', variants: [{ name: 'a', percent: 100 }] })).toEqual([{ field: 'variants', message: 'Branch: a random split needs at least two variants' }]);
  });

  it('refuses empty branches: a rule branch with no rule, a split with no variant, a topic branch with no topic', () => {
    expect(problems({ mode: 'rule', branches: [] })).toEqual([
      { field: 'branches', message: 'Branch: add at least one branch with its rule (contacts matching none leave by "else")' },
    ]);
    expect(problems({ mode: 'rule' }).map((p) => p.field)).toEqual(['branches']);
    expect(problems({ mode: 'random' }).map((p) => p.field)).toEqual(['variants']);
    expect(problems({ mode: 'topic' })).toEqual([{ field: 'topic', message: 'Branch: enter the code of the topic' }]);
  });

  it('refuses two outputs of one name and the names the interpreter keeps for itself', () => {
    const twice = problems({ mode: 'rule', branches: [{ name: 'vip', rule: vip }, { name: 'vip', rule: vip }] });
    expect(twice).toEqual([{ field: 'branches.1.name', message: 'Branch: two outputs are named "vip"' }]);
    expect(problems({ mode: 'rule', branches: [{ name: 'else', rule: vip }] }).map((p) => p.field)).toEqual(['branches.0.name']);
    expect(problems({ mode: 'random', variants: [{ name: 'visit_limit', percent: 50 }, { name: 'b', percent: 50 }] }).map((p) => p.field)).toEqual(['variants.0.name']);
    expect(problems({ mode: 'random', variants: [{ name: 'Has Space', percent: 50 }, { name: 'b', percent: 50 }] }).map((p) => p.field)).toEqual(['variants.0.name']);
  });

  it('checks each branch’s rule tree with the segment validator, pinned to its path', () => {
    const bad = problems({ mode: 'rule', branches: [{ name: 'vip', rule: vip }, { name: 'odd', rule: { op: 'and', rules: [{ field: 'password', operator: 'eq', value: 'x' }] } }] });
    expect(bad).toHaveLength(1);
    expect(bad[0]!.field).toMatch(/^branches\.1\.rule\.rules\.0/);
    expect(bad[0]!.message).toMatch(/^Branch: branch "odd": rule rules\.0/);
  });

  it('has one output per named branch plus else, yes/else for topic and engagement, one per variant at random', () => {
    expect(nodeOutputs({ type: 'branch', config: { mode: 'rule', branches: [{ name: 'vip', rule: vip }, { name: 'loyal', rule: vip }] } })).toEqual(['vip', 'loyal', 'else']);
    expect(nodeOutputs({ type: 'branch', config: { mode: 'topic', topic: 'news' } })).toEqual(['yes', 'else']);
    expect(nodeOutputs({ type: 'branch', config: { mode: 'engagement' } })).toEqual(['yes', 'else']);
    expect(nodeOutputs({ type: 'branch', config: { mode: 'random', variants: [{ name: 'a', percent: 50 }, { name: 'b', percent: 50 }] } })).toEqual(['a', 'b']);
    // Half-typed configs in the designer never throw.
    expect(nodeOutputs({ type: 'branch', config: { mode: 'rule' } })).toEqual(['else']);
  });

  it('an edge from an output the branch does not have is refused', () => {
    const g = withBranch({ mode: 'topic', topic: 'news' });
    g.nodes.push(node('stray', 'end', { finalStatus: 'x' }));
    g.edges.push(edge('stray-edge', 'b', 'no', 'stray'));
    expect(validateFlow(g).map((p) => [p.nodeId, p.code])).toEqual([['b', 'UNKNOWN_HANDLE']]);
  });

  it('cuts the buckets into consecutive ranges, the last ending at the last bucket', () => {
    expect(splitRanges([{ name: 'a', percent: 20 }, { name: 'b', percent: 30 }, { name: 'c', percent: 50 }])).toEqual([
      { name: 'a', from: 0, to: 2_000 },
      { name: 'b', from: 2_000, to: 5_000 },
      { name: 'c', from: 5_000, to: SPLIT_BUCKETS },
    ]);
    expect(splitRanges([{ name: 'a', percent: 33.33 }, { name: 'b', percent: 33.33 }, { name: 'c', percent: 33.34 }]).map((range) => range.to)).toEqual([3_333, 6_666, 10_000]);
  });

  it('summarises each mode in one line', () => {
    const context = { templateName: () => undefined };
    expect(branchNode.summary({ mode: 'random', variants: [{ name: 'a', percent: 20 }, { name: 'b', percent: 80 }] }, context)).toBe('a 20% · b 80%');
    expect(branchNode.summary({ mode: 'rule', branches: [{ name: 'vip', rule: vip as never }] }, context)).toBe('First match: vip, else');
    expect(branchNode.summary({ mode: 'topic', topic: 'news' }, context)).toBe('Subscribed to news?');
    expect(branchNode.summary({ mode: 'engagement', events: ['click', 'reply'] }, context)).toBe('click/reply an earlier message?');
  });
});
