import type { PurchaseCondition, RewardKind } from '../flow/nodes/reward';
import { validityEndSql } from './campaigns';
import type { Queryable } from './pool';

/** What one reward step grants: the same reward for every member whose condition holds. */
export interface RewardGrant {
  runId: string;
  nodeId: string;
  kind: RewardKind;
  description: string;
  /** Money string in `currency`. */
  value: string;
  currency: string;
  /** Null: everyone qualifies. */
  purchase: PurchaseCondition | null;
}

export interface GrantedPage {
  /** Members whose condition holds, or whom this step rewarded before: they leave by `granted`. */
  granted: string[];
  /** Rewards recorded now (none for a member rewarded before): the ones whose cost is to be booked. */
  newRewardIds: string[];
}

/** Human words for the timeline. */
const KIND_WORDS: Record<RewardKind, string> = { gift: 'Gift', credit_note: 'Credit note', bonus: 'Bonus' };

/**
 * SQL: the window a member's purchases count in, as `since` and `until` columns of the page
 * (`m` a campaign_members row, `cp` its campaign, `r` its run). The campaign period is the
 * campaign's validity days (from the run's start when it has no first day; open when no last).
 */
function windowSql(purchase: PurchaseCondition | null, params: unknown[]): string {
  if (purchase?.window.kind === 'days_after_entry') {
    params.push(purchase.window.days);
    return `m.entered_at AS since, m.entered_at + make_interval(days => $${params.length}::int) AS until`;
  }
  return `COALESCE(cp.valid_from::timestamptz, r.started_at) AS since, COALESCE(${validityEndSql('cp')}, 'infinity'::timestamptz) AS until`;
}

/** SQL: whether the page row `page` meets the purchase condition (orders in the reward's currency only). */
function conditionSql(purchase: PurchaseCondition | null, params: unknown[], currencyParam: string): string {
  if (!purchase) return 'true';
  params.push(purchase.minAmount);
  const min = `$${params.length}::numeric`;
  const orders = `FROM sales_orders o WHERE o.contact_id = page.contact_id AND o.currency = ${currencyParam}
                  AND o.ordered_at >= page.since AND o.ordered_at < page.until`;
  return purchase.measure === 'all_orders'
    ? `(SELECT COALESCE(sum(o.total_amount), 0) ${orders}) >= ${min}`
    : `EXISTS (SELECT 1 ${orders} AND o.total_amount >= ${min})`;
}

/**
 * For one page of members (claimed by the caller's transaction): find those whose condition
 * holds, record a reward for each — the unique (run, node, contact) key lets none in twice, so a
 * retried page records nothing new — and put each new reward on the contact's timeline, in one
 * statement. Returns who leaves by `granted` and the rewards recorded now (to book their cost in
 * the same transaction).
 */
export async function grantRewards(db: Queryable, reward: RewardGrant, contactIds: string[]): Promise<GrantedPage> {
  if (contactIds.length === 0) return { granted: [], newRewardIds: [] };
  const params: unknown[] = [reward.runId, reward.nodeId, contactIds, reward.kind, reward.description, reward.value, reward.currency, KIND_WORDS[reward.kind]];
  const window = windowSql(reward.purchase, params);
  const condition = conditionSql(reward.purchase, params, '$7');
  const { rows } = await db.query<{ contactId: string; rewardId: string | null }>(
    `WITH page AS (
       SELECT m.contact_id, ${window}
       FROM campaign_members m JOIN campaign_runs r ON r.id = m.run_id JOIN campaigns cp ON cp.id = r.campaign_id
       WHERE m.run_id = $1 AND m.contact_id = ANY($3::uuid[])
     ), met AS (
       SELECT page.contact_id FROM page
       WHERE ${condition}
          OR EXISTS (SELECT 1 FROM rewards w WHERE w.run_id = $1 AND w.node_id = $2 AND w.contact_id = page.contact_id)
     ), recorded AS (
       INSERT INTO rewards (run_id, node_id, contact_id, kind, description, value, currency)
       SELECT $1, $2, contact_id, $4, $5, $6::numeric, $7 FROM met
       ON CONFLICT (run_id, node_id, contact_id) DO NOTHING
       RETURNING id, contact_id, value
     ), timeline AS (
       INSERT INTO contact_events (contact_id, kind, title, campaign_id, run_id, data)
       SELECT recorded.contact_id, 'reward_granted', $8::text || ' granted: ' || $5::text || ' (' || recorded.value::text || ' ' || $7::text || ')', r.campaign_id, $1,
              jsonb_build_object('rewardId', recorded.id, 'nodeId', $2::text)
       FROM recorded CROSS JOIN campaign_runs r WHERE r.id = $1
     )
     SELECT met.contact_id AS "contactId", recorded.id AS "rewardId" FROM met LEFT JOIN recorded USING (contact_id)`,
    params,
  );
  return {
    granted: rows.map((row) => row.contactId),
    newRewardIds: rows.flatMap((row) => (row.rewardId ? [row.rewardId] : [])),
  };
}

/** A recorded reward, as the reports and the contact's history show it. */
export interface RewardRow {
  id: string;
  runId: string;
  nodeId: string;
  contactId: string;
  kind: RewardKind;
  description: string | null;
  /** Money string. */
  value: string;
  currency: string;
  grantedAt: string;
}

/** The rewards a run's step granted, oldest first (at most one per member). */
export async function listRunRewards(db: Queryable, runId: string, nodeId?: string): Promise<RewardRow[]> {
  const { rows } = await db.query<RewardRow>(
    `SELECT id, run_id AS "runId", node_id AS "nodeId", contact_id AS "contactId", kind, description, value::text AS value, currency, granted_at AS "grantedAt"
     FROM rewards WHERE run_id = $1 AND ($2::text IS NULL OR node_id = $2) ORDER BY granted_at, id`,
    [runId, nodeId ?? null],
  );
  return rows;
}
