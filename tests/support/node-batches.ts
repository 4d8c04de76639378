import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities, type NodeBatchResult, type RunNodeInput } from '../../activities';
import { createSmtpMailer } from '../../channels/smtp';
import type { CohortTarget } from '../../db/cohorts';
import type { Db } from '../../db/pool';
import type { FlowGraph, FlowNode } from '../../flow/graph';
import { nodeOutputs } from '../../flow/registry';
import { startCampaignRun, type StartedRun } from './campaign-harness';
import type { CampaignEnv } from './campaign-env';

/**
 * Run one node's activity directly, as the worker would, outside a workflow: what a retried or
 * replayed batch does is then a plain call, made twice. The run and its cohorts are real rows.
 */
export interface NodeBench {
  db: Db;
  runId: string;
  campaignId: string;
  /** Run one batch of `node` over `inputCohortId` into `outputs` (state null = a batch's first attempt). */
  runBatch(node: FlowNode, inputCohortId: string, outputs: Record<string, CohortTarget>, options?: { members?: number; state?: unknown }): Promise<NodeBatchResult>;
}

/** A saved flow, a campaign and a run of it, recorded as the run starter would (no workflow). */
export async function recordBenchRun(db: Db, graph: FlowGraph): Promise<string> {
  const flowId = (await db.query<{ id: string }>(`INSERT INTO flows (name) VALUES ('Bench flow') RETURNING id`)).rows[0]!.id;
  await db.query('INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, $2)', [flowId, JSON.stringify(graph)]);
  const campaignId = (await db.query<{ id: string }>(`INSERT INTO campaigns (name, flow_id, goal, mail_purpose) VALUES ('Bench campaign', $1, 'Sell more', 'service') RETURNING id`, [flowId])).rows[0]!.id;
  const runId = randomUUID();
  await db.query(`INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id) VALUES ($1, $2, $3, 1, $4)`, [runId, campaignId, flowId, `bench-${runId}`]);
  return runId;
}

/** Node batches of an existing run (a recorded one, or one a workflow ran), run directly. */
export async function nodeBench(db: Db, runId: string, smtpUrl: string): Promise<NodeBench> {
  const { rows } = await db.query<{ campaignId: string }>('SELECT campaign_id AS "campaignId" FROM campaign_runs WHERE id = $1', [runId]);
  if (!rows[0]) throw new Error(`No run ${runId}`);
  const activities = createActivities({ db, mailer: createSmtpMailer(smtpUrl), mailFrom: 'bench@example.test', sendConcurrency: 1 });
  return {
    db,
    runId,
    campaignId: rows[0].campaignId,
    runBatch(node, inputCohortId, outputs, options = {}) {
      const input: RunNodeInput = {
        runId,
        node,
        inputCohortId,
        outputs,
        mode: 'work',
        state: options.state ?? null,
        visitCap: null,
        batch: { ms: 60_000, members: options.members ?? 1_000_000 },
      };
      return new MockActivityEnvironment().run(activities.runNode, input);
    },
  };
}

/** Put these contacts in a new cohort sitting at `nodeId` (new members, or members moved back). */
export async function seatMembers(db: Db, runId: string, nodeId: string, contactIds: string[]): Promise<string> {
  const cohortId = randomUUID();
  await db.query('INSERT INTO cohorts (id, run_id, node_id) VALUES ($1, $2, $3)', [cohortId, runId, nodeId]);
  await db.query(
    `INSERT INTO campaign_members (run_id, contact_id, cohort_id) SELECT $1, id, $2 FROM unnest($3::uuid[]) AS id
     ON CONFLICT (run_id, contact_id) DO UPDATE SET cohort_id = EXCLUDED.cohort_id`,
    [runId, cohortId, contactIds],
  );
  return cohortId;
}

/** Fresh output cohorts for every handle of a node, each leading nowhere (as after an End). */
export function freshOutputs(node: FlowNode): Record<string, CohortTarget> {
  return Object.fromEntries(nodeOutputs(node).map((handle) => [handle, { cohortId: randomUUID(), targetNodeId: null }]));
}

/** Which output each member of the run went into, by handle. */
export async function handlesTaken(db: Db, runId: string, outputs: Record<string, CohortTarget>): Promise<Map<string, string>> {
  const handleOf = new Map(Object.entries(outputs).map(([handle, target]) => [target.cohortId, handle]));
  const { rows } = await db.query<{ contactId: string; cohortId: string }>(
    'SELECT contact_id AS "contactId", cohort_id AS "cohortId" FROM campaign_members WHERE run_id = $1 AND cohort_id = ANY($2::uuid[])',
    [runId, [...handleOf.keys()]],
  );
  return new Map(rows.map((row) => [row.contactId, handleOf.get(row.cohortId)!]));
}

/** Start a run of `flow` on the campaign environment and wait for it to complete; throws if it does not. */
export async function runToCompletion(env: CampaignEnv, flow: FlowGraph): Promise<StartedRun> {
  const run = await startCampaignRun(env.database.db, env.temporal.client, env.taskQueue, flow);
  const result = await env.temporal.client.workflow.getHandle(run.workflowId).result();
  if (result.status !== 'completed') throw new Error(`Run ${run.runId} ended ${result.status}`);
  return run;
}
