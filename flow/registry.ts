import type { TSchema } from '@sinclair/typebox';
import { audienceNode, endNode, generateNode, sendNode, waitNode, type NodeTypeDefinition } from './node-types';

/**
 * Every node type, once. The designer builds its palette and inspector from this list, the
 * API validates saved flows with it and the workflow dispatches on it. Adding a node type =
 * one entry here + one activity handler.
 */
export const NODE_TYPES = [audienceNode, generateNode, sendNode, waitNode, endNode] as const;

export type NodeTypeName = (typeof NODE_TYPES)[number]['type'];

const byType = new Map<string, NodeTypeDefinition<TSchema>>(
  NODE_TYPES.map((definition) => [definition.type, definition as unknown as NodeTypeDefinition<TSchema>]),
);

/** The definition of `type`, or undefined for a type this version does not know. */
export function nodeType(type: string): NodeTypeDefinition<TSchema> | undefined {
  return byType.get(type);
}

/** Output handles of a node; an unknown type has none. */
export function nodeOutputs(node: { type: string; config: unknown }): string[] {
  const definition = byType.get(node.type);
  return definition ? definition.outputs(node.config as never) : [];
}
