import { fromCents, incrementalRevenueCents, toCents } from '../flow/roi';
import type { Queryable } from './pool';

/**
 * Revenue and attribution, the SQL every report and the post-analysis read (issue 12):
 *
 * - a run's members' revenue = its won opportunities (created by the run: actual revenue, else
 *   expected) + the sales orders of its members placed in [the member's first message sent_at —
 *   or when it entered the run if it was never mailed; + the plan's attribution days);
 * - its holdout's revenue = the sales orders of its held-out contacts placed in [the run's start;
 *   + the attribution days);
 * - incremental revenue = members' revenue − holdout revenue per held-out contact × members
 *   (flow/roi.ts `incrementalRevenueCents`), none without a holdout.
 *
 * Each figure is traceable to rows and counted once: a sales order that is the order of a won
 * opportunity of the campaign counts as that opportunity only; an order inside the windows of two
 * runs of one campaign counts for the run whose window opened last (last touch), so a campaign's
 * figures are the sums of its runs'. Orders in a currency other than the plan's are not added
 * (no exchange rates here) but counted, so a report can say how many were left out.
 * Aggregated in SQL: the rows never leave the database.
 */

/** Revenue figures of a run, or of a campaign (the sums of its runs). Money is decimal strings. */
export interface AttributionFigures {
  /** Members of the run (contacts who entered it). */
  members: number;
  /** Members with at least one attributed order. */
  buyers: number;
  orders: number;
  ordersRevenue: string;
  wonOpportunities: number;
  wonOpportunitiesRevenue: string;
  /** ordersRevenue + wonOpportunitiesRevenue: the members' attributed revenue. */
  attributedRevenue: string;
  /** Contacts kept out of the run (its holdout). */
  holdout: number;
  holdoutBuyers: number;
  holdoutOrders: number;
  holdoutRevenue: string;
  /** What the campaign added; null without a holdout (nothing to compare with) or without members. */
  incrementalRevenue: string | null;
  /** Orders inside a window but in another currency than the plan's: not added, only counted. */
  otherCurrencyOrders: number;
}

export interface RunAttribution extends AttributionFigures {
  runId: string;
  startedAt: string;
}

export interface CampaignAttribution {
  campaignId: string;
  /** The plan's currency (EUR without a plan): every amount here is in it. */
  currency: string;
  /** The plan's attribution window (30 days without a plan). */
  attributionDays: number;
  runs: RunAttribution[];
  /** The sums of the runs; the incremental revenue compares the pooled members and holdouts. */
  totals: AttributionFigures;
}

interface FiguresRow {
  runId: string;
  startedAt: Date;
  members: string;
  buyers: string;
  orders: string;
  ordersRevenue: string;
  wonOpportunities: string;
  wonOpportunitiesRevenue: string;
  holdout: string;
  holdoutBuyers: string;
  holdoutOrders: string;
  holdoutRevenue: string;
  otherCurrencyOrders: string;
}

/**
 * $1 = the campaign. One row per run. `terms` holds the plan's currency and window; `member_orders`
 * and `holdout_orders` pick, per order, the run it counts for (DISTINCT ON: the latest window).
 */
