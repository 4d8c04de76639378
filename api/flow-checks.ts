import { existingContactListIds } from '../db/contact-lists';
import { existingSegmentIds } from '../db/segments/segments';
import { existingTemplateIds } from '../db/templates';
import type { Db } from '../db/pool';
import type { FlowGraph } from '../flow/graph';
import type { FlowProblem, FlowProblemCode } from '../flow/problems';
import { restoreFlow } from '../flow/restore';
import { validateFlow } from '../flow/validate';

/** A flow problem, plus those only the API can see: a reference to a template, segment or list not on file. */
export type SavedFlowProblem = Omit<FlowProblem, 'code'> & { code: FlowProblemCode | 'UNKNOWN_TEMPLATE' | 'UNKNOWN_SEGMENT' | 'UNKNOWN_LIST' };

export type FlowCheck = { ok: true; graph: FlowGraph } | { ok: false; problems: SavedFlowProblem[] };

/**
 * Everything that must hold before a flow is saved or run: it is a flow document (restore,
 * migrating older versions), it is well formed (the shared flow/ validation, the same the
 * designer runs), every generate node names a template that exists, and every audience node
 * a saved segment or contact list that exists (else the run would fail when it starts).
 */
export async function checkFlow(db: Db, document: unknown): Promise<FlowCheck> {
  const restored = restoreFlow(document);
  if (!restored.ok) return restored;
  const problems: SavedFlowProblem[] = [...validateFlow(restored.graph), ...(await unknownTemplates(db, restored.graph)), ...(await unknownAudienceSources(db, restored.graph))];
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

async function unknownAudienceSources(db: Db, graph: FlowGraph): Promise<SavedFlowProblem[]> {
  const segments: { nodeId: string; id: string }[] = [];
  const lists: { nodeId: string; id: string }[] = [];
  for (const node of graph.nodes) {
    if (node.type !== 'audience') continue;
    const { source, segmentId, listId } = node.config;
    // Ids that are not uuids are already INVALID_CONFIG (validateFlow); only look up real ones.
    if (source === 'segment' && isUuid(segmentId)) segments.push({ nodeId: node.id, id: segmentId.toLowerCase() });
    if (source === 'list' && isUuid(listId)) lists.push({ nodeId: node.id, id: listId.toLowerCase() });
  }
  const [savedSegments, savedLists] = await Promise.all([
    existingSegmentIds(db, segments.map((reference) => reference.id)),
    existingContactListIds(db, lists.map((reference) => reference.id)),
  ]);
  return [
    ...segments
      .filter((reference) => !savedSegments.has(reference.id))
      .map((reference) => ({ nodeId: reference.nodeId, field: 'segmentId', code: 'UNKNOWN_SEGMENT' as const, message: `Audience: saved segment "${reference.id}" does not exist` })),
    ...lists
      .filter((reference) => !savedLists.has(reference.id))
      .map((reference) => ({ nodeId: reference.nodeId, field: 'listId', code: 'UNKNOWN_LIST' as const, message: `Audience: contact list "${reference.id}" does not exist` })),
  ];
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
