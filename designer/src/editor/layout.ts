import type { ElkNode } from 'elkjs/lib/elk-api';

export interface LayoutNode {
  id: string;
  /** Measured size on the canvas, when known; new nodes fall back to the default size. */
  width?: number;
  height?: number;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

export interface XY {
  x: number;
  y: number;
}

/** Matches `.campaign-node` in styles.css; the height of a node with two outputs. */
export const DEFAULT_NODE_SIZE = { width: 210, height: 110 };

/**
 * Room kept free below every node: a node grows downwards when it shows its problems (up to
 * three lines) or the counts of a run, and must not grow into the node under it.
 */
export const NODE_GROWTH_ROOM = 160;

/** Space kept between a node placed for the user and its neighbours: an edge's width across, a gap down. */
const PLACEMENT_GAP = { x: 70, y: 40 };

/** How many slots to the right of the preferred spot are tried before the next row. */
const PLACEMENT_COLUMNS = 4;

export interface Box extends XY {
  width: number;
  height: number;
}

/**
 * Where a node added without a drop point (a palette click) goes: the first free slot from
 * `preferred`, rightwards along its row (flows read left to right), then row by row below. A
 * slot is free when the new node and every existing one, each with its growth room below and a
 * gap around, do not overlap: so nothing overlaps later either, when a node shows its problems.
 */
export function placeNewNode(nodes: readonly Box[], preferred: XY, size: { width: number; height: number } = DEFAULT_NODE_SIZE): XY {
  const reach = (box: Box) => ({ right: box.x + box.width + PLACEMENT_GAP.x, bottom: box.y + box.height + NODE_GROWTH_ROOM + PLACEMENT_GAP.y });
  const blocked = (spot: XY) => {
    const mine = reach({ ...spot, ...size });
    return nodes.some((node) => {
      const theirs = reach(node);
      return spot.x < theirs.right && node.x < mine.right && spot.y < theirs.bottom && node.y < mine.bottom;
    });
  };
  const step = { x: size.width + PLACEMENT_GAP.x, y: size.height + NODE_GROWTH_ROOM + PLACEMENT_GAP.y };
  for (let row = 0; row < 100; row++) {
    for (let column = 0; column < PLACEMENT_COLUMNS; column++) {
      const spot = { x: preferred.x + column * step.x, y: preferred.y + row * step.y };
      if (!blocked(spot)) return spot;
    }
  }
  // A canvas packed this full: below everything.
  return { x: preferred.x, y: Math.max(...nodes.map((node) => reach(node).bottom)) };
}

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
};

/**
 * Left-to-right positions (top-left corners) for every node, by ELK's layered algorithm: each
 * edge's source sits in an earlier layer than its target, loops aside. Pure and async; ELK
 * (1.5 MB) is loaded on first use so the editor opens without it.
 */
export async function autoLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Promise<Map<string, XY>> {
  if (nodes.length === 0) return new Map();
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const ids = new Set(nodes.map((node) => node.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: nodes.map((node) => ({
      id: node.id,
      width: node.width ?? DEFAULT_NODE_SIZE.width,
      height: node.height ?? DEFAULT_NODE_SIZE.height,
    })),
    edges: edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  };
  const laidOut = await new ELK().layout(graph);
  return new Map((laidOut.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
