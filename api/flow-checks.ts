import { existingContactListIds } from '../db/contact-lists';
import { existingSegmentIds } from '../db/segments/segments';
import { existingTemplateIds } from '../db/templates';
import type { Db } from '../db/pool';
import type { SavedFlowProblem } from '../contracts/flow';
import type { FlowGraph } from '../flow/graph';
import { restoreFlow } from '../flow/restore';
import { validateFlow } from '../flow/validate';
import type { NodeReference } from '../flow/nodes/define';
import { nodeType } from '../flow/registry';
import { Value } from '@sinclair/typebox/value';

export type FlowCheck = { ok: true; graph: FlowGraph } | { ok: false; problems: SavedFlowProblem[] };

/**
 * A draft: a flow document (ok), perhaps with problems still to fix; or not a flow document at
 * all (not ok: its problems say why, and there is nothing to save).
 */
export type DraftCheck = { ok: true; graph: FlowGraph; problems: SavedFlowProblem[] } | { ok: false; problems: SavedFlowProblem[] };

/**
 * What a save needs: the document restores as a flow (migrating older versions), and the
 * problems it still has — the shared flow/ validation (the same the designer runs) and
 * references to a template, saved segment or contact list that is not on file. A draft with
 * problems is saved with them; only starting a run needs none (see {@link checkFlow}).
 */
export async function checkDraft(db: Db, document: unknown): Promise<DraftCheck> {
  const restored = restoreFlow(document);
  if (!restored.ok) return restored;
  return { ok: true, graph: restored.graph, problems: [...validateFlow(restored.graph), ...(await unknownReferences(db, restored.graph))] };
}

/**
 * Everything that must hold before a flow runs: it is a flow document and {@link checkDraft}
 * finds no problem in it (else the run would fail, at the start or halfway).
 */
export async function checkFlow(db: Db, document: unknown): Promise<FlowCheck> {
  const draft = await checkDraft(db, document);
  if (!draft.ok) return draft;
  return draft.problems.length > 0 ? { ok: false, problems: draft.problems } : { ok: true, graph: draft.graph };
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
