/**
 * The campaign flow graph: one schema shared by the designer, the API and the workflow.
 * Saved flows carry `{ type, version }` so that old documents can be migrated on load
 * (see `restore.ts`) instead of being trusted blindly.
 */

export const FLOW_DOCUMENT_TYPE = 'campaign-studio/flow';
export const FLOW_SCHEMA_VERSION = 1;

export interface XYPosition {
  x: number;
  y: number;
}

export interface FlowNode<C = Record<string, unknown>> {
  id: string;
  type: string;
  config: C;
  position: XYPosition;
}

export interface FlowEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}

export interface FlowGraph {
  type: typeof FLOW_DOCUMENT_TYPE;
  version: typeof FLOW_SCHEMA_VERSION;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** Nodes that no edge points to: where a run's first arrivals happen. */
export function entryNodes(graph: Pick<FlowGraph, 'nodes' | 'edges'>): FlowNode[] {
  const targets = new Set(graph.edges.map((edge) => edge.target));
  return graph.nodes.filter((node) => !targets.has(node.id));
}

/** The edge leaving `nodeId` through `handle`, if any (validation allows at most one). */
export function edgeFrom(
  graph: Pick<FlowGraph, 'edges'>,
  nodeId: string,
  handle: string,
): FlowEdge | undefined {
  return graph.edges.find((edge) => edge.source === nodeId && edge.sourceHandle === handle);
}

/**
 * The handle through which members leave a node that has no outputs (an End): their cohort
 * sits at no node, i.e. their journey is over.
 */
export const FINISHED_HANDLE = 'finished';

/** Handles the interpreter allocates output cohorts for: the node's outputs, or FINISHED_HANDLE. */
export function interpreterHandles(outputs: string[]): string[] {
  return outputs.length > 0 ? outputs : [FINISHED_HANDLE];
}

/**
 * The handle through which members over a node's visit cap leave when the node names no
 * output for them: their journey ends with this status.
 */
export const VISIT_LIMIT_HANDLE = 'visit_limit';
