import { describe, expect, it } from 'vitest';
import { autoLayout, DEFAULT_NODE_SIZE, NODE_GROWTH_ROOM, placeNewNode, type Box } from '../../designer/src/editor/layout';

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

describe('placing a node added from the palette', () => {
  const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  it('puts each new node where there is room, and they stay apart when every one grows by its problems', () => {
    const centre = { x: 400, y: 200 };
    const placed: Box[] = [];
    for (let i = 0; i < 9; i++) placed.push({ ...placeNewNode(placed, centre), ...DEFAULT_NODE_SIZE });
    // The first goes where it was asked; the next ones along the row first (flows read left to right).
    expect(placed[0]).toMatchObject(centre);
    expect(placed[1]!.y).toBe(centre.y);
    expect(placed[1]!.x).toBeGreaterThan(centre.x + DEFAULT_NODE_SIZE.width);
    const grown = placed.map((box) => ({ ...box, height: box.height + NODE_GROWTH_ROOM }));
    for (const [i, a] of grown.entries()) for (const b of grown.slice(i + 1)) expect(overlaps(a, b), JSON.stringify([a, b])).toBe(false);
  });

  it('goes around nodes already on the canvas, whatever their measured size', () => {
    const tall = { x: 380, y: 150, width: 300, height: 400 };
    const spot = placeNewNode([tall], { x: 400, y: 200 });
    expect(overlaps({ ...spot, width: DEFAULT_NODE_SIZE.width, height: DEFAULT_NODE_SIZE.height + NODE_GROWTH_ROOM }, { ...tall, height: tall.height + NODE_GROWTH_ROOM })).toBe(false);
    expect(spot.y).toBe(200);
  });
});
