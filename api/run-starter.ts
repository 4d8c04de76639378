import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR, type Actor } from '../db/audit';
import { discardUnstartedRun, startRefusal } from '../db/campaigns';
import type { Db } from '../db/pool';
import { insertRun } from '../db/runs';
import type { FlowGraph } from '../flow/graph';
import { CAMPAIGN_WORKFLOW_TYPE, workflowIdForRun, type CampaignWorkflowInput } from '../workflows/definitions';
import { withTemporalDeadline } from './plugins/temporal';
import { conflict, serviceUnavailable } from './problem';

/** The workflow's signature as the client sees it; the code itself lives with the worker. */
type CampaignWorkflow = (input: CampaignWorkflowInput) => Promise<unknown>;

/** Long enough for a busy server to answer, short enough that a client is not left hanging. */
const START_DEADLINE_MS = 5_000;

export interface RunToStart {
  runId: string;
  campaignId: string;
  flowId: string;
  flowVersion: number;
  graph: FlowGraph;
  log: Pick<FastifyBaseLogger, 'error'>;
  /** Who starts it, for the audit log; the system when a harness or benchmark starts it. */
  actor?: Actor;
  /** Engine tuning for tests and benchmarks (history rollover, batch length); defaults otherwise. */
  tuning?: Pick<CampaignWorkflowInput, 'maxHistoryEvents' | 'batch'>;
}

/** What starting a run needs: the system of record and a Temporal client on the campaign task queue. */
export interface RunStarterDeps {
  db: Db;
  client: Client;
  taskQueue: string;
}

/** Start a run from a route: the app's database and Temporal client. */
export function startCampaignRun(app: FastifyInstance, run: RunToStart): Promise<{ runId: string; workflowId: string }> {
  return startRun({ db: app.db, client: app.temporal.client, taskQueue: app.temporal.taskQueue }, run);
}

/**
 * Refuse a start outside the campaign's validity period (409, saying which side), then record
 * the run, then start its workflow. The row comes first because the workflow's
 * activities write rows that reference it; if Temporal refuses or cannot be reached the row is
 * removed again, so a run exists exactly when a workflow executes it. The audit log keeps both
 * steps: `run.start` with the row, `run.discard` when it is removed.
 */
export async function startRun({ db, client, taskQueue }: RunStarterDeps, run: RunToStart): Promise<{ runId: string; workflowId: string }> {
  const workflowId = workflowIdForRun(run.runId);
  const actor = run.actor ?? SYSTEM_ACTOR;
  const refusal = await startRefusal(db, run.campaignId, run.graph);
  if (refusal) throw conflict(refusal.code, refusal.message);
  await insertRun(db, { id: run.runId, campaignId: run.campaignId, flowId: run.flowId, flowVersion: run.flowVersion, workflowId }, actor);
  try {
    await withTemporalDeadline(client, START_DEADLINE_MS, () =>
      client.workflow.start<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
        workflowId,
        taskQueue,
        args: [{ runId: run.runId, graph: run.graph, ...run.tuning } satisfies CampaignWorkflowInput],
      }),
    );
  } catch (error) {
    run.log.error({ err: error, workflowId }, 'could not start the campaign workflow');
    // A deadline may expire after the server accepted the start: make sure no orphan runs on.
    await withTemporalDeadline(client, 2_000, () => client.workflow.getHandle(workflowId).terminate('run was not recorded')).catch(() => undefined);
    await discardUnstartedRun(db, actor, run.runId, 'the workflow service did not accept the run');
    throw serviceUnavailable('WORKFLOW_UNAVAILABLE', 'The workflow service did not accept the run; nothing was started. Try again shortly.');
  }
  return { runId: run.runId, workflowId };
}
