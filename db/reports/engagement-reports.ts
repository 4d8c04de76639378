import type { Queryable } from '../pool';
import { contactCondition, contactsLimited, Params, periodCondition, runsCondition, selectionCondition, type ReportContext, utcDay } from './report-sql';
import { column, numbers, type ReportSpec } from './report-spec';

/**
 * Reports of what members did: the funnel of a flow, responses and conversions over time,
 * agents' call outcomes, unsubscribes and bounces, the links clicked and the contact events
 * logged against campaigns. Tracking events are the `events` table (open, click, unsubscribe,
 * bounce), read through the run they belong to (events_run_type).
 */

/** The nodes of the selected runs' flow versions, in the order the flow lists them. */
const FLOW_NODES_SQL = (runs: string) => `
  SELECT DISTINCT ON (n.value->>'id') n.value->>'id' AS node_id, n.value->>'type' AS type, n.ordinality AS position
  FROM campaign_runs r
  JOIN flow_versions v ON v.flow_id = r.flow_id AND v.version = r.flow_version
  CROSS JOIN LATERAL jsonb_array_elements(v.graph->'nodes') WITH ORDINALITY AS n(value, ordinality)
  WHERE ${runs}
  ORDER BY n.value->>'id', n.ordinality`;

async function funnelRows(db: Queryable, context: ReportContext) {
  const params = new Params();
  const runs = runsCondition(context, params);
  // Unlimited: the per-node roll-up (run_node_counts), O(nodes). Limited to a store: the members'
  // own steps, which carry the contact (held-out contacts are never members, so never counted there).
  const counts = contactsLimited(context)
    ? `SELECT s.node_id, s.outcome, count(*) AS count FROM campaign_runs r JOIN member_steps s ON s.run_id = r.id
       WHERE ${runs} AND ${contactCondition(context, params, 's.contact_id')} GROUP BY 1, 2`
    : `SELECT c.node_id, c.outcome, sum(c.count) AS count FROM campaign_runs r JOIN run_node_counts c ON c.run_id = r.id
       WHERE ${runs} GROUP BY 1, 2`;
  const nodes = FLOW_NODES_SQL(runsCondition(context, params));
  // Counters named '@…' are the engine's own (ARRIVED_OUTCOME '@in': members that arrived at a
  // node), not outcomes: members through a node are those that left it, by any outcome.
  const { rows } = await db.query(
    `WITH counts AS (SELECT * FROM (${counts}) all_counts WHERE outcome NOT LIKE '@%'), nodes AS (${nodes})
     SELECT n.node_id AS node, n.type,
            COALESCE(sum(c.count) FILTER (WHERE c.outcome <> 'held_out'), 0) AS reached,
            COALESCE(sum(c.count) FILTER (WHERE c.outcome = 'held_out'), 0) AS "heldOut",
            COALESCE(string_agg(c.outcome || ': ' || c.count, ', ' ORDER BY c.outcome), '') AS outcomes
     FROM nodes n LEFT JOIN counts c ON c.node_id = n.node_id
     GROUP BY n.node_id, n.type, n.position
     ORDER BY n.position, n.node_id`,
    params.values,
  );
  return numbers(rows, ['reached', 'heldOut']);
}

export const funnel: ReportSpec = {
  definition: {
    id: 'funnel',
    title: 'Funnel per node',
    description: "How many members left each node of the flow (by every outcome), in the flow's order; the audience's held-out contacts apart. From run_node_counts, or the members' steps when limited to a store.",
    chart: 'funnel',
    filters: ['campaignId', 'runId', 'storeId'],
    requires: ['campaignId'],
  },
  columns: [column('node', 'Node', 'text'), column('type', 'Type', 'text'), column('reached', 'Members through', 'integer'), column('heldOut', 'Held out', 'integer'), column('outcomes', 'By outcome', 'text')],
  chart: { kind: 'funnel', category: 'node', series: [{ key: 'reached', label: 'Members through' }] },
  rows: funnelRows,
};

