import { existingContactListIds } from '../db/contact-lists';
import { existingSegmentIds } from '../db/segments/segments';
import { existingTemplateIds } from '../db/templates';
import type { Db } from '../db/pool';
import type { FlowGraph } from '../flow/graph';
import type { FlowProblem, FlowProblemCode } from '../flow/problems';
import { restoreFlow } from '../flow/restore';
import { validateFlow } from '../flow/validate';
import type { NodeReference } from '../flow/nodes/define';
import { nodeType } from '../flow/registry';
import { Value } from '@sinclair/typebox/value';

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
  const problems: SavedFlowProblem[] = [...validateFlow(restored.graph), ...(await unknownReferences(db, restored.graph))];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, graph: restored.graph };
}

const LOOKUPS: Record<NodeReference['kind'], { exists: (db: Db, ids: string[]) => Promise<Set<string>>; code: SavedFlowProblem['code']; what: string }> = {
  template: { exists: existingTemplateIds, code: 'UNKNOWN_TEMPLATE', what: 'template' },
  segment: { exists: existingSegmentIds, code: 'UNKNOWN_SEGMENT', what: 'saved segment' },
  list: { exists: existingContactListIds, code: 'UNKNOWN_LIST', what: 'contact list' },
};

/**
 * References each node module declares (template, segment, list) that are not on file. Nodes
 * whose config does not match their schema are already INVALID_CONFIG and are not looked up.
 */
async function unknownReferences(db: Db, graph: FlowGraph): Promise<SavedFlowProblem[]> {
  const references = graph.nodes.flatMap((node) => {
    const module = nodeType(node.type);
    if (!module || !Value.Check(module.configSchema, node.config)) return [];
    return module.references(node.config).map((reference) => ({ ...reference, id: reference.id.toLowerCase(), nodeId: node.id, label: module.label }));
  });
  const problems = await Promise.all(
    (Object.keys(LOOKUPS) as NodeReference['kind'][]).map(async (kind) => {
      const mine = references.filter((reference) => reference.kind === kind);
      if (mine.length === 0) return [];
      const lookup = LOOKUPS[kind];
      const existing = await lookup.exists(db, mine.map((reference) => reference.id));
      return mine
        .filter((reference) => !existing.has(reference.id))
        .map((reference) => ({
          nodeId: reference.nodeId,
          field: reference.field,
          code: lookup.code,
          message: `${reference.label}: ${lookup.what} "${reference.id}" does not exist`,
        }));
    }),
  );
  return problems.flat();
}
