import { ApplicationFailure } from '@temporalio/common';
import { countCohorts, ensureCohorts, moveMembersInChunks } from '../db/cohorts';
import { setRunStatus as storeRunStatus, type RunStatus } from '../db/runs';
import { countVisits } from '../db/visits';
import { VISIT_LIMIT_HANDLE } from '../flow/graph';
import { nodeType, typedNode } from '../flow/registry';
import { runAudience } from './audience';
import { runBranch } from './branch';
import { runCallback } from './callback';
import { runConvert } from './convert';
import type { ActivityDeps, NodeBatch, NodeBatchResult, NodeHandler, NodeHandlers, NodeRun, RunNodeInput } from './deps';
import { runEnd } from './end';
import { runGenerate } from './generate';
import { runReview } from './review';
import { runReward } from './reward';
import { runSend } from './send';
import { runUpdate } from './update';
import { runWait } from './wait';

export type { ActivityDeps, NodeBatchResult, NodeMode, NodeResult, RunNodeInput } from './deps';

/** One handler per node type of the flow registry, checked by the compiler. */
const HANDLERS: NodeHandlers = {
  audience: runAudience,
  generate: runGenerate,
  review: runReview,
  send: runSend,
  wait: runWait,
  callback: runCallback,
  branch: runBranch,
  update: runUpdate,
  convert: runConvert,
  reward: runReward,
  end: runEnd,
};

/**
 * The activities the campaign workflow calls, closed over their dependencies (wired in
 * worker/). Workflows import this module's *type* only.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    /**
     * Run one batch of one arrival at a node: make the batch's output cohorts, count the
     * arrival's visit (first batch at a loop node) and move those over the cap on, let the
     * node's handler work until its cohort is empty or the batch's time is up, and report the
     * counts per handle. Idempotent by DB state: a retry continues where the attempt stopped.
     */
    async runNode(input: RunNodeInput): Promise<NodeBatchResult> {
      const node = typedNode(input.node);
      if (!node) throw ApplicationFailure.nonRetryable(`No activity handles node type "${input.node.type}"`, 'UNKNOWN_NODE_TYPE');
      const deadline = Date.now() + input.batch.ms;
      const batchOver = (members: number) => members >= input.batch.members || Date.now() >= deadline;
      const run = { ...input, node, deadline, batchOver } as NodeRun<typeof node.type>;
      await ensureCohorts(deps.db, input.runId, node.id, input.outputs);
      if (input.visitCap !== null && input.inputCohortId) await sendOverCapOn(deps, run, input.visitCap);
      const handler = HANDLERS[node.type] as NodeHandler<typeof node.type>;
      const batch: NodeBatch = await handler(deps, run);
      const counts = await countCohorts(deps.db, Object.values(input.outputs).map((output) => output.cohortId));
      return {
        ...batch,
        outputs: Object.fromEntries(
          Object.entries(input.outputs).map(([handle, output]) => [handle, { cohortId: output.cohortId, count: counts.get(output.cohortId) ?? 0 }]),
        ),
      };
    },

    /** Mirror the run's status into Postgres for lists and reports (a failure with its reason). */
    async setRunStatus(runId: string, status: RunStatus, error?: string): Promise<void> {
      await storeRunStatus(deps.db, runId, status, error);
    },
  };
}

/** Members over the node's visit cap leave by its over-cap output, or end their journey. */
async function sendOverCapOn(deps: ActivityDeps, run: Pick<RunNodeInput, 'runId' | 'node' | 'inputCohortId' | 'outputs'>, cap: number): Promise<void> {
  const module = nodeType(run.node.type);
  const handle = module?.overCapHandle ?? VISIT_LIMIT_HANDLE;
  const target = run.outputs[handle];
  if (!target) throw ApplicationFailure.nonRetryable(`Node ${run.node.id} has no "${handle}" cohort for members over its visit cap`, 'INTERPRETER');
  const over = await countVisits(deps.db, { runId: run.runId, nodeId: run.node.id, arrivalCohortId: run.inputCohortId!, cap });
  await moveMembersInChunks(deps.db, {
    runId: run.runId,
    nodeId: run.node.id,
    fromCohortId: run.inputCohortId!,
    toCohortId: target.cohortId,
    handle,
    contactIds: over,
    status: handle === VISIT_LIMIT_HANDLE ? VISIT_LIMIT_HANDLE : undefined,
    detail: `passed this node ${cap} time${cap === 1 ? '' : 's'} already`,
  });
}

export type CampaignActivities = ReturnType<typeof createActivities>;
