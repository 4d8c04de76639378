import type { Edge, Node } from '@xyflow/react';
import type { AudienceConfig, EndConfig, GenerateConfig, SendConfig, WaitConfig } from '../../../flow/node-types';

/**
 * What a canvas node carries: one member per node type, discriminated by `nodeType`, plus
 * `other` for types this designer has no typed member for (a newer registry entry, or a type
 * no registry knows — validation reports those). Plain data only: it must serialise.
 */
export type EditorNodeData =
  | { nodeType: 'audience'; config: AudienceConfig }
  | { nodeType: 'generate'; config: GenerateConfig }
  | { nodeType: 'send'; config: SendConfig }
  | { nodeType: 'wait'; config: WaitConfig }
  | { nodeType: 'end'; config: EndConfig }
  | { nodeType: 'other'; type: string; config: Record<string, unknown> };

export type TypedNodeType = Exclude<EditorNodeData['nodeType'], 'other'>;

const TYPED: ReadonlySet<string> = new Set<TypedNodeType>(['audience', 'generate', 'send', 'wait', 'end']);

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
  if (TYPED.has(type)) return { nodeType: type as TypedNodeType, config } as EditorNodeData;
  return { nodeType: 'other', type, config };
}
