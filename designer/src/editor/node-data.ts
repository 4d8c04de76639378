import type { Edge, Node } from '@xyflow/react';
import { isNodeTypeName, type NodeConfigOf, type NodeTypeName } from '../../../flow/registry';

/**
 * What a canvas node carries: one member per registry type, discriminated by `nodeType` and
 * derived from the registry (a new node module gets its member for free), plus `other` for a
 * type no registry knows — validation reports those. Plain data only: it must serialise.
 */
export type EditorNodeData =
  | { [T in NodeTypeName]: { nodeType: T; config: NodeConfigOf<T> } }[NodeTypeName]
  | { nodeType: 'other'; type: string; config: Record<string, unknown> };

export type TypedNodeType = NodeTypeName;

/** Every flow node is drawn by the same component; the registry decides what it shows. */
export const CAMPAIGN_NODE = 'campaign';

export type EditorNode = Node<EditorNodeData, typeof CAMPAIGN_NODE>;
export type EditorEdge = Edge;

/** The registry type of a node, whichever member of the union it is. */
export function flowType(data: EditorNodeData): string {
  return data.nodeType === 'other' ? data.type : data.nodeType;
}

/**
 * Node data for a registry type and its config. The config is the saved one, checked by
 * `validateFlow`, not here: an invalid config must still reach the inspector to be fixed.
 */
export function nodeData(type: string, config: Record<string, unknown>): EditorNodeData {
  if (isNodeTypeName(type)) return { nodeType: type, config } as EditorNodeData;
  return { nodeType: 'other', type, config };
}
