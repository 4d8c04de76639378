import { ApplicationFailure } from '@temporalio/common';
import { moveMembers } from '../db/cohorts';
import type { Queryable } from '../db/pool';
import { closeReviewTask, openReviewTask, reviewTaskForArrival } from '../db/reviews';
import { reviewDeadlineAction, reviewDeadlineMs, reviewersOf } from '../flow/nodes/review';
import type { ActivityDeps, NodeBatch, NodeHandler, NodeRun } from './deps';
import { movePaged } from './paged-move';
import { pageDone } from './progress';

const PAGE_SIZE = 1_000;

/**
 * A review: `open` creates the arrival's review task (its deadline and reviewers from the
 * node); `settle` moves the members once the task is approved — excluded messages' members by
 * `excluded` with the reviewer's reason, the others by `approved` (their messages marked
 * approved, so send takes them, the reviewer's edits already in their text); `timeout` applies
 * the node's deadline action (approve when the node does not say). Until the task is decided,
 * settle moves nobody.
 */
export const runReview: NodeHandler<'review'> = async (deps, run) => {
  const cohortId = run.inputCohortId;
  if (!cohortId) throw ApplicationFailure.nonRetryable(`Review ${run.node.id} needs an input cohort`, 'INTERPRETER');
  if (run.mode === 'open') {
    const deadline = reviewDeadlineMs(run.node.config);
    const { config } = run.node;
    await openReviewTask(deps.db, { runId: run.runId, nodeId: run.node.id, cohortId, instructions: config.instructions, dueAt: deadline === null ? null : Date.now() + deadline, reviewers: reviewersOf(config) });
    return { done: false };
  }
  const task = await reviewTaskForArrival(deps.db, cohortId);
  if (!task) throw ApplicationFailure.nonRetryable(`Review ${run.node.id} has no task for its cohort`, 'INTERPRETER');
  if (run.mode === 'timeout' && task.status === 'open') {
    await closeReviewTask(deps.db, task.id, reviewDeadlineAction(run.node.config) === 'expire' ? 'expired' : 'approved');
    return runReview(deps, run);
  }
  if (task.status === 'open') return { done: false };
  if (task.outcome === 'expired') return movePaged(deps, run, 'expired', { detail: 'the review deadline passed' });
  return settleApproved(deps, run);
};

/** Members whose message the reviewer excluded leave by `excluded`, the rest by `approved`. */
async function settleApproved({ db }: ActivityDeps, run: NodeRun<'review'>): Promise<NodeBatch> {
  const cohortId = run.inputCohortId!;
  let handled = 0;
  let after: string | null = (run.state as { after?: string } | null)?.after ?? null;
  for (;;) {
    const { rows } = await db.query<{ contactId: string; excluded: string | null; messageId: string | null }>(
      `SELECT page.contact_id AS "contactId", page.message_id AS "messageId", CASE WHEN msg.status = 'excluded' THEN COALESCE(msg.error, 'excluded') END AS excluded
       FROM cohort_page($1, $3, $2) page
       LEFT JOIN LATERAL (SELECT status, error FROM messages WHERE messages.id = page.message_id OFFSET 0) msg ON true
       ORDER BY page.contact_id`,
      [cohortId, PAGE_SIZE, after],
    );
    if (rows.length === 0) return { done: true };
    after = rows[rows.length - 1]!.contactId;
    const approved = rows.filter((row) => row.excluded === null);
    await approveMessages(db, approved.flatMap((row) => (row.messageId ? [row.messageId] : [])));
    await move(db, run, 'approved', approved.map((row) => row.contactId));
    const byReason = new Map<string, string[]>();
    for (const row of rows) if (row.excluded !== null) byReason.set(row.excluded, [...(byReason.get(row.excluded) ?? []), row.contactId]);
    for (const [reason, contactIds] of byReason) await move(db, run, 'excluded', contactIds, reason);
    handled += rows.length;
    pageDone({ after });
    if (run.batchOver(handled)) return { done: false, state: { after } };
  }
}

async function approveMessages(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`UPDATE messages SET status = 'approved', updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'draft'`, [ids]);
}

async function move(db: Queryable, run: NodeRun<'review'>, handle: 'approved' | 'excluded' | 'expired', contactIds: string[], detail?: string) {
  const target = run.outputs[handle];
  if (!target) throw ApplicationFailure.nonRetryable(`Review ${run.node.id} has no "${handle}" cohort`, 'INTERPRETER');
  await moveMembers(db, { runId: run.runId, nodeId: run.node.id, fromCohortId: run.inputCohortId!, toCohortId: target.cohortId, handle, contactIds, detail });
}
