import { Type, type Static } from '@sinclair/typebox';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../flow/graph';
import type { FlowProblemCode } from '../flow/problems';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

/** The longest flow name the API accepts. */
export const FLOW_NAME_MAX = 200;

const name = Type.String({ minLength: 1, maxLength: FLOW_NAME_MAX });

/**
 * The graph is deliberately not described to Fastify: flow/restore + flow/validate check it and
 * pin each problem to its node, which a JSON-schema error path could not do.
 */
const GraphSchema = Type.Unknown({
  description: `A flow document: { type: "${FLOW_DOCUMENT_TYPE}", version: ${FLOW_SCHEMA_VERSION}, nodes: [{ id, type, config, position }], edges: [{ id, source, sourceHandle, target }] }`,
});

export const CreateFlowSchema = Type.Object({ name, graph: GraphSchema }, { additionalProperties: false });

export const UpdateFlowSchema = Type.Object({ name: Type.Optional(name), graph: GraphSchema }, { additionalProperties: false });

export const FlowSummarySchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  version: Type.Integer({ description: 'Latest version' }),
  updatedAt: DateTimeSchema,
});

/** What only the API can see: a node names a template, saved segment or contact list that is not on file. */
export type ReferenceProblemCode = 'UNKNOWN_TEMPLATE' | 'UNKNOWN_SEGMENT' | 'UNKNOWN_LIST';

/**
 * One problem of a saved flow: flow/validate's (the same the designer runs), or a reference to a
 * record not on file. Pinned to a node (or the whole flow: null) and, for config, to its field.
 */
export const FlowProblemSchema = Type.Object({
  nodeId: Nullable(Type.String({ description: 'The node the problem is pinned to; null for the whole flow' })),
  edgeId: Type.Optional(Type.String()),
  field: Type.Optional(Type.String({ description: "The node config's field at fault" })),
  code: Type.Unsafe<FlowProblemCode | ReferenceProblemCode>(Type.String({ description: 'Stable reason, e.g. INVALID_CONFIG, UNREACHABLE_NODE, UNKNOWN_TEMPLATE' })),
  message: Type.String(),
});
export type SavedFlowProblem = Static<typeof FlowProblemSchema>;

export const FlowSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  version: Type.Integer(),
  graph: GraphSchema,
  problems: Type.Array(FlowProblemSchema, {
    description: 'What this version still lacks before it can run, pinned to nodes and edges; empty when it can run. A draft is saved with its problems.',
  }),
});
