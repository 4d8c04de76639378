import { ROLE_PERMISSIONS, type Role } from '../contracts/permissions';
import type { CallbackConfig } from '../flow/nodes/callback';
import { campaignTermsOfRun, validityEndSql } from './campaigns';
import type { Queryable } from './pool';

/** Roles that work calls: a round-robin takes turns over the team members who have a queue. */
const CALLING_ROLES = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((role) => ROLE_PERMISSIONS[role].includes('tasks:own'));

export interface CallbackPage {
  runId: string;
  nodeId: string;
  /** The arrival (input cohort): with the contact, the task's identity. */
  arrivalId: string;
  contactIds: string[];
  assignment: Pick<CallbackConfig, 'assignTo' | 'teamId' | 'userId'>;
  dueAt: number;
  deadlineAt: number | null;
}

/**
 * One call task per member of a page, in one statement, idempotent per (arrival, contact): a
 * retried page creates nothing twice. Each task is assigned as the node says — a team's calling
 * members in turn (by the task's place in the campaign's order), the contact's owner, a named
 * person — or left to the contact's store when that person is missing or disabled. Its attempt
 * is the member's visit to the node (1 outside a loop). No call falls due after the campaign's
 * last valid day: the due date is capped one second before the validity ends (a call made after
 * that is due at once, i.e. overdue). Returns how many were created.
 */
export async function createCallbackTasks(db: Queryable, page: CallbackPage): Promise<number> {
  if (page.contactIds.length === 0) return 0;
  const { assignTo, teamId, userId } = page.assignment;
  const { rowCount } = await db.query(
    `WITH agents AS (
       SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') AS ids FROM users u
       WHERE $5::text = 'round-robin' AND u.team_id = $6::uuid AND NOT u.disabled AND u.role = ANY($10::text[])
     ), named AS (
       SELECT u.id FROM users u WHERE $5::text = 'user' AND u.id = $7::uuid AND NOT u.disabled
     ), validity AS (
       SELECT ${validityEndSql('cp')} - interval '1 second' AS last_due FROM campaign_runs r JOIN campaigns cp ON cp.id = r.campaign_id WHERE r.id = $1
     ), page AS MATERIALIZED (
       SELECT p.contact_id, p.ord, nextval('tasks_queue_order_seq') AS queue_order
       FROM unnest($4::uuid[]) WITH ORDINALITY AS p(contact_id, ord) ORDER BY p.ord
     )
     INSERT INTO tasks (type, run_id, node_id, arrival_id, contact_id, assignee, team, store, due_at, deadline_at, attempts, queue_order)
     SELECT 'callback', $1, $2, $3, page.contact_id,
            CASE $5::text
              WHEN 'round-robin' THEN agents.ids[(page.queue_order % greatest(cardinality(agents.ids), 1))::int + 1]
              WHEN 'owner' THEN owner.id
              WHEN 'user' THEN (SELECT id FROM named)
            END,
            CASE WHEN $5::text = 'round-robin' THEN $6::uuid END,
            c.store_id, least(to_timestamp($8::float8 / 1000), (SELECT last_due FROM validity)), to_timestamp($9::float8 / 1000), coalesce(v.visits, 1), page.queue_order
     FROM page
     JOIN contacts c ON c.id = page.contact_id
     CROSS JOIN agents
     LEFT JOIN users owner ON owner.id = c.owner_id AND NOT owner.disabled
     LEFT JOIN member_visits v ON v.run_id = $1 AND v.node_id = $2 AND v.contact_id = page.contact_id
     ORDER BY page.ord
     ON CONFLICT (arrival_id, contact_id) WHERE arrival_id IS NOT NULL DO NOTHING`,
    [page.runId, page.nodeId, page.arrivalId, page.contactIds, assignTo, teamId ?? null, userId ?? null, page.dueAt, page.deadlineAt, CALLING_ROLES],
  );
  return rowCount ?? 0;
}

/** A closed call whose member the node has not moved on yet. */
export interface ClosedCall {
  id: string;
  contactId: string;
  outcome: string;
  attempt: number;
}

/** Up to `limit` closed calls of an arrival not yet routed, locked until the transaction ends. */
export async function closedUnroutedCalls(db: Queryable, arrivalId: string, limit: number): Promise<ClosedCall[]> {
  const { rows } = await db.query<ClosedCall>(
    `SELECT id, contact_id AS "contactId", outcome, attempts AS attempt FROM tasks
     WHERE arrival_id = $1 AND status = 'closed' AND routed_at IS NULL
     ORDER BY id LIMIT $2 FOR UPDATE`,
    [arrivalId, limit],
  );
  return rows;
}

export async function markRouted(db: Queryable, taskIds: string[]): Promise<void> {
  await db.query('UPDATE tasks SET routed_at = now() WHERE id = ANY($1::uuid[])', [taskIds]);
}

/**
 * Cancel up to `limit` calls of an arrival still open (the deadline passed), marked routed, and
 * return their contacts. A call an agent is closing at this moment waits for the agent's
 * transaction and is then no longer open: it is settled by its outcome instead.
 */
export async function cancelOpenCalls(db: Queryable, arrivalId: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ contactId: string }>(
    `UPDATE tasks SET status = 'cancelled', outcome = 'timeout', closed_at = now(), routed_at = now()
     WHERE id IN (SELECT id FROM tasks WHERE arrival_id = $1 AND status = 'open' ORDER BY id LIMIT $2 FOR UPDATE)
       AND status = 'open'
     RETURNING contact_id AS "contactId"`,
    [arrivalId, limit],
  );
  return rows.map((row) => row.contactId);
}

/**
 * What the agent reads on a call: the step's own script, else the campaign's (the step leaves it
 * empty to use the campaign's), else none.
 */
export async function callScript(db: Queryable, runId: string, stepScript: string): Promise<string | null> {
  if (stepScript.trim() !== '') return stepScript;
  const script = (await campaignTermsOfRun(db, runId))?.script ?? '';
  return script.trim() === '' ? null : script;
}