/** Per UTC day, counts of the given event types of the selected runs. */
async function eventsPerDay(db: Queryable, context: ReportContext, types: Record<string, string>, distinct: boolean) {
  const params = new Params();
  const typeList = params.add(Object.values(types), 'text[]');
  const counts = Object.entries(types).map(([key, type]) => `count(*) FILTER (WHERE e.type = '${type}') AS "${key}"`);
  if (distinct) counts.push('count(DISTINCT e.contact_id) AS contacts');
  const { rows } = await db.query(
    `SELECT ${utcDay('e.at')} AS day, ${counts.join(', ')}
     FROM campaign_runs r JOIN events e ON e.run_id = r.id AND e.type = ANY(${typeList})
     WHERE ${runsCondition(context, params)} AND ${periodCondition(context, params, 'e.at')} AND ${contactCondition(context, params, 'e.contact_id')}
     GROUP BY 1 ORDER BY 1`,
    params.values,
  );
  return numbers(rows, [...Object.keys(types), 'contacts']);
}

export const responsesOverTime: ReportSpec = {
  definition: {
    id: 'responses-over-time',
    title: 'Responses over time',
    description: 'Opens and clicks of the mails of the selected runs per UTC day, and how many contacts responded that day (tracking events).',
    chart: 'line',
    filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [column('day', 'Day', 'date'), column('opens', 'Opens', 'integer'), column('clicks', 'Clicks', 'integer'), column('contacts', 'Contacts responding', 'integer')],
  chart: { kind: 'line', category: 'day', series: [{ key: 'opens', label: 'Opens' }, { key: 'clicks', label: 'Clicks' }] },
  rows: (db, context) => eventsPerDay(db, context, { opens: 'open', clicks: 'click' }, true),
};

export const unsubscribesBounces: ReportSpec = {
  definition: {
    id: 'unsubscribes-bounces',
    title: 'Unsubscribes and bounces',
    description: 'Unsubscribes (one-click or the preference page) and bounced mails of the selected runs per UTC day (tracking events).',
    chart: 'line',
    filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [column('day', 'Day', 'date'), column('unsubscribes', 'Unsubscribes', 'integer'), column('bounces', 'Bounces', 'integer')],
  chart: { kind: 'line', category: 'day', series: [{ key: 'unsubscribes', label: 'Unsubscribes' }, { key: 'bounces', label: 'Bounces' }] },
  rows: (db, context) => eventsPerDay(db, context, { unsubscribes: 'unsubscribe', bounces: 'bounce' }, false),
};

export const conversionsOverTime: ReportSpec = {
  definition: {
    id: 'conversions-over-time',
    title: 'Conversions over time',
    description: "Opportunities of the selected campaigns created per UTC day, and those won per day they were closed with their revenue (actual, else expected).",
    chart: 'line',
    filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [column('day', 'Day', 'date'), column('created', 'Opportunities created', 'integer'), column('won', 'Won', 'integer'), column('wonRevenue', 'Won revenue', 'money')],
  chart: { kind: 'line', category: 'day', series: [{ key: 'created', label: 'Created' }, { key: 'won', label: 'Won' }] },
  async rows(db, context) {
    const params = new Params();
    const { rows } = await db.query(
      `WITH opps AS (
         SELECT o.created_at, o.closed_at, o.stage, COALESCE(o.actual_revenue, o.expected_revenue, 0) AS revenue
         FROM opportunities o
         WHERE o.campaign_id IS NOT NULL AND ${selectionCondition(context, params, { campaign: 'o.campaign_id', run: 'o.run_id' })}
           AND ${contactCondition(context, params, 'o.contact_id')}
       ), days AS (
         SELECT created_at AS at, 1 AS created, 0 AS won, 0 AS revenue FROM opps WHERE ${periodCondition(context, params, 'created_at')}
         UNION ALL
         SELECT closed_at, 0, 1, revenue FROM opps WHERE stage = 'won' AND closed_at IS NOT NULL AND ${periodCondition(context, params, 'closed_at')}
       )
       SELECT ${utcDay('at')} AS day, sum(created) AS created, sum(won) AS won, round(sum(revenue), 2)::text AS "wonRevenue"
       FROM days GROUP BY 1 ORDER BY 1`,
      params.values,
    );
    return numbers(rows, ['created', 'won']);
  },
};

export const outcomesByAgent: ReportSpec = {
  definition: {
    id: 'outcomes-by-agent',
    title: 'Outcomes by agent',
    description: 'Closed call-back tasks of the selected runs by the agent who closed them (else the assignee) and outcome, by the day they were closed.',
    chart: 'bar',
    filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [column('agent', 'Agent', 'text'), column('outcome', 'Outcome', 'text'), column('calls', 'Calls', 'integer')],
  chart: { kind: 'bar', category: 'agent', series: [{ key: 'calls', label: 'Calls' }] },
  async rows(db, context) {
    const params = new Params();
    const { rows } = await db.query(
      `SELECT COALESCE(u.name, 'Nobody') AS agent, COALESCE(t.outcome, '(none)') AS outcome, count(*) AS calls
       FROM campaign_runs r
       JOIN tasks t ON t.run_id = r.id AND t.type = 'callback' AND t.status = 'closed'
       LEFT JOIN users u ON u.id = COALESCE(t.closed_by, t.assignee)
       WHERE ${runsCondition(context, params)} AND ${periodCondition(context, params, 't.closed_at')} AND ${contactCondition(context, params, 't.contact_id')}
       GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`,
      params.values,
    );
    return numbers(rows, ['calls']);
  },
};

export const topLinks: ReportSpec = {
  definition: {
    id: 'top-links',
    title: 'Top clicked links',
    description: 'The 50 links of the selected runs\' mails clicked most (click events, the original URL), with how many contacts clicked each.',
    chart: 'bar',
    filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [column('url', 'Link', 'text'), column('clicks', 'Clicks', 'integer'), column('contacts', 'Contacts', 'integer')],
  chart: { kind: 'bar', category: 'url', series: [{ key: 'clicks', label: 'Clicks' }] },
  async rows(db, context) {
    const params = new Params();
    const { rows } = await db.query(
      `SELECT COALESCE(e.data->>'url', '(unknown)') AS url, count(*) AS clicks, count(DISTINCT e.contact_id) AS contacts
       FROM campaign_runs r JOIN events e ON e.run_id = r.id AND e.type = 'click'
       WHERE ${runsCondition(context, params)} AND ${periodCondition(context, params, 'e.at')} AND ${contactCondition(context, params, 'e.contact_id')}
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50`,
      params.values,
    );
    return numbers(rows, ['clicks', 'contacts']);
  },
};

export const eventsByCampaign: ReportSpec = {
  definition: {
    id: 'events-by-campaign',
    title: 'Events by campaign',
    description: 'Events logged on contacts against a campaign (calls, notes, visits: contact_events), by campaign and kind.',
    chart: 'bar',
    filters: ['campaignId', 'runId', 'from', 'to', 'storeId'],
    requires: [],
  },
  columns: [column('campaign', 'Campaign', 'text'), column('kind', 'Kind', 'text'), column('events', 'Events', 'integer'), column('contacts', 'Contacts', 'integer')],
  chart: { kind: 'bar', category: 'kind', series: [{ key: 'events', label: 'Events' }] },
  async rows(db, context) {
    const params = new Params();
    const { rows } = await db.query(
      `SELECT cp.name AS campaign, e.kind, count(*) AS events, count(DISTINCT e.contact_id) AS contacts
       FROM contact_events e JOIN campaigns cp ON cp.id = e.campaign_id
       WHERE ${selectionCondition(context, params, { campaign: 'e.campaign_id', run: 'e.run_id' })}
         AND ${periodCondition(context, params, 'e.occurred_at')} AND ${contactCondition(context, params, 'e.contact_id')}
       GROUP BY cp.id, cp.name, e.kind ORDER BY cp.name, cp.id, 3 DESC, 2`,
      params.values,
    );
    return numbers(rows, ['events', 'contacts']);
  },
};
