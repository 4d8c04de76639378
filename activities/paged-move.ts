import { cohortPage, moveMembers } from '../db/cohorts';
import type { ActivityDeps, NodeBatch, NodeRun } from './deps';
import type { NodeTypeName } from '../flow/registry';
import { pageDone } from './progress';

const PAGE_SIZE = 1_000;

/** Keyset position of a node that moves its cohort page by page. */
interface KeysetState {
  after: string | null;
}

/**
 * Move a cohort's members through one output, page by page (keyset, moves by primary key),
 * until the cohort is empty or the batch's time is up: a Wait releasing, an End closing.
 */
export async function movePaged<T extends NodeTypeName>(
  { db }: ActivityDeps,
  run: NodeRun<T>,
  handle: string,
  options: { status?: string; detail?: string } = {},
): Promise<NodeBatch> {
  const target = run.outputs[handle];
  if (!run.inputCohortId || !target) throw new Error(`${run.node.type} ${run.node.id} needs an input and a "${handle}" cohort`);
  const state: KeysetState = { after: (run.state as KeysetState | null)?.after ?? null };
  let moved = 0;
  for (;;) {
    const page = await cohortPage(db, run.inputCohortId, state.after, PAGE_SIZE);
    if (page.length === 0) return { done: true };
    await moveMembers(db, {
      runId: run.runId,
      nodeId: run.node.id,
      fromCohortId: run.inputCohortId,
      toCohortId: target.cohortId,
      handle,
      contactIds: page,
      ...options,
    });
    state.after = page[page.length - 1]!;
    moved += page.length;
    pageDone(state);
    if (run.batchOver(moved)) return { done: false, state };
  }
}
