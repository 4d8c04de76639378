import type { Queryable } from './pool';

/**
 * Count one visit of this arrival's members to a node inside a loop, and list those now over
 * the node's cap. Idempotent per arrival (`last_arrival`): a retried or resumed arrival counts
 * nobody twice. One statement per arrival, over its cohort: loops carry the members that come
 * round, not the whole audience.
 */
export async function countVisits(
  db: Queryable,
  visit: { runId: string; nodeId: string; arrivalCohortId: string; cap: number },
): Promise<string[]> {
  await db.query(
    `INSERT INTO member_visits (run_id, node_id, contact_id, visits, last_arrival)
     SELECT $1, $2, contact_id, 1, $3 FROM campaign_members WHERE cohort_id = $3
     ON CONFLICT (run_id, node_id, contact_id) DO UPDATE
       SET visits = member_visits.visits + 1, last_arrival = EXCLUDED.last_arrival
       WHERE member_visits.last_arrival <> EXCLUDED.last_arrival`,
    [visit.runId, visit.nodeId, visit.arrivalCohortId],
  );
  const { rows } = await db.query<{ contactId: string }>(
    `SELECT m.contact_id AS "contactId" FROM campaign_members m
     JOIN member_visits v ON v.run_id = $1 AND v.node_id = $2 AND v.contact_id = m.contact_id
     WHERE m.cohort_id = $3 AND v.visits > $4`,
    [visit.runId, visit.nodeId, visit.arrivalCohortId, visit.cap],
  );
  return rows.map((row) => row.contactId);
}

/** How many times each of a run's contacts passed a node (for tests and the contact's path). */
export async function visitsAt(db: Queryable, runId: string, nodeId: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ contactId: string; visits: number }>(
    'SELECT contact_id AS "contactId", visits FROM member_visits WHERE run_id = $1 AND node_id = $2',
    [runId, nodeId],
  );
  return new Map(rows.map((row) => [row.contactId, row.visits]));
}
