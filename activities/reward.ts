import { cohortPage, moveMembers } from '../db/cohorts';
import { bookRewardCosts } from '../db/cost-ledger';
import { claimMembers } from '../db/member-updates';
import { inTransaction } from '../db/pool';
import { grantRewards, type RewardGrant } from '../db/rewards';
import { GRANTED_HANDLE, NOT_MET_HANDLE, purchaseCondition } from '../flow/nodes/reward';
import { inputCohort, outputCohort, workInPages } from './cohort-pages';
import type { NodeHandler } from './deps';

/**
 * Grant the step's reward page by page. Per page, one transaction claims the members still in
 * the cohort, records a reward for those whose condition holds (at most one per member per step),
 * books the cost of the rewards recorded now in the ledger (`reward:<id>`, exactly once), and
 * moves the members to `granted` or `not_met`: the page commits whole or not at all, so a retried
 * or doubled batch grants and books nothing twice.
 */
export const runReward: NodeHandler<'reward'> = async ({ db }, run) => {
  const { node, runId } = run;
  const cohortId = inputCohort(run);
  const granted = outputCohort(run, GRANTED_HANDLE);
  const notMet = outputCohort(run, NOT_MET_HANDLE);
  const reward: RewardGrant = {
    runId,
    nodeId: node.id,
    kind: node.config.kind,
    description: node.config.description,
    value: node.config.value,
    currency: node.config.currency,
    purchase: purchaseCondition(node.config),
  };
  const readPage = async (after: string | null, limit: number) => (await cohortPage(db, cohortId, after, limit)).map((contactId) => ({ contactId }));
  return workInPages(run, readPage, (rows) =>
    inTransaction(db, async (client) => {
      const claimed = await claimMembers(client, { runId, cohortId, contactIds: rows.map((row) => row.contactId) });
      const page = await grantRewards(client, reward, claimed);
      await bookRewardCosts(client, page.newRewardIds);
      const met = new Set(page.granted);
      const move = { runId, nodeId: node.id, fromCohortId: cohortId };
      await moveMembers(client, { ...move, toCohortId: granted, handle: GRANTED_HANDLE, contactIds: page.granted });
      await moveMembers(client, { ...move, toCohortId: notMet, handle: NOT_MET_HANDLE, contactIds: claimed.filter((id) => !met.has(id)) });
    }),
  );
};
