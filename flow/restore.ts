import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from './graph';
import type { FlowProblem } from './problems';

const PositionSchema = Type.Object({ x: Type.Number(), y: Type.Number() });

/** The shape of a saved flow document, whatever its nodes mean. */
export const FlowDocumentSchema = Type.Object({
  type: Type.Literal(FLOW_DOCUMENT_TYPE),
  version: Type.Integer({ minimum: 1 }),
  nodes: Type.Array(
    Type.Object({
      id: Type.String({ minLength: 1, maxLength: 100 }),
      type: Type.String({ minLength: 1 }),
      config: Type.Record(Type.String(), Type.Unknown()),
      position: PositionSchema,
    }),
  ),
  edges: Type.Array(
    Type.Object({
      id: Type.String({ minLength: 1, maxLength: 200 }),
      source: Type.String({ minLength: 1 }),
      sourceHandle: Type.String({ minLength: 1 }),
      target: Type.String({ minLength: 1 }),
    }),
  ),
});

export type RestoreResult = { ok: true; graph: FlowGraph } | { ok: false; problems: FlowProblem[] };

/**
 * Load a saved flow document, migrating older schema versions to the current one. Never
 * `JSON.parse(x) as FlowGraph`: everything that crosses a boundary goes through here.
 */
export function restoreFlow(input: unknown): RestoreResult {
  if (!Value.Check(FlowDocumentSchema, input)) {
    const problems: FlowProblem[] = [...Value.Errors(FlowDocumentSchema, input)].slice(0, 20).map((error) => ({
      nodeId: null,
      field: error.path.replace(/^\//, '').replaceAll('/', '.') || undefined,
      code: 'NOT_A_FLOW',
      message: `Not a flow document: ${error.path || '(root)'} — ${error.message}`,
    }));
    return { ok: false, problems };
  }
  if (input.version > FLOW_SCHEMA_VERSION) {
    return {
      ok: false,
      problems: [{ nodeId: null, code: 'UNSUPPORTED_VERSION', message: `Flow version ${input.version} is newer than this server understands (${FLOW_SCHEMA_VERSION})` }],
    };
  }
  // Version 1 is the first version: nothing to migrate yet. Later versions add steps here.
  return { ok: true, graph: { ...input, type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION } };
}

/** A new, empty flow document. */
export function emptyFlow(): FlowGraph {
  return { type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION, nodes: [], edges: [] };
}
