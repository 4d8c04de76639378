import type { Queryable } from './pool';


/** Where an output cohort goes: the node at the end of its edge, or nowhere (journey over). */
export interface CohortTarget {
  cohortId: string;
  targetNodeId: string | null;
}

export interface CohortCount {
  cohortId: string;
  count: number;
}

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

export interface MoveMembers {
  runId: string;
  nodeId: string;
  fromCohortId: string;
  toCohortId: string;
  handle: string;
  /** Only these contacts; all members of the source cohort when omitted. */
  contactIds?: string[];
  /** Also set the members' status (an End's final status). */
  status?: string;
}

/**
 * Move members from one cohort to another and log the step, in one set-based statement: a
 * member is moved at most once, so a retry can never log a step twice.
 */
export async function moveMembers(db: Queryable, move: MoveMembers): Promise<number> {
  const result = await db.query(
    `WITH moved AS (
       UPDATE campaign_members
       SET cohort_id = $4, updated_at = now(), status = COALESCE($7, status)
       WHERE run_id = $1 AND cohort_id = $3 AND ($6::uuid[] IS NULL OR contact_id = ANY($6::uuid[]))
       RETURNING contact_id
     )
     INSERT INTO member_steps (run_id, contact_id, node_id, outcome)
     SELECT $1, contact_id, $2, $5 FROM moved`,
    [move.runId, move.nodeId, move.fromCohortId, move.toCohortId, move.handle, move.contactIds ?? null, move.status ?? null],
  );
  return result.rowCount ?? 0;
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

/** The next page of members still waiting in a cohort, in contact-id order (keyset paging). */
export async function cohortPage(
  db: Queryable,
  cohortId: string,
  afterContactId: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ contactId: string }>(
    `SELECT contact_id AS "contactId" FROM campaign_members
     WHERE cohort_id = $1 AND ($2::uuid IS NULL OR contact_id > $2::uuid)
     ORDER BY contact_id LIMIT $3`,
    [cohortId, afterContactId, limit],
  );
  return rows.map((row) => row.contactId);
}
