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
