import { describe, expect, it } from 'vitest';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../../flow/graph';
import { validateFlow } from '../../flow/validate';
import { toGraph } from '../../designer/src/editor/convert';
import { createEditorStore } from '../../designer/src/editor/store';

const graph = {
  type: FLOW_DOCUMENT_TYPE,
  version: FLOW_SCHEMA_VERSION,
  nodes: [
    { id: 'audience', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
    { id: 'end', type: 'end', config: { finalStatus: 'done' }, position: { x: 300, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'audience', sourceHandle: 'out', target: 'end' }],
};

describe('designer editor store', () => {
  it('adds a palette node with its type’s default config, selected, with a readable id', () => {
    const store = createEditorStore(graph, { flowId: 'f1', name: 'Welcome', version: 3 });
    const first = store.getState().addNode('wait', { x: 10, y: 20 });
    const second = store.getState().addNode('wait', { x: 10, y: 200 });
    expect([first, second]).toEqual(['wait-1', 'wait-2']);
    const { nodes, dirty } = store.getState();
    expect(nodes.find((node) => node.id === 'wait-1')?.data).toEqual({ nodeType: 'wait', config: { mode: 'duration', amount: 1, unit: 'days' } });
    expect(nodes.filter((node) => node.selected).map((node) => node.id)).toEqual(['wait-2']);
    expect(dirty).toBe(true);
    expect(store.getState().addNode('no-such-type', { x: 0, y: 0 })).toBeNull();
  });

  it('connects only what the flow allows, edges labelled by their handle', () => {
    const store = createEditorStore(graph);
    store.getState().addNode('wait', { x: 0, y: 0 });
    store.getState().onConnect({ source: 'audience', sourceHandle: 'out', target: 'wait-1', targetHandle: null });
    expect(store.getState().edges).toHaveLength(1);
    store.getState().onConnect({ source: 'wait-1', sourceHandle: 'out', target: 'end', targetHandle: null });
    expect(store.getState().edges.at(-1)).toMatchObject({ source: 'wait-1', sourceHandle: 'out', target: 'end', label: 'out' });
  });

  it('does not count selection as a change, and keeps problems current once shown', () => {
    const store = createEditorStore(graph);
    store.getState().onNodesChange([{ type: 'select', id: 'end', selected: true }]);
    expect(store.getState().dirty).toBe(false);

    store.getState().addNode('wait', { x: 0, y: 0 });
    const { nodes, edges } = store.getState();
    store.getState().showProblems(validateFlow(toGraph(nodes, edges)));
    expect(Object.keys(store.getState().problemsByNode)).toEqual(['wait-1']);

    store.getState().onNodesChange([{ type: 'remove', id: 'wait-1' }]);
    expect(store.getState().problems).toEqual([]);
  });

  it('takes the id and version of a save and is clean again', () => {
    const store = createEditorStore(graph);
    store.getState().setName('Spring promo');
    store.getState().saveSucceeded({ id: 'f9', name: 'Spring promo', version: 1, problems: [] });
    expect(store.getState()).toMatchObject({ flowId: 'f9', version: 1, dirty: false, save: { status: 'saved', version: 1 }, problems: [] });
  });

  it('keeps a draft saved with its problems on its nodes, and follows them as they are fixed', () => {
    const store = createEditorStore(graph);
    store.getState().addNode('wait', { x: 0, y: 0 });
    const problems = validateFlow(toGraph(store.getState().nodes, store.getState().edges));
    expect(problems.length).toBeGreaterThan(0);
    store.getState().saveSucceeded({ id: 'f9', name: 'Draft', version: 2, problems });
    expect(store.getState()).toMatchObject({ version: 2, dirty: false, save: { status: 'saved', version: 2 } });
    expect(Object.keys(store.getState().problemsByNode)).toEqual(['wait-1']);

    store.getState().onNodesChange([{ type: 'remove', id: 'wait-1' }]);
    expect(store.getState().problems).toEqual([]);
    expect(store.getState()).toMatchObject({ dirty: true, save: { status: 'saved', version: 2 } });
  });
});
