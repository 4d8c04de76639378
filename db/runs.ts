import type { Db } from './pool';

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
  finished: number;
  nodes: Record<string, NodeProgress>;
}

const RUN_COLUMNS = `id, campaign_id AS "campaignId", flow_id AS "flowId", flow_version AS "flowVersion",
  workflow_id AS "workflowId", status, started_at AS "startedAt", ended_at AS "endedAt"`;

/** Record a new run; the caller then starts its workflow with `workflowId`. */
export async function insertRun(
  db: Db,
  run: { id: string; campaignId: string; flowId: string; flowVersion: number; workflowId: string },
): Promise<RunRow> {
  const { rows } = await db.query<RunRow>(
    `INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${RUN_COLUMNS}`,
    [run.id, run.campaignId, run.flowId, run.flowVersion, run.workflowId],
  );
  return rows[0]!;
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

/** Terminal statuses also stamp `ended_at`; a finished run never goes back to running. */
export async function setRunStatus(db: Db, runId: string, status: RunStatus): Promise<void> {
  const terminal = status === 'completed' || status === 'cancelled' || status === 'failed';
  await db.query(
    `UPDATE campaign_runs SET status = $2, ended_at = CASE WHEN $3::boolean THEN now() ELSE NULL END
     WHERE id = $1 AND status NOT IN ('completed', 'cancelled', 'failed')`,
    [runId, status, terminal],
  );
}

/**
 * Per-node counts, read from Postgres (not the workflow): where members sit now, and how
 * many left each node by each handle. Two GROUP BYs, whatever the audience size.
 */
export async function runProgress(db: Db, runId: string): Promise<RunProgress | undefined> {
  const run = await getRun(db, runId);
  if (!run) return undefined;
  const [current, steps] = await Promise.all([
    db.query<{ nodeId: string | null; count: string }>(
      `SELECT c.node_id AS "nodeId", count(*) AS count
       FROM campaign_members m JOIN cohorts c ON c.id = m.cohort_id
       WHERE m.run_id = $1 GROUP BY c.node_id`,
      [runId],
    ),
    db.query<{ nodeId: string; outcome: string; count: string }>(
      `SELECT node_id AS "nodeId", outcome, count(*) AS count
       FROM member_steps WHERE run_id = $1 GROUP BY node_id, outcome`,
      [runId],
    ),
  ]);
  const nodes: Record<string, NodeProgress> = {};
  const nodeOf = (id: string) => (nodes[id] ??= { current: 0, outcomes: {} });
  let members = 0;
  let finished = 0;
  for (const row of current.rows) {
    const count = Number(row.count);
    members += count;
    if (row.nodeId === null) finished += count;
    else nodeOf(row.nodeId).current = count;
  }
  for (const row of steps.rows) nodeOf(row.nodeId).outcomes[row.outcome] = Number(row.count);
  return { run, members, finished, nodes };
}
