import { nodeOutputs, nodeType } from '../../../flow/registry';
import { flowType, type EditorEdge, type EditorNode } from './node-data';

export interface ProposedConnection {
  source: string;
  sourceHandle?: string | null;
  target: string;
}

/**
 * Whether the canvas may draw this edge: no self-loop, both ends exist, the handle is one of
 * the source's outputs and still free (a contact can only leave one way), and the target
 * accepts incoming contacts. The same rules `validateFlow` applies on save.
 */
export function canConnect(connection: ProposedConnection, nodes: readonly EditorNode[], edges: readonly EditorEdge[]): boolean {
  const { source, sourceHandle, target } = connection;
  if (!sourceHandle || source === target) return false;
  const from = nodes.find((node) => node.id === source);
  const to = nodes.find((node) => node.id === target);
  if (!from || !to) return false;
  if (!nodeOutputs({ type: flowType(from.data), config: from.data.config }).includes(sourceHandle)) return false;
  if (nodeType(flowType(to.data))?.entry) return false;
  return !edges.some((edge) => edge.source === source && edge.sourceHandle === sourceHandle);
}

/** An id for the edge leaving `source` through `handle`, unique because a handle has one edge. */
export function edgeId(source: string, handle: string, target: string): string {
  return `${source}.${handle}->${target}`.slice(0, 200);
}
