import { ApplicationFailure } from '@temporalio/common';
import { cohortPage, moveMembers } from '../db/cohorts';
import { claimMembers } from '../db/member-updates';
import { inTransaction, type DbClient } from '../db/pool';
import type { NodeTypeName } from '../flow/registry';
import type { ActivityDeps, NodeBatch, NodeRun } from './deps';
import { pageDone } from './progress';

const PAGE_SIZE = 1_000;

/** Keyset position of a node that works its cohort page by page. */
interface KeysetState {
  after: string | null;
}

/** The input cohort of a node that has one; an entry node never gets here. */
export function inputCohort<T extends NodeTypeName>(run: NodeRun<T>): string {
  if (!run.inputCohortId) throw ApplicationFailure.nonRetryable(`${run.node.type} ${run.node.id} needs an input cohort`, 'INTERPRETER');
  return run.inputCohortId;
}

/** The output cohort of a handle, which the workflow allocated for this batch. */
export function outputCohort<T extends NodeTypeName>(run: NodeRun<T>, handle: string): string {
  const target = run.outputs[handle];
  if (!target) throw ApplicationFailure.nonRetryable(`${run.node.type} ${run.node.id} has no "${handle}" cohort`, 'INTERPRETER');
  return target.cohortId;
}

/**
 * Work a cohort page by page in contact order (keyset, so each page reads only its own rows)
 * until it is empty or the batch is over; `work` must move every member of its page out of the
 * cohort. The keyset position travels in the batch's state, a retry starts from the batch's.
 */
export async function workInPages<T extends NodeTypeName, Row extends { contactId: string }>(
  run: NodeRun<T>,
  readPage: (after: string | null, limit: number) => Promise<Row[]>,
  work: (rows: Row[]) => Promise<void>,
): Promise<NodeBatch> {
  const state: KeysetState = { after: (run.state as KeysetState | null)?.after ?? null };
  let handled = 0;
  for (;;) {
    const rows = await readPage(state.after, PAGE_SIZE);
    if (rows.length === 0) return { done: true };
    await work(rows);
    state.after = rows[rows.length - 1]!.contactId;
    handled += rows.length;
    pageDone(state);
    if (run.batchOver(handled)) return { done: false, state };
  }
}

/**
 * For nodes that write for their members (update, convert): per page, in one transaction, claim
 * the members still in the cohort, `write` for exactly those, and move them out by `handle`.
 * A page commits whole or not at all, so a retry writes nothing twice.
 */
export async function writeInPages<T extends NodeTypeName>(
  { db }: ActivityDeps,
  run: NodeRun<T>,
  handle: string,
  write: (client: DbClient, contactIds: string[]) => Promise<void>,
): Promise<NodeBatch> {
  const cohortId = inputCohort(run);
  const toCohortId = outputCohort(run, handle);
  const readPage = async (after: string | null, limit: number) => (await cohortPage(db, cohortId, after, limit)).map((contactId) => ({ contactId }));
  return workInPages(run, readPage, (rows) =>
    inTransaction(db, async (client) => {
      const claimed = await claimMembers(client, { runId: run.runId, cohortId, contactIds: rows.map((row) => row.contactId) });
      await write(client, claimed);
      await moveMembers(client, { runId: run.runId, nodeId: run.node.id, fromCohortId: cohortId, toCohortId, handle, contactIds: claimed });
    }),
  );
}
