import { describe, expect, it } from 'vitest';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowEdge, type FlowGraph, type FlowNode } from '../../flow/graph';
import { audienceRuleProblems, validateAudienceConfig } from '../../flow/audience-validate';
import { validateFlow } from '../../flow/validate';

const node = (id: string, type: string, config: Record<string, unknown>): FlowNode => ({ id, type, config, position: { x: 0, y: 0 } });
const edge = (id: string, source: string, sourceHandle: string, target: string): FlowEdge => ({ id, source, sourceHandle, target });
const graph = (nodes: FlowNode[], edges: FlowEdge[]): FlowGraph => ({ type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION, nodes, edges });

const audience = (id = 'a') => node(id, 'audience', { match: 'all', rules: [] });
const TEMPLATE = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const generate = (id = 'g', extra: Record<string, unknown> = {}) => node(id, 'generate', { templateId: TEMPLATE, channel: 'email', ...extra });
const send = (id = 's') => node(id, 'send', { channel: 'email', ratePerSecond: 0 });
const wait = (id = 'w', extra: Record<string, unknown> = {}) => node(id, 'wait', { mode: 'duration', amount: 1, unit: 'days', ...extra });
const end = (id = 'e') => node(id, 'end', { finalStatus: 'completed' });

const valid = () =>
  graph([audience(), generate(), send(), end()], [edge('e1', 'a', 'out', 'g'), edge('e2', 'g', 'ready', 's'), edge('e3', 's', 'sent', 'e')]);

const codes = (g: FlowGraph) => validateFlow(g).map((p) => [p.nodeId, p.code]);

