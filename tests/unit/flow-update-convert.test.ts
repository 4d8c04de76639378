import { describe, expect, it } from 'vitest';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../../flow/graph';
import { convertNode } from '../../flow/nodes/convert';
import { updateNode } from '../../flow/nodes/update';
import { validateFlow } from '../../flow/validate';

const LIST = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const PRODUCT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const context = { templateName: () => undefined };

/** audience → the node → end */
function around(type: string, config: Record<string, unknown>, handle: string): FlowGraph {
  return {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: [
      { id: 'a', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
      { id: 'n', type, config, position: { x: 0, y: 0 } },
      { id: 'e', type: 'end', config: { finalStatus: 'done' }, position: { x: 0, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'a', sourceHandle: 'out', target: 'n' },
      { id: 'e2', source: 'n', sourceHandle: handle, target: 'e' },
    ],
  };
}

const fields = (graph: FlowGraph) => validateFlow(graph).map((p) => p.field);

describe('the update node', () => {
  const all = [
    { kind: 'setAttribute', key: 'tier', value: 'gold' },
    { kind: 'clearAttribute', key: 'old_score' },
    { kind: 'subscribe', topic: 'news', textShown: 'Yes, send me news' },
    { kind: 'unsubscribe', topic: 'promos' },
    { kind: 'addToList', listId: LIST },
    { kind: 'logEvent', eventKind: 'campaign_note', title: 'Spring offer made' },
  ];

  it('accepts each operation, leaves by out, and names the lists it adds to as references', () => {
    expect(validateFlow(around('update', { operations: all }, 'out'))).toEqual([]);
    expect(updateNode.references({ operations: all as never })).toEqual([{ kind: 'list', id: LIST, field: 'operations.4.listId' }]);
    expect(updateNode.summary({ operations: all as never }, context)).toBe(
      'tier = "gold", clear old_score, subscribe news, unsubscribe promos, add to a list, log “Spring offer made”',
    );
  });

  it('refuses a node with nothing to do, an attribute key that is not an identifier and an event kind with spaces', () => {
    expect(validateFlow(around('update', { operations: [] }, 'out')).map((p) => p.message)).toEqual(['Update contacts: Add at least one operation']);
    expect(fields(around('update', { operations: [{ kind: 'setAttribute', key: 'drop table', value: 1 }] }, 'out'))).toEqual(['operations.0']);
    expect(fields(around('update', { operations: [{ kind: 'logEvent', eventKind: 'Big Note', title: 'x' }] }, 'out'))).toEqual(['operations.0']);
    expect(fields(around('update', { operations: [{ kind: 'addToList', listId: 'not-a-uuid' }] }, 'out'))).toEqual(['operations.0']);
  });
});

describe('the convert node', () => {
  it('accepts a product and a stage, leaving by created', () => {
    expect(validateFlow(around('convert', { productId: PRODUCT, stage: 'proposal', probability: 40 }, 'created'))).toEqual([]);
    expect(convertNode.summary({ productId: PRODUCT, stage: 'proposal', probability: 40 }, context)).toBe('Opportunity at proposal · 40%');
  });

  it('asks for the product, refuses a closed stage and odds above 100 %', () => {
    // No product: the campaign's promoted product, decided when the run converts.
    expect(validateFlow(around('convert', { productId: '', stage: 'qualification' }, 'created'))).toEqual([]);
    expect(convertNode.summary({ productId: '', stage: 'qualification' }, context)).toBe("The campaign's product at qualification");
    expect(validateFlow(around('convert', { productId: 'AP-9', stage: 'qualification' }, 'created')).map((p) => p.message)).toEqual([
      "Convert to opportunity: Choose the product offered, or none for the campaign's",
    ]);
    expect(fields(around('convert', { productId: PRODUCT, stage: 'won' }, 'created'))).toEqual(['stage']);
    expect(fields(around('convert', { productId: PRODUCT, stage: 'proposal', probability: 120 }, 'created'))).toEqual(['probability']);
  });
});
