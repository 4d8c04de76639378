import { Type } from '@sinclair/typebox';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../flow/graph';
import { ProblemItemSchema } from './problem';
import { DateTimeSchema, UuidSchema } from './common';

const name = Type.String({ minLength: 1, maxLength: 200 });

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

export const FlowSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  version: Type.Integer(),
  graph: GraphSchema,
  problems: Type.Array(ProblemItemSchema, {
    description: 'What this version still lacks before it can run, pinned to nodes and edges; empty when it can run. A draft is saved with its problems.',
  }),
});
