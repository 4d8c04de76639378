import type { Queryable } from './pool';

/**
 * The counter outcome of contacts an audience selected but the run kept out: on the audience
 * node (the canvas shows "held_out N" beside "out N") and on the run's own counters.
 */
export const HELD_OUT_OUTCOME = 'held_out';

/**
 * SQL: a contact's draw for a run, a fraction in [0, 1): the first 8 hex digits of
 * md5(run id || contact id) read as a share of 2^32. It depends on nothing but the pair, so the
 * snapshot run again, or a second audience node of the run, draws the same; another run draws
 * anew. (The random branch buckets the same digits modulo 10,000, which is independent of where
 * they fall in the whole range: a holdout does not bias an A/B split.)
 */
export function holdoutDrawSql(runParam: string, contactColumn: string): string {
  return `((('x' || substr(md5(${runParam}::uuid::text || ${contactColumn}::text), 1, 8))::bit(32)::bigint)::numeric / 4294967296)`;
}

/**
 * The percent of a run's audience kept out (10 = 10 %): its campaign plan's holdout percent, 0
 * without a plan. Read when the audience is snapshot, at the run's start. A contact is held out
 * when its draw × 100 < this percent (compared in numeric: no binary rounding at the edge).
 */
export async function holdoutPercentOfRun(db: Queryable, runId: string): Promise<number> {
  const { rows } = await db.query<{ percent: string }>(
    `SELECT p.holdout_percent AS percent FROM campaign_runs r JOIN campaign_plans p ON p.campaign_id = r.campaign_id WHERE r.id = $1`,
    [runId],
  );
  return rows[0] ? Number(rows[0].percent) : 0;
}

/** How many contacts the run kept out (read from the table, the counters' source of truth). */
export async function countRunHoldouts(db: Queryable, runId: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>('SELECT count(*) AS count FROM run_holdouts WHERE run_id = $1', [runId]);
  return Number(rows[0]?.count ?? 0);
}

/** Which of these contacts the run kept out (for a contact's history: "held out of run X"). */
export async function heldOutOf(db: Queryable, runId: string, contactIds: string[]): Promise<Set<string>> {
  if (contactIds.length === 0) return new Set();
  const { rows } = await db.query<{ contactId: string }>(
    'SELECT contact_id AS "contactId" FROM run_holdouts WHERE run_id = $1 AND contact_id = ANY($2::uuid[])',
    [runId, contactIds],
  );
  return new Set(rows.map((row) => row.contactId));
}
