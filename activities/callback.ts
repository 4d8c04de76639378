import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { cancelOpenCalls, closedUnroutedCalls, createCallbackTasks, markRouted } from '../db/callback-tasks';
import { cohortHasMembers, cohortPage, moveMembers } from '../db/cohorts';
import { inTransaction, type DbClient } from '../db/pool';
import { callbackDeadlineMs, callbackDueMs, callbackHandle, TIMEOUT_HANDLE, UNREACHABLE_HANDLE } from '../flow/nodes/callback';
import type { ActivityDeps, NodeBatch, NodeHandler, NodeRun } from './deps';
import { movePaged } from './paged-move';
import { pageDone } from './progress';

const PAGE_SIZE = 1_000;

type CallbackRun = NodeRun<'callback'>;

/**
 * A call-back: `open` creates one call task per member; `settle` (on each wake-up) moves the
 * members whose call has closed on by its outcome, at once, while the others keep waiting;
 * `timeout` (the deadline) cancels the calls still open and sends their members on by
 * `timeout`. The arrival is over when its cohort is empty.
 *
 * `open` and `settle` each finish their whole job in one activity, paging and heartbeating: the
 * human gate treats a batch that is not done as "opened" or "settled for this wake" and waits,
 * so a partial open would leave members without a call. `settle` handles what agents closed
 * since the last wake-up, a human-sized amount; `timeout` may be large and honours the batch
 * limits (the gate runs timeout batches until done).
 */
export const runCallback: NodeHandler<'callback'> = async (deps, run) => {
  if (!run.inputCohortId) throw ApplicationFailure.nonRetryable(`Call-back ${run.node.id} needs an input cohort`, 'INTERPRETER');
  if (run.mode === 'open') return openCalls(deps, run);
  if (run.mode === 'settle') return settleClosedCalls(deps, run);
  if (run.mode === 'timeout') return timeOut(deps, run);
  throw ApplicationFailure.nonRetryable(`Call-back ${run.node.id} cannot run in mode "${run.mode}"`, 'INTERPRETER');
};

/**
 * One task per member, page by page. A retried activity resumes after the last page it
 * reported; a page it did twice creates nothing new (one task per arrival and contact).
 */
async function openCalls({ db }: ActivityDeps, run: CallbackRun): Promise<NodeBatch> {
  const config = run.node.config;
  const now = Date.now();
  const deadline = callbackDeadlineMs(config);
  let after = (Context.current().info.heartbeatDetails as { after?: string } | undefined)?.after ?? null;
  for (;;) {
    const contactIds = await cohortPage(db, run.inputCohortId!, after, PAGE_SIZE);
    if (contactIds.length === 0) break;
    await createCallbackTasks(db, {
      runId: run.runId,
      nodeId: run.node.id,
      arrivalId: run.inputCohortId!,
      contactIds,
      assignment: config,
      dueAt: now + callbackDueMs(config),
      deadlineAt: deadline === null ? null : now + deadline,
    });
    after = contactIds[contactIds.length - 1]!;
    pageDone({ after });
  }
  // Members over the visit cap have already left (unreachable); nobody left means nothing to wait for.
  return { done: !(await cohortHasMembers(db, run.inputCohortId!)) };
}

/** Move every member whose call has closed by its outcome; done when nobody is left waiting. */
async function settleClosedCalls({ db }: ActivityDeps, run: CallbackRun): Promise<NodeBatch> {
  while ((await settlePage(db, run)) > 0) pageDone(null);
  return { done: !(await cohortHasMembers(db, run.inputCohortId!)) };
}

/**
 * One page of closed calls, in one transaction: their members move by outcome (the
 * (maxAttempts)th "no answer" by `unreachable`), and the calls are marked routed. Returns how
 * many calls it routed.
 */
async function settlePage(db: ActivityDeps['db'], run: CallbackRun): Promise<number> {
  return inTransaction(db, async (client) => {
    const calls = await closedUnroutedCalls(client, run.inputCohortId!, PAGE_SIZE);
    const byHandle = new Map<string, string[]>();
    for (const call of calls) {
      const handle = callbackHandle(run.node.config, call.outcome, call.attempt);
      byHandle.set(handle, [...(byHandle.get(handle) ?? []), call.contactId]);
    }
    for (const [handle, contactIds] of byHandle) {
      const detail = handle === UNREACHABLE_HANDLE ? `no answer ${run.node.config.maxAttempts} time${run.node.config.maxAttempts === 1 ? '' : 's'}` : undefined;
      await move(client, run, handle, contactIds, detail);
    }
    await markRouted(client, calls.map((call) => call.id));
    return calls.length;
  });
}

/**
 * The deadline: calls still open are cancelled and their members leave by `timeout`; calls
 * closed meanwhile are settled by their outcome; a member left without a call (none should be)
 * leaves by `timeout` too.
 */
async function timeOut(deps: ActivityDeps, run: CallbackRun): Promise<NodeBatch> {
  let handled = 0;
  for (;;) {
    const cancelled = await inTransaction(deps.db, async (client) => {
      const contactIds = await cancelOpenCalls(client, run.inputCohortId!, PAGE_SIZE);
      await move(client, run, TIMEOUT_HANDLE, contactIds, 'the call-back deadline passed');
      return contactIds.length;
    });
    if (cancelled === 0) break;
    handled += cancelled;
    pageDone(null);
    if (run.batchOver(handled)) return { done: false };
  }
  await settleClosedCalls(deps, run);
  return movePaged(deps, run, TIMEOUT_HANDLE, { detail: 'the call-back deadline passed' });
}

async function move(client: DbClient, run: CallbackRun, handle: string, contactIds: string[], detail?: string): Promise<void> {
  const target = run.outputs[handle];
  if (!target) throw ApplicationFailure.nonRetryable(`Call-back ${run.node.id} has no "${handle}" cohort`, 'INTERPRETER');
  await moveMembers(client, { runId: run.runId, nodeId: run.node.id, fromCohortId: run.inputCohortId!, toCohortId: target.cohortId, handle, contactIds, detail });
}
