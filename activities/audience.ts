import { ApplicationFailure } from '@temporalio/common';
import { countMovesSql, RUN_COUNTER_NODE } from '../db/cohorts';
import { AudienceRuleError } from '../db/audience-sql';
import { HELD_OUT_OUTCOME, holdoutDrawSql, holdoutPercentOfRun } from '../db/holdouts';
import { AudienceSourceError, compileAudienceSelection } from '../db/segments/audience-where';
import type { NodeHandler } from './deps';
import { keepAlive } from './progress';

/** Above this many members the planner is told about the new rows at once (see below). */
const ANALYZE_AFTER = 10_000;

/**
 * Snapshot the audience (flat rules, a saved segment, a contact list or an inline rule tree)
 * into the run: one set-based INSERT ... SELECT, idempotent through the (run, contact) key, so a
 * retry adds nobody twice, and counted in the same statement. When the campaign's plan keeps a
 * holdout, the same statement puts the contacts whose draw falls under the share into
 * `run_holdouts` instead: they are never members, so no later step can reach them. Contacts
 * without an e-mail are kept: the generate node decides per channel whether they can be
 * reached. A source that cannot
 * be compiled (a deleted segment, a rule on an unknown field) fails the run at once: retrying
 * would not make it exist.
 */
export const runAudience: NodeHandler<'audience'> = async ({ db }, { runId, node, outputs }) => {
  const out = outputs.out;
  if (!out) throw new Error(`Audience ${node.id} has no output cohort`);
  const params: unknown[] = [runId, out.cohortId, node.id];
  let where: string;
  try {
    // The same compiler as the API preview: the snapshot's count equals the confirmed count.
    where = await compileAudienceSelection(db, node.config, params);
  } catch (error) {
    if (error instanceof AudienceSourceError || error instanceof AudienceRuleError) {
      throw ApplicationFailure.nonRetryable(`Audience ${node.id}: ${error.message}`, 'AUDIENCE_INVALID');
    }
    throw error;
  }
  const heldOutPercent = await holdoutPercentOfRun(db, runId);
  const { rows } = await keepAlive(db.query<{ added: string }>(heldOutPercent > 0 ? snapshotWithHoldoutSql(where, params, heldOutPercent) : snapshotSql(where), params));
  // A freshly filled cohort is invisible to the planner until autovacuum analyses it; the paged
  // statements do not depend on statistics, but joins the reports make do.
  if (Number(rows[0]?.added ?? 0) >= ANALYZE_AFTER) await keepAlive(db.query('ANALYZE campaign_members'));
  return { done: true };
};

/** The counters every snapshot keeps: the audience's `out`, the next node's arrivals, the run's members. */
const COUNT_ADDED = `steps AS (
         INSERT INTO member_steps (run_id, contact_id, node_id, outcome)
         SELECT $1, contact_id, $3, 'out' FROM added
       ), counted AS (
         ${countMovesSql({ run: '$1', node: '$3', outcome: "'out'", toCohort: '$2', moved: 'added' })}
       ), members AS (
         INSERT INTO run_node_counts (run_id, node_id, outcome, count)
         SELECT $1, '${RUN_COUNTER_NODE}', 'members', count(*) FROM added HAVING count(*) > 0
         ON CONFLICT (run_id, node_id, outcome) DO UPDATE SET count = run_node_counts.count + EXCLUDED.count
       )`;

/** $1 run, $2 the output cohort, $3 the node; `where` selects from `contacts c`. */
function snapshotSql(where: string): string {
  return `WITH added AS (
         INSERT INTO campaign_members (run_id, contact_id, cohort_id)
         SELECT $1, c.id, $2 FROM contacts c WHERE ${where}
         ON CONFLICT (run_id, contact_id) DO NOTHING
         RETURNING contact_id
       ), ${COUNT_ADDED}
       SELECT count(*) AS added FROM added`;
}

/**
 * The snapshot with a holdout: each selected contact is drawn once (`holdoutDrawSql`) and goes
 * either to `run_holdouts` or to the members. A contact already on one side in this run stays
 * there (the plan's share changed between two audience nodes: nobody is ever both). Held-out
 * contacts are counted on the audience node and on the run (`held_out`).
 */
function snapshotWithHoldoutSql(where: string, params: unknown[], percent: number): string {
  params.push(percent);
  const percentParam = `$${params.length}::numeric`;
  return `WITH selected AS MATERIALIZED (
         SELECT c.id, ${holdoutDrawSql('$1', 'c.id')} * 100 < ${percentParam} AS held FROM contacts c WHERE ${where}
       ), held AS (
         INSERT INTO run_holdouts (run_id, contact_id)
         SELECT $1, s.id FROM selected s
         WHERE s.held AND NOT EXISTS (SELECT 1 FROM campaign_members m WHERE m.run_id = $1 AND m.contact_id = s.id)
         ON CONFLICT (run_id, contact_id) DO NOTHING
         RETURNING contact_id
       ), added AS (
         INSERT INTO campaign_members (run_id, contact_id, cohort_id)
         SELECT $1, s.id, $2 FROM selected s
         WHERE NOT s.held AND NOT EXISTS (SELECT 1 FROM run_holdouts h WHERE h.run_id = $1 AND h.contact_id = s.id)
         ON CONFLICT (run_id, contact_id) DO NOTHING
         RETURNING contact_id
       ), held_counted AS (
         INSERT INTO run_node_counts (run_id, node_id, outcome, count)
         SELECT $1, x.node_id, '${HELD_OUT_OUTCOME}', n.count
         FROM (SELECT count(*) AS count FROM held) n CROSS JOIN (VALUES ($3::text), ('${RUN_COUNTER_NODE}')) AS x(node_id)
         WHERE n.count > 0
         ON CONFLICT (run_id, node_id, outcome) DO UPDATE SET count = run_node_counts.count + EXCLUDED.count
       ), ${COUNT_ADDED}
       SELECT count(*) AS added FROM added`;
}
