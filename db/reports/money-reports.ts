import type { ReportRow } from '../../contracts/report';
import { fromCents, roi, toCents } from '../../flow/roi';
import { campaignAttribution, generalBusinessResult } from '../attribution';
import type { Queryable } from '../pool';
import { campaignAnalysis } from './campaign-analysis';
import { contactCondition, dayCondition, Params, periodCondition, runsCondition, selectionCondition, type ReportContext } from './report-sql';
import { column, numbers, type ReportSpec } from './report-spec';

/**
 * Reports of money: costs from the ledger (cost_entries, summed exactly and rounded to the cent
 * as shown), revenue from attribution (db/attribution.ts), ROI with flow/roi.ts. A campaign's
 * money is in its plan's currency; ledger lines in another currency are left out of its ROI
 * (the cost report lists them by currency).
 */

export const costByChannel: ReportSpec = {
  definition: {
    id: 'cost-by-channel',
    title: 'Cost by channel',
    description: 'Ledger lines of the selected campaigns summed by channel and currency (by the day each cost was incurred), beside the plan\'s cost for the channel when one campaign is chosen. Limited to a store, only lines booked for its contacts count.',
    chart: 'bar',
    filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [column('channel', 'Channel', 'text'), column('currency', 'Currency', 'text'), column('planned', 'Planned', 'money'), column('actual', 'Actual', 'money'), column('lines', 'Ledger lines', 'integer')],
  chart: { kind: 'bar', category: 'channel', series: [{ key: 'planned', label: 'Planned' }, { key: 'actual', label: 'Actual' }] },
  async rows(db, context) {
    const params = new Params();
    // The plan is a campaign's: shown only when one campaign is chosen and no cut narrows the actual side.
    const plannedWhere =
      context.filters.campaignId && !context.filters.runId && !context.filters.from && !context.filters.to && !context.filters.storeId
        ? `pc.campaign_id = ${params.add(context.filters.campaignId, 'uuid')}`
        : 'FALSE';
    const { rows } = await db.query(
      `WITH actual AS (
         SELECT e.channel, e.currency, sum(e.amount) AS amount, count(*) AS lines FROM cost_entries e
         WHERE ${selectionCondition(context, params, { campaign: 'e.campaign_id', run: 'e.run_id' })}
           AND ${dayCondition(context, params, 'e.incurred_on')} AND ${contactCondition(context, params, 'e.contact_id')}
         GROUP BY 1, 2
       ), planned AS (
         SELECT pc.channel, p.currency, pc.amount FROM campaign_planned_costs pc JOIN campaign_plans p ON p.campaign_id = pc.campaign_id
         WHERE ${plannedWhere}
       )
       SELECT COALESCE(a.channel, p.channel) AS channel, COALESCE(a.currency, p.currency) AS currency, round(p.amount, 2)::text AS planned,
              round(COALESCE(a.amount, 0), 2)::text AS actual, COALESCE(a.lines, 0) AS lines
       FROM actual a FULL JOIN planned p ON p.channel = a.channel AND p.currency = a.currency
       ORDER BY 1, 2`,
      params.values,
    );
    return numbers(rows, ['lines']);
  },
};

/** The selected campaigns (that ran or booked a cost) with their currency and cost in it. */
async function campaignCostsInPlanCurrency(db: Queryable, context: ReportContext) {
  const params = new Params();
  const only = context.filters.campaignId ? `cp.id = ${params.add(context.filters.campaignId, 'uuid')}` : 'TRUE';
  const { rows } = await db.query<{ id: string; name: string; kind: string; currency: string; cost: string }>(
    `SELECT cp.id, cp.name, cp.kind, COALESCE(p.currency, 'EUR') AS currency,
            round(COALESCE((SELECT sum(e.amount) FROM cost_entries e WHERE e.campaign_id = cp.id AND e.currency = COALESCE(p.currency, 'EUR')), 0), 2)::text AS cost
     FROM campaigns cp LEFT JOIN campaign_plans p ON p.campaign_id = cp.id
     WHERE ${only} AND (EXISTS (SELECT 1 FROM campaign_runs r WHERE r.campaign_id = cp.id) OR EXISTS (SELECT 1 FROM cost_entries e WHERE e.campaign_id = cp.id))
     ORDER BY cp.name, cp.id LIMIT 500`,
    params.values,
  );
  return rows;
}

export const roiByCampaign: ReportSpec = {
  definition: {
    id: 'roi-by-campaign',
    title: 'ROI by campaign',
    description: "Each campaign's cost (ledger, in its plan's currency), attributed revenue (members' orders in the attribution window + won opportunities), ROI, incremental revenue (against its holdout; for a general campaign, its period's sales − the previous period's) and ROMI.",
    chart: 'bar',
    filters: ['campaignId'],
    requires: [],
  },
  columns: [
    column('campaign', 'Campaign', 'text'),
    column('currency', 'Currency', 'text'),
    column('cost', 'Cost', 'money'),
    column('revenue', 'Attributed revenue', 'money'),
    column('roi', 'ROI', 'percent'),
    column('incremental', 'Incremental revenue', 'money'),
    column('romi', 'ROMI', 'percent'),
  ],
  chart: { kind: 'bar', category: 'campaign', series: [{ key: 'roi', label: 'ROI' }, { key: 'romi', label: 'ROMI' }] },
  wholeCampaign: true,
  async rows(db, context) {
    const out: ReportRow[] = [];
    for (const campaign of await campaignCostsInPlanCurrency(db, context)) {
      const totals = (await campaignAttribution(db, campaign.id))?.totals;
      if (!totals) continue;
      const cost = toCents(campaign.cost);
      // A general (mass-media) campaign has no members to hold out: what it adds is its business result.
      const business = campaign.kind === 'general' ? await generalBusinessResult(db, campaign.id) : null;
      const incremental = business ? ('result' in business ? business.result.change : null) : totals.incrementalRevenue;
      out.push({
        campaign: campaign.name,
        currency: campaign.currency,
        cost: campaign.cost,
        revenue: totals.attributedRevenue,
        roi: roi(toCents(totals.attributedRevenue), cost),
        incremental,
        romi: incremental === null ? null : roi(toCents(incremental), cost),
      });
    }
    return out;
  },
};

/**
 * $1 = the campaign. Revenue by the channel that opened each member's attribution window (the
 * channel of their first sent message; 'call' for a member only called; 'none' otherwise), with
 * each order counted once as db/attribution.ts counts it (last window opened, a won opportunity's
 * own order as the opportunity): the channels' revenue adds up to the campaign's attributed revenue.
 */
const ROI_BY_CHANNEL_SQL = `
  WITH terms AS (
    SELECT COALESCE(p.currency, 'EUR') AS currency, COALESCE(p.attribution_days, 30) AS days
    FROM campaigns cp LEFT JOIN campaign_plans p ON p.campaign_id = cp.id WHERE cp.id = $1
  ), runs AS (
    SELECT id AS run_id FROM campaign_runs WHERE campaign_id = $1
  ), first_sent AS (
    SELECT DISTINCT ON (msg.run_id, msg.contact_id) msg.run_id, msg.contact_id, msg.sent_at AS at, msg.channel
    FROM runs JOIN messages msg ON msg.run_id = runs.run_id WHERE msg.sent_at IS NOT NULL
    ORDER BY msg.run_id, msg.contact_id, msg.sent_at, msg.id
  ), called AS (
    SELECT DISTINCT t.run_id, t.contact_id FROM runs JOIN tasks t ON t.run_id = runs.run_id WHERE t.type = 'callback' AND t.status = 'closed'
  ), member_windows AS (
    SELECT m.run_id, m.contact_id, COALESCE(f.at, m.entered_at) AS since,
           COALESCE(f.channel, CASE WHEN c.contact_id IS NOT NULL THEN 'call' END, 'none') AS channel
    FROM runs JOIN campaign_members m ON m.run_id = runs.run_id
    LEFT JOIN first_sent f ON f.run_id = m.run_id AND f.contact_id = m.contact_id
    LEFT JOIN called c ON c.run_id = m.run_id AND c.contact_id = m.contact_id
  ), won AS (
    SELECT o.run_id, o.contact_id, o.order_id, COALESCE(o.actual_revenue, o.expected_revenue, 0) AS revenue
    FROM runs JOIN opportunities o ON o.run_id = runs.run_id WHERE o.stage = 'won'
  ), member_orders AS (
    SELECT DISTINCT ON (o.id) w.channel, o.total_amount, o.currency = t.currency AS counted
    FROM member_windows w CROSS JOIN terms t
    JOIN sales_orders o ON o.contact_id = w.contact_id AND o.ordered_at >= w.since AND o.ordered_at < w.since + make_interval(days => t.days)
    WHERE NOT EXISTS (SELECT 1 FROM won WHERE won.order_id = o.id)
    ORDER BY o.id, w.since DESC, w.run_id
  ), revenue AS (
    SELECT channel, total_amount AS amount FROM member_orders WHERE counted
    UNION ALL
    SELECT COALESCE(w.channel, 'none'), won.revenue FROM won LEFT JOIN member_windows w ON w.run_id = won.run_id AND w.contact_id = won.contact_id
  ), revenue_by AS (
    SELECT channel, sum(amount) AS amount FROM revenue GROUP BY channel
  ), cost_by AS (
    SELECT e.channel, sum(e.amount) AS amount FROM cost_entries e CROSS JOIN terms t WHERE e.campaign_id = $1 AND e.currency = t.currency GROUP BY e.channel
  )
  SELECT COALESCE(c.channel, r.channel) AS channel, round(COALESCE(c.amount, 0), 2)::text AS cost, round(COALESCE(r.amount, 0), 2)::text AS revenue
  FROM cost_by c FULL JOIN revenue_by r ON r.channel = c.channel
  ORDER BY 1`;

export const roiByChannel: ReportSpec = {
  definition: {
    id: 'roi-by-channel',
    title: 'ROI by channel',
    description: "A campaign's cost by channel (ledger) against the revenue of the members each channel first reached (the channel of their first sent message, 'call' when only called); the channels' revenue adds up to the campaign's attributed revenue.",
    chart: 'bar',
    filters: ['campaignId'],
    requires: ['campaignId'],
  },
  columns: [column('channel', 'Channel', 'text'), column('cost', 'Cost', 'money'), column('revenue', 'Revenue', 'money'), column('roi', 'ROI', 'percent')],
  chart: { kind: 'bar', category: 'channel', series: [{ key: 'cost', label: 'Cost' }, { key: 'revenue', label: 'Revenue' }] },
  wholeCampaign: true,
  async rows(db, context) {
    const { rows } = await db.query<{ channel: string; cost: string; revenue: string }>(ROI_BY_CHANNEL_SQL, [context.filters.campaignId]);
    return rows.map((row) => ({ ...row, roi: roi(toCents(row.revenue), toCents(row.cost)) }));
  },
};

export const holdoutComparison: ReportSpec = {
  definition: {
    id: 'holdout-comparison',
    title: 'Holdout comparison',
    description: "Per run: the members' attributed revenue and the held-out contacts' revenue in the same window, each per contact, and the incremental revenue = members' revenue − holdout revenue per contact × members.",
    chart: 'bar',
    filters: ['campaignId', 'runId'],
    requires: ['campaignId'],
  },
  columns: [
    column('run', 'Run', 'text'),
    column('members', 'Members', 'integer'),
    column('membersRevenue', "Members' revenue", 'money'),
    column('membersPerContact', 'Per member', 'money'),
    column('holdout', 'Held out', 'integer'),
    column('holdoutRevenue', 'Holdout revenue', 'money'),
    column('holdoutPerContact', 'Per held-out contact', 'money'),
    column('incremental', 'Incremental revenue', 'money'),
  ],
  chart: { kind: 'bar', category: 'run', series: [{ key: 'membersPerContact', label: 'Per member' }, { key: 'holdoutPerContact', label: 'Per held-out contact' }] },
  wholeCampaign: true,
  async rows(db, context) {
    const attribution = await campaignAttribution(db, context.filters.campaignId!);
    const perContact = (revenue: string, count: number) => (count === 0 ? null : fromCents(toCents(revenue) / count));
    return (attribution?.runs ?? [])
      .filter((run) => !context.filters.runId || run.runId === context.filters.runId)
      .map((run) => ({
        run: `${run.startedAt.slice(0, 10)} · ${run.runId.slice(0, 8)}`,
        members: run.members,
        membersRevenue: run.attributedRevenue,
        membersPerContact: perContact(run.attributedRevenue, run.members),
        holdout: run.holdout,
        holdoutRevenue: run.holdoutRevenue,
        holdoutPerContact: perContact(run.holdoutRevenue, run.holdout),
        incremental: run.incrementalRevenue,
      }));
  },
};

export const planVsActual: ReportSpec = {
  definition: {
    id: 'plan-vs-actual',
    title: 'Plan vs actual',
    description: "A campaign's expected results and costs against what happened so far: reached (contacted), responses (opened or clicked), conversions (opportunities), attributed revenue and cost, with the share achieved.",
    chart: 'bar',
    filters: ['campaignId'],
    requires: ['campaignId'],
  },
  columns: [column('metric', 'Figure', 'text'), column('planned', 'Planned', 'text'), column('actual', 'Actual', 'text'), column('achieved', 'Achieved', 'percent')],
  chart: { kind: 'bar', category: 'metric', series: [{ key: 'achieved', label: 'Achieved' }] },
  wholeCampaign: true,
  async rows(db, context) {
    const analysis = await campaignAnalysis(db, context.filters.campaignId!);
    if (!analysis) return [];
    const planned = Number(analysis.costs.planned);
    return [
      ...analysis.results.map((result) => ({ metric: result.label, planned: result.planned, actual: result.actual, achieved: result.achieved })),
      { metric: 'Cost', planned: analysis.costs.planned, actual: analysis.costs.actual, achieved: planned === 0 ? null : Number(analysis.costs.actual) / planned },
    ];
  },
};

export const rewardsGranted: ReportSpec = {
  definition: {
    id: 'rewards-granted',
    title: 'Rewards granted',
    description: 'Rewards granted by the selected runs (gift, credit note, bonus) by kind and currency: how many, to how many contacts, and their value, by the day granted.',
    chart: 'pie',
    filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [column('kind', 'Kind', 'text'), column('currency', 'Currency', 'text'), column('rewards', 'Rewards', 'integer'), column('contacts', 'Contacts', 'integer'), column('value', 'Value', 'money')],
  chart: { kind: 'pie', category: 'kind', series: [{ key: 'value', label: 'Value' }] },
  async rows(db, context) {
    const params = new Params();
    const { rows } = await db.query(
      `SELECT w.kind, w.currency, count(*) AS rewards, count(DISTINCT w.contact_id) AS contacts, round(sum(w.value), 2)::text AS value
       FROM campaign_runs r JOIN rewards w ON w.run_id = r.id
       WHERE ${runsCondition(context, params)} AND ${periodCondition(context, params, 'w.granted_at')} AND ${contactCondition(context, params, 'w.contact_id')}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      params.values,
    );
    return numbers(rows, ['rewards', 'contacts']);
  },
};

export const campaignComparison: ReportSpec = {
  definition: {
    id: 'campaign-comparison',
    title: 'Campaign comparison',
    description: "Campaigns side by side over their runs started in the period: members, messages sent, contacts responding, opportunities created and won, and the cost incurred in the period (ledger, in each campaign's plan currency).",
    chart: 'bar',
    filters: ['campaignId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [
    column('campaign', 'Campaign', 'text'),
    column('runs', 'Runs', 'integer'),
    column('members', 'Members', 'integer'),
    column('sent', 'Messages sent', 'integer'),
    column('responders', 'Responded', 'integer'),
    column('responseRate', 'Response rate', 'percent'),
    column('opportunities', 'Opportunities', 'integer'),
    column('won', 'Won', 'integer'),
    column('currency', 'Currency', 'text'),
    column('cost', 'Cost', 'money'),
  ],
  chart: { kind: 'bar', category: 'campaign', series: [{ key: 'members', label: 'Members' }, { key: 'responders', label: 'Responded' }, { key: 'opportunities', label: 'Opportunities' }] },
  async rows(db, context) {
    const params = new Params();
    const contact = (column: string) => contactCondition(context, params, column);
    const { rows } = await db.query(
      `WITH runs AS (
         SELECT r.id, r.campaign_id FROM campaign_runs r WHERE ${runsCondition(context, params)} AND ${periodCondition(context, params, 'r.started_at')}
       ), members AS (
         SELECT runs.campaign_id, count(*) AS members FROM runs JOIN campaign_members m ON m.run_id = runs.id WHERE ${contact('m.contact_id')} GROUP BY 1
       ), sent AS (
         SELECT runs.campaign_id, count(*) AS sent FROM runs JOIN messages msg ON msg.run_id = runs.id AND msg.status = 'sent' WHERE ${contact('msg.contact_id')} GROUP BY 1
       ), responded AS (
         SELECT runs.campaign_id, count(DISTINCT (e.run_id, e.contact_id)) AS responders
         FROM runs JOIN events e ON e.run_id = runs.id AND e.type IN ('open', 'click') WHERE ${contact('e.contact_id')} GROUP BY 1
       ), opps AS (
         SELECT runs.campaign_id, count(*) AS opportunities, count(*) FILTER (WHERE o.stage = 'won') AS won
         FROM runs JOIN opportunities o ON o.run_id = runs.id WHERE ${contact('o.contact_id')} GROUP BY 1
       ), costs AS (
         SELECT e.campaign_id, sum(e.amount) AS amount
         FROM cost_entries e JOIN campaigns cp ON cp.id = e.campaign_id LEFT JOIN campaign_plans p ON p.campaign_id = cp.id
         WHERE e.campaign_id IN (SELECT campaign_id FROM runs) AND e.currency = COALESCE(p.currency, 'EUR')
           AND ${dayCondition(context, params, 'e.incurred_on')} AND ${contact('e.contact_id')}
         GROUP BY 1
       )
       SELECT cp.name AS campaign, count(runs.id) AS runs, COALESCE(mb.members, 0) AS members, COALESCE(s.sent, 0) AS sent,
              COALESCE(rs.responders, 0) AS responders,
              CASE WHEN COALESCE(mb.members, 0) = 0 THEN NULL ELSE round(COALESCE(rs.responders, 0)::numeric / mb.members, 4)::float8 END AS "responseRate",
              COALESCE(o.opportunities, 0) AS opportunities, COALESCE(o.won, 0) AS won,
              COALESCE(p.currency, 'EUR') AS currency, round(COALESCE(c.amount, 0), 2)::text AS cost
       FROM runs JOIN campaigns cp ON cp.id = runs.campaign_id LEFT JOIN campaign_plans p ON p.campaign_id = cp.id
       LEFT JOIN members mb ON mb.campaign_id = cp.id LEFT JOIN sent s ON s.campaign_id = cp.id
       LEFT JOIN responded rs ON rs.campaign_id = cp.id LEFT JOIN opps o ON o.campaign_id = cp.id LEFT JOIN costs c ON c.campaign_id = cp.id
       GROUP BY cp.id, cp.name, mb.members, s.sent, rs.responders, o.opportunities, o.won, p.currency, c.amount
       ORDER BY cp.name, cp.id`,
      params.values,
    );
    return numbers(rows, ['runs', 'members', 'sent', 'responders', 'opportunities', 'won']);
  },
};
