import type { Queryable } from './pool';

/** Where an output cohort goes: the node at the end of its edge, or nowhere (journey over). */
export interface CohortTarget {
  cohortId: string;
  targetNodeId: string | null;
}

/** The counter rows of a run that are not a node's: its audience size and finished members. */
export const RUN_COUNTER_NODE = '@run';
/** The outcome counting members that arrived at a node. */
export const ARRIVED_OUTCOME = '@in';

/**
 * Create the output cohorts of one arrival. Ids come from the workflow, so a retried activity
 * finds its cohorts already there and carries on filling them.
 */
export async function ensureCohorts(
  db: Queryable,
  runId: string,
  sourceNodeId: string,
  outputs: Record<string, CohortTarget>,
): Promise<void> {
  const rows = Object.entries(outputs).map(([handle, target]) => ({
    id: target.cohortId,
    node_id: target.targetNodeId,
    source_handle: handle,
  }));
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO cohorts (id, run_id, node_id, source_node_id, source_handle)
     SELECT x.id, $1, x.node_id, $2, x.source_handle
     FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, node_id text, source_handle text)
     ON CONFLICT (id) DO NOTHING`,
    [runId, sourceNodeId, JSON.stringify(rows)],
  );
}

/**
 * SQL that adds `$n` moved members to the counters: the source node's outcome, and the target
 * cohort's node ('@in') or the run's finished count. Shared by every statement that moves.
 */
export function countMovesSql(p: { run: string; node: string; outcome: string; toCohort: string; moved: string }): string {
  return `INSERT INTO run_node_counts (run_id, node_id, outcome, count)
     SELECT ${p.run}, x.node_id, x.outcome, n.count
     FROM (SELECT count(*) AS count FROM ${p.moved}) n
     CROSS JOIN cohorts c
     CROSS JOIN LATERAL (VALUES (${p.node}::text, ${p.outcome}::text),
       (COALESCE(c.node_id, '${RUN_COUNTER_NODE}'), CASE WHEN c.node_id IS NULL THEN 'finished' ELSE '${ARRIVED_OUTCOME}' END)) AS x(node_id, outcome)
     WHERE c.id = ${p.toCohort} AND n.count > 0
     ON CONFLICT (run_id, node_id, outcome) DO UPDATE SET count = run_node_counts.count + EXCLUDED.count`;
}

export interface MoveMembers {
  runId: string;
  nodeId: string;
  fromCohortId: string;
  toCohortId: string;
  handle: string;
  /** These contacts (looked up by primary key); those no longer in the source cohort are left. */
  contactIds: string[];
  /** Also set the members' status (an End's final status). */
  status?: string;
  /** Why they left this way, kept with the step. */
  detail?: string;
  /** Point each member at the message this arrival rendered for it (generate). */
  messageArrivalId?: string;
}

/**
 * Move members from one cohort to another, log the step and count it, in one set-based
 * statement looked up by (run, contact): a member is moved at most once, so a retry can never
 * log or count a step twice, and the cost is the page's, whatever the cohort's size.
 */
export async function moveMembers(db: Queryable, move: MoveMembers): Promise<number> {
  if (move.contactIds.length === 0) return 0;
  const result = await db.query<{ moved: string }>(
    `WITH page AS (
       -- One index probe per member (OFFSET 0 keeps the planner from turning the probes into a
       -- scan of the run, which it would do on a freshly filled table it has no statistics for).
       SELECT found.ctid FROM unnest($6::uuid[]) AS wanted(contact_id)
       CROSS JOIN LATERAL (
         SELECT ctid FROM campaign_members
         WHERE run_id = $1 AND contact_id = wanted.contact_id AND cohort_id = $3 OFFSET 0
       ) found
     ), moved AS (
       UPDATE campaign_members
       SET cohort_id = $4, updated_at = now(), status = COALESCE($7, status),
           message_id = CASE WHEN $9::uuid IS NULL THEN message_id ELSE ${messageIdSql('$9', 'contact_id')} END
       WHERE ctid = ANY(ARRAY(SELECT ctid FROM page)) AND cohort_id = $3
       RETURNING contact_id
     ), steps AS (
       INSERT INTO member_steps (run_id, contact_id, node_id, outcome, detail)
       SELECT $1, contact_id, $2, $5, $8 FROM moved
     ), counted AS (
       ${countMovesSql({ run: '$1', node: '$2', outcome: '$5', toCohort: '$4', moved: 'moved' })}
     )
     SELECT count(*) AS moved FROM moved`,
    [move.runId, move.nodeId, move.fromCohortId, move.toCohortId, move.handle, move.contactIds, move.status ?? null, move.detail ?? null, move.messageArrivalId ?? null],
  );
  return Number(result.rows[0]?.moved ?? 0);
}

/** Ids per statement when a caller moves a list it did not page itself (engaged, over the cap). */
const MOVE_CHUNK = 1_000;

/** `moveMembers` over a list of any length, a bounded statement at a time; returns how many moved. */
export async function moveMembersInChunks(db: Queryable, move: MoveMembers, onChunk?: () => void): Promise<number> {
  let moved = 0;
  for (let start = 0; start < move.contactIds.length; start += MOVE_CHUNK) {
    moved += await moveMembers(db, { ...move, contactIds: move.contactIds.slice(start, start + MOVE_CHUNK) });
    onChunk?.();
  }
  return moved;
}

/**
 * The id of the message an arrival renders for a contact: the same on every retry, different
 * on every lap of a loop (each lap is a new arrival).
 */
export function messageIdSql(arrivalParam: string, contactColumn: string): string {
  return `md5(${arrivalParam}::text || ${contactColumn}::text)::uuid`;
}

/** Members per cohort, for the counts an activity returns to the workflow. */
export async function countCohorts(db: Queryable, cohortIds: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ cohortId: string; count: string }>(
    `SELECT cohort_id AS "cohortId", count(*) AS count FROM campaign_members
     WHERE cohort_id = ANY($1::uuid[]) GROUP BY cohort_id`,
    [cohortIds],
  );
  return new Map(rows.map((row) => [row.cohortId, Number(row.count)]));
}

/**
 * The next page of members still in a cohort, in contact-id order after `afterContactId`
 * (keyset on campaign_members_cohort, through the `cohort_page` function whose plan does not
 * depend on statistics): each page reads only its own rows, never those of members already
 * moved out nor the rest of the cohort.
 */
export async function cohortPage(db: Queryable, cohortId: string, afterContactId: string | null, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ contactId: string }>(
    'SELECT contact_id AS "contactId" FROM cohort_page($1, $2, $3)',
    [cohortId, afterContactId, limit],
  );
  return rows.map((row) => row.contactId);
}

/** Whether anybody is still in a cohort. */
export async function cohortHasMembers(db: Queryable, cohortId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM campaign_members WHERE cohort_id = $1 LIMIT 1', [cohortId]);
  return rows.length > 0;
}