const RUN_FIGURES_SQL = `
  WITH terms AS (
    SELECT COALESCE(p.currency, 'EUR') AS currency, COALESCE(p.attribution_days, 30) AS days
    FROM campaigns cp LEFT JOIN campaign_plans p ON p.campaign_id = cp.id WHERE cp.id = $1
  ), runs AS (
    SELECT r.id AS run_id, r.started_at FROM campaign_runs r WHERE r.campaign_id = $1
  ), won AS (
    SELECT o.run_id, o.id, o.order_id, COALESCE(o.actual_revenue, o.expected_revenue, 0) AS revenue
    FROM opportunities o JOIN runs ON runs.run_id = o.run_id WHERE o.stage = 'won'
  ), first_sent AS (
    SELECT msg.run_id, msg.contact_id, min(msg.sent_at) AS at
    FROM messages msg JOIN runs ON runs.run_id = msg.run_id WHERE msg.sent_at IS NOT NULL
    GROUP BY msg.run_id, msg.contact_id
  ), member_windows AS (
    SELECT m.run_id, m.contact_id, COALESCE(f.at, m.entered_at) AS since
    FROM runs JOIN campaign_members m ON m.run_id = runs.run_id
    LEFT JOIN first_sent f ON f.run_id = m.run_id AND f.contact_id = m.contact_id
  ), member_orders AS (
    SELECT DISTINCT ON (o.id) w.run_id, w.contact_id, o.id, o.total_amount, o.currency = t.currency AS counted
    FROM member_windows w CROSS JOIN terms t
    JOIN sales_orders o ON o.contact_id = w.contact_id
      AND o.ordered_at >= w.since AND o.ordered_at < w.since + make_interval(days => t.days)
    WHERE NOT EXISTS (SELECT 1 FROM won WHERE won.order_id = o.id)
    ORDER BY o.id, w.since DESC, w.run_id
  ), holdout_orders AS (
    SELECT DISTINCT ON (o.id) h.run_id, h.contact_id, o.id, o.total_amount, o.currency = t.currency AS counted
    FROM runs CROSS JOIN terms t
    JOIN run_holdouts h ON h.run_id = runs.run_id
    JOIN sales_orders o ON o.contact_id = h.contact_id
      AND o.ordered_at >= runs.started_at AND o.ordered_at < runs.started_at + make_interval(days => t.days)
    ORDER BY o.id, runs.started_at DESC, h.run_id
  ), member_figures AS (
    SELECT run_id, count(DISTINCT contact_id) FILTER (WHERE counted) AS buyers, count(*) FILTER (WHERE counted) AS orders,
           COALESCE(sum(total_amount) FILTER (WHERE counted), 0) AS revenue, count(*) FILTER (WHERE NOT counted) AS other
    FROM member_orders GROUP BY run_id
  ), holdout_figures AS (
    SELECT run_id, count(DISTINCT contact_id) FILTER (WHERE counted) AS buyers, count(*) FILTER (WHERE counted) AS orders,
           COALESCE(sum(total_amount) FILTER (WHERE counted), 0) AS revenue, count(*) FILTER (WHERE NOT counted) AS other
    FROM holdout_orders GROUP BY run_id
  ), won_figures AS (
    SELECT run_id, count(*) AS count, sum(revenue) AS revenue FROM won GROUP BY run_id
  )
  SELECT runs.run_id AS "runId", runs.started_at AS "startedAt",
    (SELECT count(*) FROM campaign_members m WHERE m.run_id = runs.run_id) AS members,
    COALESCE(mf.buyers, 0) AS buyers, COALESCE(mf.orders, 0) AS orders,
    COALESCE(mf.revenue, 0)::numeric(16, 2)::text AS "ordersRevenue",
    COALESCE(wf.count, 0) AS "wonOpportunities", COALESCE(wf.revenue, 0)::numeric(16, 2)::text AS "wonOpportunitiesRevenue",
    (SELECT count(*) FROM run_holdouts h WHERE h.run_id = runs.run_id) AS holdout,
    COALESCE(hf.buyers, 0) AS "holdoutBuyers", COALESCE(hf.orders, 0) AS "holdoutOrders",
    COALESCE(hf.revenue, 0)::numeric(16, 2)::text AS "holdoutRevenue",
    COALESCE(mf.other, 0) + COALESCE(hf.other, 0) AS "otherCurrencyOrders"
  FROM runs
  LEFT JOIN member_figures mf ON mf.run_id = runs.run_id
  LEFT JOIN holdout_figures hf ON hf.run_id = runs.run_id
  LEFT JOIN won_figures wf ON wf.run_id = runs.run_id
  ORDER BY runs.started_at, runs.run_id`;

/** Counts and cents of one run's row, before they are turned into figures. */
interface Tally {
  members: number;
  buyers: number;
  orders: number;
  ordersCents: number;
  wonOpportunities: number;
  wonCents: number;
  holdout: number;
  holdoutBuyers: number;
  holdoutOrders: number;
  holdoutCents: number;
  otherCurrencyOrders: number;
}

function tallyOf(row: FiguresRow): Tally {
  return {
    members: Number(row.members),
    buyers: Number(row.buyers),
    orders: Number(row.orders),
    ordersCents: toCents(row.ordersRevenue),
    wonOpportunities: Number(row.wonOpportunities),
    wonCents: toCents(row.wonOpportunitiesRevenue),
    holdout: Number(row.holdout),
    holdoutBuyers: Number(row.holdoutBuyers),
    holdoutOrders: Number(row.holdoutOrders),
    holdoutCents: toCents(row.holdoutRevenue),
    otherCurrencyOrders: Number(row.otherCurrencyOrders),
  };
}

