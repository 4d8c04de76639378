import { bookCallCosts, bookMessageCosts, MESSAGE_COST_LINES_SQL, unitCostOnSql, utcDaySql } from './cost-ledger';
import type { Queryable } from './pool';

/**
 * A campaign's costs as a budget owner reads them: the ledger's lines summed by channel and by
 * node against the plan, the budget left, and what happened without a cost line (the gaps).
 * Sums are exact in SQL (numeric) and rounded to the cent only as they are shown.
 */
export interface CampaignCosts {
  campaignId: string;
  currency: string;
  budget: string;
  planned: string;
  actual: string;
  budgetLeft: string;
  byChannel: { channel: string; planned: string | null; actual: string; lines: number }[];
  byNode: { runId: string | null; nodeId: string | null; channel: string; actual: string; lines: number }[];
  otherCurrencies: { currency: string; amount: string; lines: number }[];
  missingCosts: MissingCost[];
}

export interface MissingCost {
  item: string;
  reason: 'no_unit_cost' | 'not_booked';
  count: number;
  firstDay: string;
  lastDay: string;
}

/** A campaign's costs against its plan (a campaign without a plan: EUR, no budget); undefined when it does not exist. */
export async function campaignCosts(db: Queryable, campaignId: string): Promise<CampaignCosts | undefined> {
  const plan = await db.query<{ currency: string; budget: string }>(
    `SELECT coalesce(p.currency, 'EUR') AS currency, round(coalesce(p.budget, 0), 2)::text AS budget
     FROM campaigns c LEFT JOIN campaign_plans p ON p.campaign_id = c.id WHERE c.id = $1`,
    [campaignId],
  );
  const head = plan.rows[0];
  if (!head) return undefined;
  const params = [campaignId, head.currency];
  const [byChannel, byNode, otherCurrencies, missingCosts] = await Promise.all([
    db.query<CampaignCosts['byChannel'][number]>(
      `WITH actual AS (
         SELECT channel, sum(amount) AS amount, count(*)::int AS lines FROM cost_entries WHERE campaign_id = $1 AND currency = $2 GROUP BY channel
       ), planned AS (
         SELECT channel, amount FROM campaign_planned_costs WHERE campaign_id = $1
       )
       SELECT coalesce(a.channel, p.channel) AS channel, round(p.amount, 2)::text AS planned,
              round(coalesce(a.amount, 0), 2)::text AS actual, coalesce(a.lines, 0) AS lines
       FROM actual a FULL JOIN planned p ON p.channel = a.channel
       ORDER BY 1`,
      params,
    ),
    db.query<CampaignCosts['byNode'][number]>(
      `SELECT e.run_id AS "runId", e.node_id AS "nodeId", e.channel, round(sum(e.amount), 2)::text AS actual, count(*)::int AS lines
       FROM cost_entries e LEFT JOIN campaign_runs r ON r.id = e.run_id
       WHERE e.campaign_id = $1 AND e.currency = $2
       GROUP BY e.run_id, r.started_at, e.node_id, e.channel
       ORDER BY r.started_at NULLS LAST, e.run_id, e.node_id NULLS LAST, e.channel`,
      params,
    ),
    db.query<CampaignCosts['otherCurrencies'][number]>(
      `SELECT currency, round(sum(amount), 2)::text AS amount, count(*)::int AS lines
       FROM cost_entries WHERE campaign_id = $1 AND currency <> $2 GROUP BY currency ORDER BY currency`,
      params,
    ),
    missingCostsOf(db, campaignId),
  ]);
  // Totals are the sums of the exact (unrounded) amounts, so they agree with the ledger to the cent.
  const totals = await db.query<{ planned: string; actual: string; left: string }>(
    `SELECT round(coalesce((SELECT sum(amount) FROM campaign_planned_costs WHERE campaign_id = $1), 0), 2)::text AS planned,
            round(x.actual, 2)::text AS actual, round($3::numeric - x.actual, 2)::text AS left
     FROM (SELECT coalesce(sum(amount), 0) AS actual FROM cost_entries WHERE campaign_id = $1 AND currency = $2) x`,
    [...params, head.budget],
  );
  const total = totals.rows[0]!;
  return {
    campaignId,
    currency: head.currency,
    budget: head.budget,
    planned: total.planned,
    actual: total.actual,
    budgetLeft: total.left,
    byChannel: byChannel.rows,
    byNode: byNode.rows,
    otherCurrencies: otherCurrencies.rows,
    missingCosts,
  };
}

/** The campaign's sent messages and closed calls with no cost line yet, with the unit cost valid on their day if any. */
const UNBOOKED_SQL = `
  WITH unbooked AS (
    SELECT 'message' AS kind, m.id, line.item, ${utcDaySql('m.sent_at')} AS day
    FROM campaign_runs r
    JOIN messages m ON m.run_id = r.id AND m.status = 'sent' AND m.sent_at IS NOT NULL
    JOIN ${MESSAGE_COST_LINES_SQL} ON line.channel = m.channel
    WHERE r.campaign_id = $1 AND NOT EXISTS (SELECT 1 FROM cost_entries e WHERE e.source_key = 'message:' || m.id || line.suffix)
    UNION ALL
    SELECT 'call', t.id, 'call', ${utcDaySql('t.closed_at')}
    FROM campaign_runs r
    JOIN tasks t ON t.run_id = r.id AND t.type = 'callback' AND t.status = 'closed' AND t.closed_at IS NOT NULL
    WHERE r.campaign_id = $1 AND NOT EXISTS (SELECT 1 FROM cost_entries e WHERE e.source_key = 'call:' || t.id)
  )
  SELECT g.kind, g.id, g.item, g.day, u.amount IS NOT NULL AS priced
  FROM unbooked g LEFT JOIN LATERAL ${unitCostOnSql('g.item', 'g.day')} u ON true`;

async function missingCostsOf(db: Queryable, campaignId: string): Promise<MissingCost[]> {
  const { rows } = await db.query<MissingCost>(
    `SELECT item, CASE WHEN priced THEN 'not_booked' ELSE 'no_unit_cost' END AS reason, count(*)::int AS count,
            to_char(min(day), 'YYYY-MM-DD') AS "firstDay", to_char(max(day), 'YYYY-MM-DD') AS "lastDay"
     FROM (${UNBOOKED_SQL}) gaps GROUP BY 1, 2 ORDER BY 1, 2`,
    [campaignId],
  );
  return rows;
}

/**
 * Book what a campaign sent and called but has no cost line for, now that a unit cost is valid
 * on its day (a budget owner added a forgotten price): each at the unit cost of the day it
 * happened, exactly once like any booking. Returns how many lines were booked.
 */
export async function bookMissingCosts(db: Queryable, campaignId: string): Promise<number> {
  const { rows } = await db.query<{ kind: string; ids: string[] }>(
    `SELECT kind, array_agg(DISTINCT id) AS ids FROM (${UNBOOKED_SQL}) gaps WHERE priced GROUP BY kind`,
    [campaignId],
  );
  const ids = (kind: string) => rows.find((row) => row.kind === kind)?.ids ?? [];
  return (await bookMessageCosts(db, ids('message'))) + (await bookCallCosts(db, ids('call')));
}
