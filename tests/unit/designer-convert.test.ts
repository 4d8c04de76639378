import { describe, expect, it } from 'vitest';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../../flow/graph';
import { restoreFlow } from '../../flow/restore';
import { canConnect } from '../../designer/src/editor/connection-rules';
import { toEditor, toGraph } from '../../designer/src/editor/convert';
import { summarize } from '../../designer/src/editor/node-summary';

const welcome: FlowGraph = {
  type: FLOW_DOCUMENT_TYPE,
  version: FLOW_SCHEMA_VERSION,
  nodes: [
    { id: 'audience', type: 'audience', config: { match: 'all', rules: [{ field: 'language', operator: 'eq', value: 'en' }] }, position: { x: 0, y: 12.5 } },
    { id: 'generate', type: 'generate', config: { templateId: 'tpl-1', channel: 'email' }, position: { x: 300, y: 0 } },
    { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 50 }, position: { x: 600, y: -40 } },
    { id: 'wait', type: 'wait', config: { mode: 'duration', amount: 1, unit: 'days' }, position: { x: 900, y: 80 } },
    { id: 'end', type: 'end', config: { finalStatus: 'welcomed' }, position: { x: 1200, y: 0 } },
    // A type this designer has no typed member for must survive the canvas untouched too.
    { id: 'future', type: 'survey', config: { script: 'Say hello', outcomes: ['reached', 'no answer'] }, position: { x: 0, y: 400 } },
  ],
  edges: [
    { id: 'e1', source: 'audience', sourceHandle: 'out', target: 'generate' },
    { id: 'e2', source: 'generate', sourceHandle: 'ready', target: 'send' },
    { id: 'e3', source: 'send', sourceHandle: 'sent', target: 'wait' },
    { id: 'e4', source: 'wait', sourceHandle: 'out', target: 'end' },
  ],
};

describe('designer graph conversion', () => {
  it('round-trips a flow graph through React Flow nodes and edges exactly', () => {
    const { nodes, edges } = toEditor(welcome);
    expect(toGraph(nodes, edges)).toEqual(welcome);
    // And the result is still a flow document the API would accept.
    expect(restoreFlow(JSON.parse(JSON.stringify(toGraph(nodes, edges))))).toEqual({ ok: true, graph: welcome });
  });

  it('gives every node the one custom component, typed data and edges labelled by handle', () => {
    const { nodes, edges } = toEditor(welcome);
    expect(nodes.map((node) => node.type)).toEqual(Array(6).fill('campaign'));
    expect(nodes[0]?.data).toEqual({ nodeType: 'audience', config: welcome.nodes[0]?.config });
    expect(nodes[5]?.data).toEqual({ nodeType: 'other', type: 'survey', config: welcome.nodes[5]?.config });
    expect(edges.map((edge) => [edge.sourceHandle, edge.label])).toEqual([
      ['out', 'out'],
      ['ready', 'ready'],
      ['sent', 'sent'],
      ['out', 'out'],
    ]);
  });

  it('does not share position objects between the two shapes', () => {
    const { nodes, edges } = toEditor(welcome);
    nodes[0]!.position.x = 999;
    expect(welcome.nodes[0]?.position.x).toBe(0);
    expect(toGraph(nodes, edges).nodes[0]?.position.x).toBe(999);
  });
});

describe('designer connection rules', () => {
  const { nodes, edges } = toEditor(welcome);

  it('accepts a free output to a node that takes input', () => {
    expect(canConnect({ source: 'send', sourceHandle: 'failed', target: 'end' }, nodes, edges)).toBe(true);
  });

  it('refuses self-loops, used handles, unknown handles, missing nodes and entry targets', () => {
    expect(canConnect({ source: 'wait', sourceHandle: 'out', target: 'wait' }, nodes, [])).toBe(false);
    expect(canConnect({ source: 'send', sourceHandle: 'sent', target: 'end' }, nodes, edges)).toBe(false);
    expect(canConnect({ source: 'send', sourceHandle: 'nope', target: 'end' }, nodes, edges)).toBe(false);
    expect(canConnect({ source: 'send', sourceHandle: null, target: 'end' }, nodes, edges)).toBe(false);
    expect(canConnect({ source: 'send', sourceHandle: 'failed', target: 'ghost' }, nodes, edges)).toBe(false);
    expect(canConnect({ source: 'send', sourceHandle: 'failed', target: 'audience' }, nodes, edges)).toBe(false);
  });
});

describe('designer node summaries', () => {
  const { nodes } = toEditor(welcome);
  const context = { templateName: (id: string) => (id === 'tpl-1' ? 'Welcome mail' : undefined) };
  const summaries = nodes.map((node) => summarize(node.data, context));

  it('says in one line what each node does', () => {
    expect(summaries).toEqual([
      'Language = "en"',
      'Template: Welcome mail',
      'E-mail · 50/s',
      'For 1 day',
      'Status: welcomed',
      'script: Say hello',
    ]);
  });

  it('copes with configs that are not valid yet', () => {
    expect(summarize({ nodeType: 'audience', config: { match: 'all', rules: [] } }, context)).toBe('Every contact');
    expect(summarize({ nodeType: 'generate', config: { templateId: '', channel: 'email' } }, context)).toBe('No template chosen');
    expect(summarize({ nodeType: 'audience', config: {} as never }, context)).toBe('Every contact');
  });
});