function figuresOf(tally: Tally): AttributionFigures {
  const attributedCents = tally.ordersCents + tally.wonCents;
  const incremental = incrementalRevenueCents({ membersRevenueCents: attributedCents, members: tally.members, holdoutRevenueCents: tally.holdoutCents, holdout: tally.holdout });
  return {
    members: tally.members,
    buyers: tally.buyers,
    orders: tally.orders,
    ordersRevenue: fromCents(tally.ordersCents),
    wonOpportunities: tally.wonOpportunities,
    wonOpportunitiesRevenue: fromCents(tally.wonCents),
    attributedRevenue: fromCents(attributedCents),
    holdout: tally.holdout,
    holdoutBuyers: tally.holdoutBuyers,
    holdoutOrders: tally.holdoutOrders,
    holdoutRevenue: fromCents(tally.holdoutCents),
    incrementalRevenue: incremental === null ? null : fromCents(incremental),
    otherCurrencyOrders: tally.otherCurrencyOrders,
  };
}

function addTallies(a: Tally, b: Tally): Tally {
  const sum = { ...a };
  for (const key of Object.keys(sum) as (keyof Tally)[]) sum[key] += b[key];
  return sum;
}

const NO_TALLY: Tally = { members: 0, buyers: 0, orders: 0, ordersCents: 0, wonOpportunities: 0, wonCents: 0, holdout: 0, holdoutBuyers: 0, holdoutOrders: 0, holdoutCents: 0, otherCurrencyOrders: 0 };

/**
 * A campaign's revenue, run by run and in total, with its members, holdouts and incremental
 * revenue. Undefined when the campaign does not exist. A campaign without runs has zero figures.
 */
export async function campaignAttribution(db: Queryable, campaignId: string): Promise<CampaignAttribution | undefined> {
  const terms = await db.query<{ currency: string; days: number }>(
    `SELECT COALESCE(p.currency, 'EUR') AS currency, COALESCE(p.attribution_days, 30) AS days
     FROM campaigns cp LEFT JOIN campaign_plans p ON p.campaign_id = cp.id WHERE cp.id = $1`,
    [campaignId],
  );
  const campaign = terms.rows[0];
  if (!campaign) return undefined;
  const { rows } = await db.query<FiguresRow>(RUN_FIGURES_SQL, [campaignId]);
  const tallies = rows.map((row) => ({ row, tally: tallyOf(row) }));
  return {
    campaignId,
    currency: campaign.currency,
    attributionDays: campaign.days,
    runs: tallies.map(({ row, tally }) => ({ runId: row.runId, startedAt: row.startedAt.toISOString(), ...figuresOf(tally) })),
    totals: figuresOf(tallies.reduce((sum, { tally }) => addTallies(sum, tally), NO_TALLY)),
  };
}

/** One run's figures (as counted within its campaign: see the last-touch rule above); undefined for an unknown run. */
export async function runAttribution(db: Queryable, runId: string): Promise<RunAttribution | undefined> {
  const { rows } = await db.query<{ campaignId: string }>('SELECT campaign_id AS "campaignId" FROM campaign_runs WHERE id = $1', [runId]);
  if (!rows[0]) return undefined;
  return (await campaignAttribution(db, rows[0].campaignId))?.runs.find((run) => run.runId === runId);
}

/** Sales over a span of days, for a general campaign's business result. */
export interface PeriodSales {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD (included). */
  to: string;
  orders: number;
  revenue: string;
}

export interface BusinessResult {
  campaignId: string;
  currency: string;
  /** The campaign's validity period so far (up to `asOf` while it runs). */
  period: PeriodSales;
  /** The same number of days just before it. */
  previous: PeriodSales;
  /** period.revenue − previous.revenue. */
  change: string;
  /** change / previous revenue (0.12 = 12 % more); null when the previous period sold nothing. */
  changeRatio: number | null;
  /** Whether the period is over (its last day is before `asOf`). */
  complete: boolean;
}

