import { SYSTEM_ACTOR, writeAudit, type Actor } from './audit';
import { ARRIVED_OUTCOME, RUN_COUNTER_NODE } from './cohorts';
import { HELD_OUT_OUTCOME } from './holdouts';
import { inTransaction, type Db } from './pool';

export type RunStatus = 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

export interface RunRow {
  id: string;
  campaignId: string;
  flowId: string;
  flowVersion: number;
  workflowId: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  /** Why a failed run failed. */
  error: string | null;
}

export interface NodeProgress {
  /** Members sitting at this node now (queued, being processed or waiting). */
  current: number;
  /** Members that have left this node, by output handle. */
  outcomes: Record<string, number>;
}

export interface RunProgress {
  run: RunRow;
  members: number;
  /** Contacts the audience selected but the run keeps out (the plan's holdout): never contacted. */
  heldOut: number;
  finished: number;
  nodes: Record<string, NodeProgress>;
}

const RUN_COLUMNS = `id, campaign_id AS "campaignId", flow_id AS "flowId", flow_version AS "flowVersion",
  workflow_id AS "workflowId", status, started_at AS "startedAt", ended_at AS "endedAt", error`;

/**
 * Record a new run (audited as `run.start`); the caller then starts its workflow with
 * `workflowId`. The actor is optional only for the benchmarks, which record runs as the system.
 */
export async function insertRun(
  db: Db,
  run: { id: string; campaignId: string; flowId: string; flowVersion: number; workflowId: string },
  actor: Actor = SYSTEM_ACTOR,
): Promise<RunRow> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<RunRow>(
      `INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${RUN_COLUMNS}`,
      [run.id, run.campaignId, run.flowId, run.flowVersion, run.workflowId],
    );
    const { campaignId, flowId, flowVersion } = run;
    await writeAudit(client, actor, { action: 'run.start', entity: 'run', entityId: run.id, diff: { campaignId, flowId, flowVersion } });
    return rows[0]!;
  });
}

export async function getRun(db: Db, runId: string): Promise<RunRow | undefined> {
  const { rows } = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM campaign_runs WHERE id = $1`, [runId]);
  return rows[0];
}

export async function listRuns(db: Db, campaignId: string): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM campaign_runs WHERE campaign_id = $1 ORDER BY started_at DESC`,
    [campaignId],
  );
  return rows;
}

/**
 * Terminal statuses also stamp `ended_at`; a finished run never goes back to running. A failed
 * run keeps why (the same message Temporal shows).
 */
export async function setRunStatus(db: Db, runId: string, status: RunStatus, error?: string): Promise<void> {
  const terminal = status === 'completed' || status === 'cancelled' || status === 'failed';
  await db.query(
    `UPDATE campaign_runs SET status = $2, ended_at = CASE WHEN $3::boolean THEN now() ELSE NULL END, error = COALESCE($4, error)
     WHERE id = $1 AND status NOT IN ('completed', 'cancelled', 'failed')`,
    [runId, status, terminal, error?.slice(0, 4000) ?? null],
  );
}

/**
 * Per-node counts, read from the counters that the statements moving members keep
 * (`run_node_counts`): O(nodes) per read, whatever the audience size or the number of steps.
 * Members at a node now = arrived there − left it by any outcome.
 */
export async function runProgress(db: Db, runId: string): Promise<RunProgress | undefined> {
  const run = await getRun(db, runId);
  if (!run) return undefined;
  const { rows } = await db.query<{ nodeId: string; outcome: string; count: string }>(
    'SELECT node_id AS "nodeId", outcome, count FROM run_node_counts WHERE run_id = $1',
    [runId],
  );
  const nodes: Record<string, NodeProgress> = {};
  const arrived = new Map<string, number>();
  let members = 0;
  let heldOut = 0;
  let finished = 0;
  for (const row of rows) {
    const count = Number(row.count);
    if (row.nodeId === RUN_COUNTER_NODE) {
      if (row.outcome === 'members') members = count;
      if (row.outcome === 'finished') finished = count;
      if (row.outcome === HELD_OUT_OUTCOME) heldOut = count;
    } else if (row.outcome === ARRIVED_OUTCOME) {
      arrived.set(row.nodeId, count);
    } else {
      (nodes[row.nodeId] ??= { current: 0, outcomes: {} }).outcomes[row.outcome] = count;
    }
  }
  for (const [nodeId, count] of arrived) {
    const node = (nodes[nodeId] ??= { current: 0, outcomes: {} });
    node.current = count - Object.values(node.outcomes).reduce((sum, left) => sum + left, 0);
  }
  return { run, members, heldOut, finished, nodes };
}

export type RunControl = 'pause' | 'resume' | 'cancel';

/**
 * Audit a request to pause, resume or cancel a run. The request is a Temporal signal, not a
 * database write (the workflow records the new status itself when it acts on it), so the row
 * stands alone: written before the signal is sent, so no signal Temporal took is missing from
 * the log.
 */
export async function auditRunControl(db: Db, actor: Actor, run: Pick<RunRow, 'id' | 'campaignId' | 'status'>, control: RunControl): Promise<void> {
  await writeAudit(db, actor, { action: `run.${control}`, entity: 'run', entityId: run.id, diff: { campaignId: run.campaignId, status: run.status } });
}
