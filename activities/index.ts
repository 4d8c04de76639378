import { countCohorts, ensureCohorts } from '../db/cohorts';
import { setRunStatus as storeRunStatus, type RunStatus } from '../db/runs';
import { runAudience } from './audience';
import type { ActivityDeps, NodeHandler, NodeResult, RunNodeInput } from './deps';
import { runEnd, runPassThrough } from './end';
import { runGenerate } from './generate';
import { runSend } from './send';

export type { ActivityDeps, NodeResult, RunNodeInput } from './deps';

/** One handler per activity-executed node type of the flow registry. */
const HANDLERS: Record<string, NodeHandler> = {
  audience: runAudience,
  generate: runGenerate,
  send: runSend,
  wait: runPassThrough,
  end: runEnd,
};

/**
 * The activities the campaign workflow calls, closed over their dependencies (wired in
 * worker/). Workflows import this module's *type* only.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    /**
     * Run one arrival of a cohort at a node: make its output cohorts, let the node's handler
     * move every member into one of them, and report the counts per handle. Idempotent by DB
     * state: a retry continues where the previous attempt stopped.
     */
    async runNode(input: RunNodeInput): Promise<NodeResult> {
      const handler = HANDLERS[input.node.type];
      if (!handler) throw new Error(`No activity handles node type "${input.node.type}"`);
      await ensureCohorts(deps.db, input.runId, input.node.id, input.outputs);
      await handler(deps, input);
      const counts = await countCohorts(deps.db, Object.values(input.outputs).map((output) => output.cohortId));
      return Object.fromEntries(
        Object.entries(input.outputs).map(([handle, output]) => [handle, { cohortId: output.cohortId, count: counts.get(output.cohortId) ?? 0 }]),
      );
    },

    /** Mirror the run's status into Postgres for lists and reports. */
    async setRunStatus(runId: string, status: RunStatus): Promise<void> {
      await storeRunStatus(deps.db, runId, status);
    },
  };
}

export type CampaignActivities = ReturnType<typeof createActivities>;
