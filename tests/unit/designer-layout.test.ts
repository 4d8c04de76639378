import { describe, expect, it } from 'vitest';
import { autoLayout } from '../../designer/src/editor/layout';

const nodes = ['audience', 'generate', 'send', 'retry', 'end', 'lonely'].map((id) => ({ id }));
const edges = [
  { id: 'e1', source: 'audience', target: 'generate' },
  { id: 'e2', source: 'generate', target: 'send' },
  { id: 'e3', source: 'send', target: 'end' },
  { id: 'e4', source: 'send', target: 'retry' },
  { id: 'e5', source: 'retry', target: 'end' },
];

describe('designer auto-layout', () => {
  it('places every node, each source left of its targets', async () => {
    const positions = await autoLayout(nodes, edges);
    expect([...positions.keys()].sort()).toEqual(nodes.map((node) => node.id).sort());
    for (const position of positions.values()) {
      expect(Number.isFinite(position.x) && Number.isFinite(position.y)).toBe(true);
    }
    for (const edge of edges) {
      expect(positions.get(edge.source)!.x, `${edge.source} → ${edge.target}`).toBeLessThan(positions.get(edge.target)!.x);
    }
  });

  it('keeps nodes from overlapping, using their measured sizes', async () => {
    const sized = nodes.map((node) => ({ ...node, width: 300, height: 150 }));
    const positions = [...(await autoLayout(sized, edges)).values()];
    for (const [i, a] of positions.entries()) {
      for (const b of positions.slice(i + 1)) {
        const apart = Math.abs(a.x - b.x) >= 300 || Math.abs(a.y - b.y) >= 150;
        expect(apart).toBe(true);
      }
    }
  });

  it('ignores edges to nodes that are gone and lays out an empty flow as nothing', async () => {
    const positions = await autoLayout([{ id: 'a' }], [{ id: 'x', source: 'a', target: 'ghost' }]);
    expect([...positions.keys()]).toEqual(['a']);
    expect((await autoLayout([], [])).size).toBe(0);
  });
});