describe('validateFlow', () => {
  it('accepts the classic audience → generate → send → end flow', () => {
    expect(validateFlow(valid())).toEqual([]);
  });

  it('rejects an empty flow', () => {
    expect(codes(graph([], []))).toEqual([[null, 'EMPTY_FLOW']]);
  });

  it('names an unknown node type', () => {
    const g = valid();
    g.nodes.push(node('x', 'teleport', {}));
    g.edges.push(edge('e4', 's', 'failed', 'x'));
    expect(codes(g)).toEqual([['x', 'UNKNOWN_TYPE']]);
  });

  it('reports missing and wrong config fields with the field path', () => {
    const g = valid();
    g.nodes[1] = node('g', 'generate', { channel: 'email' });
    g.nodes[2] = node('s', 'send', { channel: 'email', ratePerSecond: -1 });
    const problems = validateFlow(g);
    expect(problems.map((p) => [p.nodeId, p.code, p.field])).toEqual([
      ['g', 'INVALID_CONFIG', 'templateId'],
      ['s', 'INVALID_CONFIG', 'ratePerSecond'],
    ]);
    // Written for people: what to do, not what the schema says.
    expect(problems[0]!.message).toBe('Generate messages: Choose a template');
  });

  it('checks audience rules name allowlisted fields and carry values', () => {
    const g = valid();
    g.nodes[0] = node('a', 'audience', {
      match: 'all',
      rules: [
        { field: 'password; DROP TABLE contacts', operator: 'eq', value: 'x' },
        { field: 'attributes.shoeSize', operator: 'gt' },
        { field: 'attributes.colour', operator: 'in', value: 'blue' },
        { field: 'email', operator: 'exists' },
        { field: 'language', operator: 'eq', value: ['en', 'de'] },
      ],
    });
    expect(validateFlow(g).map((p) => [p.field, p.message])).toEqual([
      ['rules.0.field', 'Audience: rule 1 names an unknown field "password; DROP TABLE contacts"'],
      ['rules.1.value', 'Audience: rule 2 needs a value'],
      ['rules.2.value', 'Audience: rule 3 ("in") needs a list of values'],
      ['rules.4.value', 'Audience: rule 5 (eq) needs a single value'],
    ]);
  });

  it('pins a dangling edge to the node that still exists', () => {
    const g = valid();
    g.edges.push(edge('e9', 's', 'failed', 'ghost'));
    expect(validateFlow(g)).toEqual([expect.objectContaining({ nodeId: 's', edgeId: 'e9', code: 'DANGLING_EDGE' })]);
  });

  it('rejects an edge from a handle the node does not have', () => {
    const g = valid();
    g.edges[1] = edge('e2', 'g', 'maybe', 's');
    expect(codes(g)).toContainEqual(['g', 'UNKNOWN_HANDLE']);
  });

  it('rejects two edges from one handle', () => {
    const g = valid();
    g.nodes.push(end('e2'));
    g.edges.push(edge('e4', 's', 'sent', 'e2'));
    expect(codes(g)).toEqual([['s', 'HANDLE_FANOUT']]);
  });

  it('requires entry nodes to be audiences and every node reachable', () => {
    const g = graph([audience(), end(), send('lonely')], [edge('e1', 'a', 'out', 'e')]);
    expect(codes(g)).toEqual([['lonely', 'ENTRY_NOT_AUDIENCE']]);
    const island = graph([audience(), end(), wait('w1'), wait('w2')], [edge('e1', 'a', 'out', 'e'), edge('e2', 'w1', 'out', 'w2'), edge('e3', 'w2', 'out', 'w1')]);
    expect(codes(island)).toEqual(
      expect.arrayContaining([
        ['w1', 'UNREACHABLE_NODE'],
        ['w2', 'UNREACHABLE_NODE'],
      ]),
    );
  });

  it('reports a flow with no entry node', () => {
    const g = graph([wait('w1'), wait('w2')], [edge('e1', 'w1', 'out', 'w2'), edge('e2', 'w2', 'out', 'w1')]);
    expect(codes(g)).toContainEqual([null, 'NO_ENTRY_NODE']);
  });

  it('rejects a loop without a wait, accepts the same loop through a wait', () => {
    const spinning = graph(
      [audience(), generate(), send()],
      [edge('e1', 'a', 'out', 'g'), edge('e2', 'g', 'ready', 's'), edge('e3', 's', 'failed', 'g')],
    );
    expect(codes(spinning)).toEqual(
      expect.arrayContaining([
        ['s', 'CYCLE_WITHOUT_WAIT'],
        ['g', 'CYCLE_WITHOUT_WAIT'],
      ]),
    );
    const retrying = graph(
      [audience(), generate('g', { maxVisits: 3 }), send(), wait(), end()],
      [edge('e1', 'a', 'out', 'g'), edge('e2', 'g', 'ready', 's'), edge('e3', 's', 'failed', 'w'), edge('e4', 'w', 'out', 'g'), edge('e5', 's', 'sent', 'e')],
    );
    expect(validateFlow(retrying)).toEqual([]);
  });

  it('refuses a loop no contact can leave (wait ↔ wait), naming its nodes', () => {
    const trapped = graph(
      [audience(), wait('w1', { maxVisits: 2 }), wait('w2')],
      [edge('e1', 'a', 'out', 'w1'), edge('e2', 'w1', 'out', 'w2'), edge('e3', 'w2', 'out', 'w1')],
    );
    expect(codes(trapped)).toEqual([
      ['w2', 'CYCLE_WITHOUT_EXIT'],
      ['w1', 'CYCLE_WITHOUT_EXIT'],
    ]);
    expect(validateFlow(trapped)[0]!.message).toMatch(/loop that no contact can ever leave/);
  });

  it('refuses a loop without a visit cap, and accepts it once one of its nodes has one', () => {
    const edges = [edge('e1', 'a', 'out', 'g'), edge('e2', 'g', 'ready', 's'), edge('e3', 's', 'failed', 'w'), edge('e4', 'w', 'out', 'g'), edge('e5', 's', 'sent', 'e')];
    const uncapped = graph([audience(), generate(), send(), wait(), end()], edges);
    expect(codes(uncapped)).toEqual([
      ['w', 'LOOP_WITHOUT_CAP'],
      ['s', 'LOOP_WITHOUT_CAP'],
      ['g', 'LOOP_WITHOUT_CAP'],
    ]);
    expect(validateFlow(uncapped)[0]!.message).toMatch(/Max visits/);
    expect(validateFlow(graph([audience(), generate(), send(), wait('w', { maxVisits: 2 }), end()], edges))).toEqual([]);
  });

  it('rejects duplicate ids', () => {
    const g = valid();
    g.nodes.push(end());
    expect(codes(g)).toContainEqual(['e', 'DUPLICATE_ID']);
  });
});

describe('the flat audience config { match, rules }', () => {
  it('audienceRuleProblems names each rule the flat compiler would refuse, by index and part', () => {
    const config = {
      match: 'any' as const,
      rules: [
        { field: 'attributes.colour', operator: 'eq' as const, value: 'blue' },
        { field: 'salary', operator: 'gt' as const, value: 3 },
        { field: 'city', operator: 'in' as const, value: ['Cluj', 'Iași'] },
        { field: 'city', operator: 'contains' as const },
      ],
    };
    expect(audienceRuleProblems(config)).toEqual([
      { index: 1, part: 'field', message: 'names an unknown field "salary"' },
      { index: 3, part: 'value', message: 'needs a value' },
    ]);
  });

  it('validateAudienceConfig checks the shape before the rules, naming paths', () => {
    expect(validateAudienceConfig({ match: 'all', rules: [] })).toEqual([]);
    expect(validateAudienceConfig({ match: 'most', rules: [{ field: 'city', operator: 'eq', value: 'Cluj' }] }).map((problem) => problem.path)).toEqual(['match']);
    expect(validateAudienceConfig({ match: 'all', rules: [{ field: 'city', operator: 'like', value: 'C%' }] }).map((problem) => problem.path)).toEqual(['rules.0.operator']);
    expect(validateAudienceConfig({ match: 'all', rules: [{ field: 'attributes.size', operator: 'lt' }] })).toEqual([{ path: 'rules.0.value', message: 'needs a value' }]);
  });
});
