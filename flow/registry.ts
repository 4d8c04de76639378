import type { Static, TSchema } from '@sinclair/typebox';
import type { FlowNode } from './graph';
import { audienceNode } from './nodes/audience';
import { branchNode } from './nodes/branch';
import { callbackNode } from './nodes/callback';
import { convertNode } from './nodes/convert';
import type { ExecutionKind, NodeModule } from './nodes/define';
import { endNode } from './nodes/end';
import { generateNode } from './nodes/generate';
import { reviewNode } from './nodes/review';
import { rewardNode } from './nodes/reward';
import { sendNode } from './nodes/send';
import { updateNode } from './nodes/update';
import { visitCap } from './nodes/visit-cap';
import { waitNode } from './nodes/wait';

/**
 * Every node type, once (one module each in `nodes/`). The designer builds its palette and
 * inspector from this list, the API validates saved flows and their references with it, the
 * workflow picks a phase handler by each module's execution kind, and `activities/` must
 * implement a handler for every name here (a missing one is a compile error).
 */
export const NODE_TYPES = [audienceNode, generateNode, reviewNode, sendNode, waitNode, callbackNode, branchNode, updateNode, convertNode, rewardNode, endNode] as const;

type AnyModule = (typeof NODE_TYPES)[number];
export type NodeTypeName = AnyModule['type'];

/** The module of one type name. */
export type NodeModuleOf<T extends NodeTypeName> = Extract<AnyModule, { type: T }>;

/** The config a node of type T carries. */
export type NodeConfigOf<T extends NodeTypeName> = Static<NodeModuleOf<T>['configSchema']>;

/** A flow node whose type is known: `node.type` narrows `node.config`. */
export type TypedFlowNode = { [T in NodeTypeName]: FlowNode<NodeConfigOf<T>> & { type: T } }[NodeTypeName];

const byType = new Map<string, NodeModule<string, TSchema>>(NODE_TYPES.map((module) => [module.type, module as unknown as NodeModule<string, TSchema>]));

/** The module of `type`, or undefined for a type this version does not know. */
export function nodeType(type: string): NodeModule<string, TSchema> | undefined {
  return byType.get(type);
}

/** Whether `type` is one this version knows (narrows it to the registry's names). */
export function isNodeTypeName(type: string): type is NodeTypeName {
  return byType.has(type);
}

/** Output handles of a node; an unknown type has none. */
export function nodeOutputs(node: { type: string; config: unknown }): string[] {
  return byType.get(node.type)?.outputs(node.config as never) ?? [];
}

/** The phase handler that runs this node with its config; undefined for an unknown type. */
export function nodeExecution(node: { type: string; config: unknown }): ExecutionKind | undefined {
  return byType.get(node.type)?.execution(node.config as never);
}

/** Visits one member may make to this node in a run (its config's cap, else its type's). */
export function nodeVisitCap(node: { type: string; config: unknown }): number {
  return visitCap(node.config, byType.get(node.type)?.maxVisits ?? 1);
}

/** The node typed by its registry entry, or undefined when its type is unknown. */
export function typedNode(node: FlowNode): TypedFlowNode | undefined {
  return isNodeTypeName(node.type) ? (node as TypedFlowNode) : undefined;
}
