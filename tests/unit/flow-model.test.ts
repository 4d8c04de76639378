import { describe, expect, it } from 'vitest';
import { isAudienceField } from '../../flow/audience-fields';
import { edgeFrom, entryNodes, FINISHED_HANDLE, interpreterHandles } from '../../flow/graph';
import { waitDurationMs } from '../../flow/nodes/wait';
import { NODE_TYPES, nodeOutputs, nodeType } from '../../flow/registry';
import { emptyFlow, restoreFlow } from '../../flow/restore';
import { validateFlow } from '../../flow/validate';

describe('the node-type registry', () => {
  it('has one entry per type, each with a valid default config', () => {
    const types = NODE_TYPES.map((definition) => definition.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(['audience', 'generate', 'review', 'send', 'wait', 'callback', 'branch', 'update', 'convert', 'reward', 'end']);
    // These defaults leave one choice to the user: generate's template, update's first
    // operation, the reward's description. The designer shows the problem until it is made.
    // (Convert without a product offers the campaign's.)
    const needsAChoice = new Set(['generate', 'update', 'reward']);
    for (const definition of NODE_TYPES) {
      const problems = validateFlow({ nodes: [{ id: 'n', type: definition.type, config: definition.defaultConfig, position: { x: 0, y: 0 } }], edges: [] });
      const configProblems = problems.filter((p) => p.code === 'INVALID_CONFIG');
      expect(configProblems.length, definition.type).toBe(needsAChoice.has(definition.type) ? 1 : 0);
    }
  });

  it('knows each type’s outputs and nothing of unknown types', () => {
    expect(nodeOutputs({ type: 'generate', config: {} })).toEqual(['ready', 'skipped', 'suppressed']);
    expect(nodeOutputs({ type: 'send', config: {} })).toEqual(['sent', 'bounced', 'failed', 'suppressed']);
    expect(nodeOutputs({ type: 'send', config: { frequencyCap: { max: 2, days: 7 } } })).toEqual(['sent', 'bounced', 'failed', 'suppressed', 'capped']);
    expect(nodeOutputs({ type: 'end', config: {} })).toEqual([]);
    expect(nodeOutputs({ type: 'nope', config: {} })).toEqual([]);
    expect(nodeType('nope')).toBeUndefined();
    expect(interpreterHandles([])).toEqual([FINISHED_HANDLE]);
    expect(interpreterHandles(['a'])).toEqual(['a']);
  });

  it('converts wait durations to milliseconds', () => {
    expect(waitDurationMs({ amount: 2, unit: 'hours' })).toBe(7_200_000);
    expect(waitDurationMs({ amount: 1.5, unit: 'seconds' })).toBe(1_500);
    expect(waitDurationMs({ amount: 1, unit: 'weeks' })).toBe(604_800_000);
  });

  it('allowlists audience fields', () => {
    expect(isAudienceField('email')).toBe(true);
    expect(isAudienceField('attributes.shoe_size')).toBe(true);
    expect(isAudienceField('attributes.x;drop')).toBe(false);
    expect(isAudienceField('password')).toBe(false);
    expect(isAudienceField('constructor')).toBe(false);
  });
});

describe('graph helpers', () => {
  const graph = {
    nodes: [
      { id: 'a', type: 'audience', config: {}, position: { x: 0, y: 0 } },
      { id: 'e', type: 'end', config: {}, position: { x: 0, y: 0 } },
    ],
    edges: [{ id: 'x', source: 'a', sourceHandle: 'out', target: 'e' }],
  };
  it('finds entry nodes and the edge leaving a handle', () => {
    expect(entryNodes(graph).map((n) => n.id)).toEqual(['a']);
    expect(edgeFrom(graph, 'a', 'out')?.target).toBe('e');
    expect(edgeFrom(graph, 'a', 'other')).toBeUndefined();
  });
});

describe('restoreFlow', () => {
  it('accepts a current document and refuses what is not a flow', () => {
    const flow = emptyFlow();
    expect(restoreFlow(flow)).toEqual({ ok: true, graph: flow });
    const notAFlow = restoreFlow({ nodes: 'many' });
    expect(notAFlow.ok).toBe(false);
    expect(!notAFlow.ok && notAFlow.problems[0]?.code).toBe('NOT_A_FLOW');
  });

  it('refuses a document from a newer version instead of guessing', () => {
    const result = restoreFlow({ ...emptyFlow(), version: 99 });
    expect(!result.ok && result.problems[0]?.code).toBe('UNSUPPORTED_VERSION');
  });
});