export type BusinessResultAnswer = { result: BusinessResult } | { unmeasurable: 'NOT_FOUND' | 'NO_PERIOD' | 'NOT_STARTED'; message: string };

/**
 * A general (mass-media) campaign's business result: every sales order (contacts' and
 * companies', in the plan's currency) placed on the days of the campaign's validity period —
 * up to `asOf` while it runs — against the same number of days just before it. Days are the
 * database's calendar days, as validity periods are. A campaign without a first day, or one that
 * has not started, cannot be measured and says why.
 */
export async function generalBusinessResult(db: Queryable, campaignId: string, asOf: string | null = null): Promise<BusinessResultAnswer> {
  const { rows } = await db.query<{
    currency: string;
    validFrom: string | null;
    periodFrom: string | null;
    periodTo: string | null;
    previousFrom: string | null;
    previousTo: string | null;
    complete: boolean | null;
    orders: string | null;
    revenue: string | null;
    previousOrders: string | null;
    previousRevenue: string | null;
  }>(
    `WITH campaign AS (
       SELECT COALESCE(p.currency, 'EUR') AS currency, cp.valid_from, cp.valid_to, COALESCE($2::date, current_date) AS as_of
       FROM campaigns cp LEFT JOIN campaign_plans p ON p.campaign_id = cp.id WHERE cp.id = $1
     ), span AS (
       SELECT *, valid_from AS period_from, LEAST(COALESCE(valid_to, as_of), as_of) AS period_to FROM campaign
     ), spans AS (
       SELECT *, period_from - (period_to - period_from + 1) AS previous_from, period_from - 1 AS previous_to FROM span
     )
     SELECT s.currency, to_char(s.valid_from, 'YYYY-MM-DD') AS "validFrom",
       to_char(s.period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(s.period_to, 'YYYY-MM-DD') AS "periodTo",
       to_char(s.previous_from, 'YYYY-MM-DD') AS "previousFrom", to_char(s.previous_to, 'YYYY-MM-DD') AS "previousTo",
       s.valid_to IS NOT NULL AND s.valid_to < s.as_of AS complete,
       sales.orders, sales.revenue, sales.previous_orders AS "previousOrders", sales.previous_revenue AS "previousRevenue"
     FROM spans s
     LEFT JOIN LATERAL (
       SELECT count(*) FILTER (WHERE o.ordered_at >= s.period_from::timestamptz) AS orders,
              COALESCE(sum(o.total_amount) FILTER (WHERE o.ordered_at >= s.period_from::timestamptz), 0)::numeric(16, 2)::text AS revenue,
              count(*) FILTER (WHERE o.ordered_at < s.period_from::timestamptz) AS previous_orders,
              COALESCE(sum(o.total_amount) FILTER (WHERE o.ordered_at < s.period_from::timestamptz), 0)::numeric(16, 2)::text AS previous_revenue
       FROM sales_orders o
       WHERE o.currency = s.currency AND o.ordered_at >= s.previous_from::timestamptz AND o.ordered_at < (s.period_to + 1)::timestamptz
     ) sales ON s.period_from IS NOT NULL AND s.period_to >= s.period_from`,
    [campaignId, asOf],
  );
  const row = rows[0];
  if (!row) return { unmeasurable: 'NOT_FOUND', message: 'No such campaign' };
  if (!row.validFrom) return { unmeasurable: 'NO_PERIOD', message: 'The campaign has no first valid day: there is no period to measure' };
  if (row.orders === null || !row.periodFrom || !row.periodTo || !row.previousFrom || !row.previousTo) {
    return { unmeasurable: 'NOT_STARTED', message: `The campaign starts on ${row.validFrom}: nothing to measure yet` };
  }
  const revenueCents = toCents(row.revenue!);
  const previousCents = toCents(row.previousRevenue!);
  return {
    result: {
      campaignId,
      currency: row.currency,
      period: { from: row.periodFrom, to: row.periodTo, orders: Number(row.orders), revenue: row.revenue! },
      previous: { from: row.previousFrom, to: row.previousTo, orders: Number(row.previousOrders), revenue: row.previousRevenue! },
      change: fromCents(revenueCents - previousCents),
      changeRatio: previousCents > 0 ? (revenueCents - previousCents) / previousCents : null,
      complete: row.complete === true,
    },
  };
}
