import { existingTemplateIds } from '../db/templates';
import type { Db } from '../db/pool';
import type { FlowGraph } from '../flow/graph';
import type { FlowProblem, FlowProblemCode } from '../flow/problems';
import { restoreFlow } from '../flow/restore';
import { validateFlow } from '../flow/validate';

/** A flow problem, plus the one only the API can see: a reference to a template not on file. */
export type SavedFlowProblem = Omit<FlowProblem, 'code'> & { code: FlowProblemCode | 'UNKNOWN_TEMPLATE' };

export type FlowCheck = { ok: true; graph: FlowGraph } | { ok: false; problems: SavedFlowProblem[] };

/**
 * Everything that must hold before a flow is saved or run: it is a flow document (restore,
 * migrating older versions), it is well formed (the shared flow/ validation, the same the
 * designer runs), and every generate node names a template that exists.
 */
export async function checkFlow(db: Db, document: unknown): Promise<FlowCheck> {
  const restored = restoreFlow(document);
  if (!restored.ok) return restored;
  const problems: SavedFlowProblem[] = [...validateFlow(restored.graph), ...(await unknownTemplates(db, restored.graph))];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, graph: restored.graph };
}

async function unknownTemplates(db: Db, graph: FlowGraph): Promise<SavedFlowProblem[]> {
  // Nodes without a templateId string are already reported as INVALID_CONFIG by validateFlow.
  const references = graph.nodes.flatMap((node) => {
    const templateId = node.config.templateId;
    return node.type === 'generate' && typeof templateId === 'string' && templateId !== '' ? [{ nodeId: node.id, templateId }] : [];
  });
  if (references.length === 0) return [];
  const existing = await existingTemplateIds(db, references.map((reference) => reference.templateId));
  return references
    .filter((reference) => !existing.has(reference.templateId.toLowerCase()))
    .map((reference) => ({
      nodeId: reference.nodeId,
      field: 'templateId',
      code: 'UNKNOWN_TEMPLATE' as const,
      message: `Generate messages: template "${reference.templateId}" does not exist`,
    }));
}
