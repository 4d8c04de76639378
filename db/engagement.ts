import type { Queryable } from './pool';

/**
 * Contacts of a run that engaged (opened, clicked, replied...) since `sinceMs`: read from the
 * run's events on `events_run_type`, so a poll costs the new events, not the waiting cohort.
 */
export async function engagedContactsSince(db: Queryable, runId: string, types: readonly string[], sinceMs: number): Promise<string[]> {
  const { rows } = await db.query<{ contactId: string }>(
    `SELECT DISTINCT contact_id AS "contactId" FROM events
     WHERE run_id = $1 AND type = ANY($2::text[]) AND at >= to_timestamp($3 / 1000.0) AND contact_id IS NOT NULL`,
    [runId, types, sinceMs],
  );
  return rows.map((row) => row.contactId);
}
