import type { Static } from '@sinclair/typebox';
import type { FlowSummarySchema } from '../contracts/flow';
import type { FlowGraph } from '../flow/graph';
import { changedFields, writeAudit, type Actor } from './audit';
import { inTransaction, type Db } from './pool';

export type FlowSummary = Static<typeof FlowSummarySchema>;

/** A flow at one version. `graph` is what was saved: restore it before trusting it. */
export interface FlowRecord {
  id: string;
  name: string;
  version: number;
  graph: unknown;
}

export async function listFlows(db: Db): Promise<FlowSummary[]> {
  const { rows } = await db.query<FlowSummary>(
    `SELECT f.id, f.name, f.updated_at AS "updatedAt",
       (SELECT max(version) FROM flow_versions v WHERE v.flow_id = f.id) AS version
     FROM flows f ORDER BY f.updated_at DESC, f.id`,
  );
  return rows;
}

/** The latest version of a flow. */
export async function getFlow(db: Db, id: string): Promise<FlowRecord | undefined> {
  const { rows } = await db.query<FlowRecord>(
    `SELECT f.id, f.name, v.version, v.graph FROM flows f
     JOIN flow_versions v ON v.flow_id = f.id
     WHERE f.id = $1 ORDER BY v.version DESC LIMIT 1`,
    [id],
  );
  return rows[0];
}

/** A new flow at version 1 (audited: its name and version, never the graph). */
export async function createFlow(db: Db, actor: Actor, input: { name: string; graph: FlowGraph }): Promise<FlowRecord> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: string }>('INSERT INTO flows (name) VALUES ($1) RETURNING id', [input.name]);
    const id = rows[0]!.id;
    await client.query('INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, $2)', [id, JSON.stringify(input.graph)]);
    await writeAudit(client, actor, { action: 'flow.create', entity: 'flow', entityId: id, diff: { name: input.name, version: 1 } });
    return { id, name: input.name, version: 1, graph: input.graph };
  });
}

/**
 * Save `graph` as the flow's next version (older versions stay: runs keep the one they started
 * with). The flow row is locked so two concurrent saves get consecutive versions instead of one
 * failing. Undefined when there is no such flow. Audited with the version and name change: the
 * graph itself is the version, kept in flow_versions.
 */
export async function saveFlowVersion(
  db: Db,
  actor: Actor,
  id: string,
  input: { name?: string; graph: FlowGraph },
): Promise<FlowRecord | undefined> {
  return inTransaction(db, async (client) => {
    // Lock first, then read the latest version in a separate statement: under READ COMMITTED a
    // statement that waited for the lock must take a fresh snapshot to see the other save's row.
    const locked = await client.query<{ name: string }>('SELECT name FROM flows WHERE id = $1 FOR UPDATE', [id]);
    const before = locked.rows[0];
    if (!before) return undefined;
    const { rows } = await client.query<{ name: string; version: number }>(
      `UPDATE flows SET name = coalesce($2, name), updated_at = now() WHERE id = $1
       RETURNING name, (SELECT coalesce(max(version), 0) + 1 FROM flow_versions WHERE flow_id = $1) AS version`,
      [id, input.name ?? null],
    );
    const flow = rows[0]!;
    await client.query('INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, $2, $3)', [id, flow.version, JSON.stringify(input.graph)]);
    const diff = changedFields({ name: before.name, version: flow.version - 1 }, { name: flow.name, version: flow.version });
    await writeAudit(client, actor, { action: 'flow.update', entity: 'flow', entityId: id, diff });
    return { id, name: flow.name, version: flow.version, graph: input.graph };
  });
}
