import type { Db } from '../db/pool';
import { callbackNode } from '../flow/nodes/callback';
import { eventually, startCampaignEnv, type CampaignEnv } from '../tests/support/campaign-env';
import { graphOf, startCampaignRun, taggedAudience, type StartedRun } from '../tests/support/campaign-harness';
import { agentApi, type AgentApi } from '../tests/support/agent-api';

export interface CallbackTaskFigures {
  members: number;
  /** Calls created per second by the call-back's open, from the first call written to the last. */
  tasksPerSecond: number;
  openSeconds: number;
  /** GET /api/tasks (first page and totals) for an agent whose store holds every open call. */
  queueP50Ms: number;
  queueP95Ms: number;
  queueSamples: number;
  closed: number;
  /** Seconds to close them one by one through POST /api/tasks/:id/complete. */
  closeSeconds: number;
  /** Events over all executions of the run whose calls were closed one by one. */
  historyEvents: number;
  executions: number;
}

const QUEUE_SAMPLES = 200;
/** The goal for the history of a run whose 10,000 calls close one by one. */
export const CLOSE_HISTORY_GOAL = 2_000;

/** audience → callback (to the contact's store) → end by `interested`. */
function callFlow(prefix: string) {
  return graphOf(
    [
      { id: 'audience', type: 'audience', config: taggedAudience(prefix) },
      { id: 'call', type: 'callback', config: { ...callbackNode.defaultConfig, script: 'Hello', deadlineHours: 24 * 30 } },
      { id: 'won', type: 'end', config: { finalStatus: 'interested' } },
    ],
    ['audience:out->call', 'call:interested->won'],
  );
}

/** `count` contacts of one store tagged `prefix`, in one statement. */
async function seedStoreContacts(db: Db, prefix: string, count: number, storeId: string): Promise<void> {
  await db.query(
    `INSERT INTO contacts (email, first_name, last_name, language, store_id, attributes)
     SELECT $1 || i || '@example.test', 'F' || i, 'L' || i, 'en', $3, jsonb_build_object('cohort', $1::text)
     FROM generate_series(1, $2::int) AS i`,
    [prefix, count, storeId],
  );
}

async function callCount(db: Db, runId: string): Promise<number> {
  return (await db.query<{ count: number }>('SELECT count(*)::int AS count FROM tasks WHERE run_id = $1', [runId])).rows[0]!.count;
}

/** Start the call-back run and wait until every member has a call; seconds from the first call to the last. */
async function openCalls(env: CampaignEnv, prefix: string, members: number): Promise<{ run: StartedRun; seconds: number }> {
  const { db } = env.database;
  const run = await startCampaignRun(db, env.temporal.client, env.taskQueue, callFlow(prefix));
  await eventually(async () => (await callCount(db, run.runId)) > 0, 600_000, 'the first call');
  const firstAt = performance.now();
  await eventually(async () => (await callCount(db, run.runId)) >= members, 1_800_000, 'every call');
  return { run, seconds: (performance.now() - firstAt) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Call tasks at scale, through the real engine and the real API: how fast the call-back opens
 * `members` calls; the agent queue's latency with all of them open in the agent's store; and the
 * history of a second run whose `closed` calls are closed one at a time by an agent, as a call
 * centre would (each close wakes the run, debounced to one wake per run every 2 s).
 */
export async function benchCallbackTasks(members: number, closed: number): Promise<CallbackTaskFigures> {
  const env = await startCampaignEnv({ parseMail: false, databasePrefix: 'cs_bench_tasks' });
  let api: AgentApi | undefined;
  try {
    const { db } = env.database;
    const storeId = (await db.query<{ id: string }>(`INSERT INTO stores (code, name) VALUES ('BENCH', 'Bench store') RETURNING id`)).rows[0]!.id;
    api = await agentApi(env, storeId);

    await seedStoreContacts(db, 'open', members, storeId);
    const opened = await openCalls(env, 'open', members);

    const timings: number[] = [];
    for (let i = 0; i < QUEUE_SAMPLES; i++) {
      const started = performance.now();
      const response = await api.inject({ method: 'GET', url: '/api/tasks' });
      timings.push(performance.now() - started);
      if (response.statusCode !== 200) throw new Error(`GET /api/tasks answered ${response.statusCode}: ${response.body}`);
    }
    timings.sort((a, b) => a - b);
    await env.temporal.client.workflow.getHandle(opened.run.workflowId).cancel();

    await seedStoreContacts(db, 'close', closed, storeId);
    const closing = await openCalls(env, 'close', closed);
    const { rows } = await db.query<{ id: string }>('SELECT id FROM tasks WHERE run_id = $1 ORDER BY queue_order', [closing.run.runId]);
    const closeStarted = performance.now();
    for (const task of rows) {
      const response = await api.inject({ method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { outcome: 'interested' } });
      if (response.statusCode !== 200) throw new Error(`Closing a call answered ${response.statusCode}: ${response.body}`);
    }
    const closeSeconds = (performance.now() - closeStarted) / 1000;
    const { workflowId } = closing.run;
    await env.temporal.client.workflow.getHandle(workflowId).result();
    let historyEvents = 0;
    let executions = 0;
    for await (const execution of env.temporal.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      historyEvents += (await env.temporal.client.workflow.getHandle(workflowId, execution.runId).fetchHistory()).events?.length ?? 0;
      executions++;
    }
    return {
      members,
      tasksPerSecond: members / opened.seconds,
      openSeconds: opened.seconds,
      queueP50Ms: percentile(timings, 50),
      queueP95Ms: percentile(timings, 95),
      queueSamples: QUEUE_SAMPLES,
      closed: rows.length,
      closeSeconds,
      historyEvents,
      executions,
    };
  } finally {
    await api?.app.close();
    await env.stop();
  }
}
