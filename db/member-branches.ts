import { SPLIT_BUCKETS } from '../flow/nodes/branch';
import type { Param } from './segments/compile-segment';
import { compileSpecialCondition } from './segments/special-conditions';
import type { Queryable } from './pool';

/**
 * SQL conditions over `contacts c` that a branch tries in order. Built once per batch against a
 * parameter list whose first three places are the page's (cohort, keyset position, size).
 */
export interface BranchConditions {
  conditions: string[];
  params: unknown[];
}

/** Start the parameter list of a branch's conditions: $1–$3 are the page's, filled per page. */
export function branchParams(): unknown[] {
  return [null, null, null];
}

/** One member of a page and the index of the first condition it meets (-1: none). */
export interface BranchedMember {
  contactId: string;
  branch: number;
}

/**
 * The next page of a cohort (keyset after `after`), each member with the first condition it
 * meets: one statement, one index probe per member (OFFSET 0 keeps the planner from turning the
 * probes into a scan of contacts), whatever the cohort's or the table's size.
 */
export async function branchPage(db: Queryable, branching: BranchConditions, page: { cohortId: string; after: string | null; limit: number }): Promise<BranchedMember[]> {
  const cases = branching.conditions.map((condition, index) => `WHEN (${condition}) THEN ${index}`).join(' ');
  const params = [...branching.params];
  params[0] = page.cohortId;
  params[1] = page.after;
  params[2] = page.limit;
  const { rows } = await db.query<BranchedMember>(
    `SELECT page.contact_id AS "contactId", k.branch
     FROM cohort_page($1, $2, $3) page
     CROSS JOIN LATERAL (SELECT CASE ${cases} ELSE -1 END AS branch FROM contacts c WHERE c.id = page.contact_id OFFSET 0) k
     ORDER BY page.contact_id`,
    params,
  );
  return rows;
}

/** Subscribed (confirmed) to the topic with this code: the segment compiler's own condition. */
export function subscribedCondition(topicCode: string, param: Param): string {
  return compileSpecialCondition({ kind: 'subscribed', topic: topicCode }, param);
}

/** Engaged (opened, clicked, replied...) with a message of this run, read from its `events`. */
export function engagedInRunCondition(runId: string, types: readonly string[], param: Param): string {
  return `EXISTS (SELECT 1 FROM events e WHERE e.contact_id = c.id AND e.type = ANY(${param([...types])}::text[]) AND e.run_id = ${param(runId)}::uuid)`;
}

/**
 * A member's bucket in [0, SPLIT_BUCKETS): the first 32 bits of md5(run id || contact id) modulo
 * the bucket count. It depends on nothing but the run and the contact, so a retried or replayed
 * batch puts every member in the same bucket; another run splits the same contacts afresh.
 */
export function splitBucketSql(runId: string, param: Param): string {
  return `(('x' || substr(md5(${param(runId)}::text || c.id::text), 1, 8))::bit(32)::bigint % ${SPLIT_BUCKETS})`;
}
