import { performance } from 'node:perf_hooks';
import { REPORT_IDS } from '../contracts/report';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../flow/graph';
import type { Db } from '../db/pool';
import { campaignAnalysis } from '../db/reports/campaign-analysis';
import { runReport } from '../db/reports/catalogue';
import { ALL_CONTACTS } from '../db/scope';
import { createTestDatabase } from '../tests/support/postgres';

/**
 * Every report of the catalogue timed on an empty campaign and on a large one (issue 12): a
 * campaign of `members` members generated inside Postgres with what reports read — their steps
 * and the per-node roll-up, a tenth as many held out, a sent mail each with its cost line, opens,
 * clicks on five links, bounces and unsubscribes, closed calls, opportunities, orders in and out
 * of the window, rewards and contact events. Prints milliseconds, asserts nothing.
 */
export interface ReportTiming {
  report: string;
  emptyMs: number;
  largeMs: number;
  rows: number;
}

export interface ReportBench {
  members: number;
  generateSeconds: number;
  timings: ReportTiming[];
}

const GRAPH: FlowGraph = {
  type: FLOW_DOCUMENT_TYPE,
  version: FLOW_SCHEMA_VERSION,
  nodes: [
    { id: 'audience', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
    { id: 'end', type: 'end', config: { finalStatus: 'done' }, position: { x: 220, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'audience', sourceHandle: 'out', target: 'end' }],
};

async function campaign(db: Db, name: string): Promise<string> {
  const flowId = (await db.query<{ id: string }>(`INSERT INTO flows (name) VALUES ($1) RETURNING id`, [`${name} flow`])).rows[0]!.id;
  await db.query('INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, $2)', [flowId, JSON.stringify(GRAPH)]);
  return (await db.query<{ id: string }>(`INSERT INTO campaigns (name, flow_id, mail_purpose) VALUES ($1, $2, 'service') RETURNING id`, [name, flowId])).rows[0]!.id;
}

/** The large campaign, generated set-based; returns its id. */
async function generateLargeCampaign(db: Db, members: number): Promise<string> {
  const campaignId = await campaign(db, 'Large campaign');
  const held = Math.max(1, Math.round(members / 10));
  await db.query(`INSERT INTO stores (code, name) SELECT 'B' || i, 'Store ' || i FROM generate_series(1, 5) i`);
  await db.query(`INSERT INTO users (email, name, role) SELECT 'agent' || i || '@bench.test', 'Agent ' || i, 'agent' FROM generate_series(1, 10) i`);
  await db.query(
    `INSERT INTO contacts (email, first_name, language, abc_class, store_id)
     SELECT 'r' || i || '@bench.test', 'C' || i, (ARRAY['en', 'de', 'hu', 'it', 'es'])[1 + i % 5], (ARRAY['A', 'B', 'C', NULL])[1 + i % 4],
            (SELECT id FROM stores ORDER BY code OFFSET i % 5 LIMIT 1)
     FROM generate_series(1, $1::int) i`,
    [members + held],
  );
  await db.query(`INSERT INTO campaign_plans (campaign_id, budget, expected_reached, expected_responses, expected_conversions, expected_revenue, holdout_percent) VALUES ($1, 50000, $2, $3, 1000, 250000, 10)`, [
    campaignId,
    members,
    Math.round(members / 4),
  ]);
  await db.query(`INSERT INTO campaign_planned_costs (campaign_id, channel, amount) VALUES ($1, 'email', 200), ($1, 'call', 5000), ($1, 'agency', 3000)`, [campaignId]);
  const runId = (
    await db.query<{ id: string }>(
      `INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id, started_at, status)
       SELECT gen_random_uuid(), c.id, c.flow_id, 1, 'bench-reports-' || gen_random_uuid(), now() - interval '20 days', 'completed' FROM campaigns c WHERE c.id = $1 RETURNING id`,
      [campaignId],
    )
  ).rows[0]!.id;
  await db.query(`CREATE TEMP TABLE bench_people AS SELECT id, row_number() OVER (ORDER BY email) AS n FROM contacts WHERE email LIKE '%@bench.test'`);
  const cohortId = (await db.query<{ id: string }>(`INSERT INTO cohorts (id, run_id, node_id) VALUES (gen_random_uuid(), $1, 'end') RETURNING id`, [runId])).rows[0]!.id;
  await db.query(`INSERT INTO campaign_members (run_id, contact_id, cohort_id, entered_at) SELECT $1, id, $2, now() - interval '20 days' FROM bench_people WHERE n <= $3`, [runId, cohortId, members]);
  await db.query(`INSERT INTO run_holdouts (run_id, contact_id) SELECT $1, id FROM bench_people WHERE n > $2`, [runId, members]);
  await db.query(`INSERT INTO member_steps (run_id, contact_id, node_id, outcome, at) SELECT $1, id, 'audience', 'out', now() - interval '20 days' FROM bench_people WHERE n <= $2`, [runId, members]);
  await db.query(`INSERT INTO run_node_counts (run_id, node_id, outcome, count) VALUES ($1, 'audience', 'out', $2), ($1, 'audience', 'held_out', $3), ($1, 'end', 'done', $2)`, [runId, members, held]);
  await db.query(
    `INSERT INTO messages (run_id, node_id, contact_id, arrival_id, channel, to_address, body_text, status, sent_at)
     SELECT $1, 'send', id, gen_random_uuid(), 'email', 'x@bench.test', 'Hello', 'sent', now() - interval '19 days' + (n % 72) * interval '1 hour' FROM bench_people WHERE n <= $2`,
    [runId, members],
  );
  await db.query(
    `INSERT INTO cost_entries (campaign_id, run_id, node_id, contact_id, channel, item, unit_amount, amount, currency, source_key, incurred_on)
     SELECT $1, m.run_id, m.node_id, m.contact_id, 'email', 'email', 0.0012, 0.0012, 'EUR', 'message:' || m.id, (m.sent_at AT TIME ZONE 'UTC')::date FROM messages m WHERE m.run_id = $2`,
    [campaignId, runId],
  );
  await db.query(`INSERT INTO cost_entries (campaign_id, channel, amount, currency, document_ref) VALUES ($1, 'agency', 2500, 'EUR', 'INV-BENCH')`, [campaignId]);
  // Opens for half, clicks on five links for a fifth, bounces for 1 %, unsubscribes for 0.5 %.
  await db.query(
    `INSERT INTO events (contact_id, run_id, message_id, type, data, at)
     SELECT m.contact_id, m.run_id, m.id, kind.type, CASE WHEN kind.type = 'click' THEN jsonb_build_object('index', (p.n / 5) % 5, 'url', 'https://shop.bench.test/' || (p.n / 5) % 5) ELSE '{}'::jsonb END,
            m.sent_at + interval '2 hours'
     FROM messages m JOIN bench_people p ON p.id = m.contact_id
     JOIN (VALUES ('open', 2), ('click', 5), ('bounce', 100), ('unsubscribe', 200)) AS kind(type, every) ON p.n % kind.every = 0
     WHERE m.run_id = $1`,
    [runId],
  );
  await db.query(
    `INSERT INTO tasks (type, run_id, node_id, contact_id, status, outcome, closed_at, closed_by)
     SELECT 'callback', $1, 'call', p.id, 'closed', (ARRAY['interested', 'no_answer', 'declined'])[1 + p.n % 3], now() - interval '10 days',
            (SELECT id FROM users WHERE email = 'agent' || (1 + p.n % 10) || '@bench.test')
     FROM bench_people p WHERE p.n <= $2 AND p.n % 20 = 0`,
    [runId, members],
  );
  await db.query(
    `INSERT INTO opportunities (title, contact_id, campaign_id, run_id, stage, probability, expected_revenue, actual_revenue, order_reference, loss_reason, created_at, closed_at)
     SELECT 'Bench', p.id, $1, $2, s.stage, 40, 100 + p.n % 900, CASE WHEN s.stage = 'won' THEN 90 + p.n % 800 END,
            CASE WHEN s.stage = 'won' THEN 'PO-' || p.n END, CASE WHEN s.stage = 'lost' THEN 'price' END, now() - interval '15 days', now() - interval '5 days'
     FROM bench_people p CROSS JOIN LATERAL (SELECT (ARRAY['prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost'])[1 + (p.n / GREATEST(1, $3 / 3000)) % 6] AS stage) s
     WHERE p.n <= $3 AND p.n % GREATEST(1, $3 / 3000) = 0`,
    [campaignId, runId, members],
  );
  await db.query(
    `INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount)
     SELECT 'BO-' || p.n, p.id, now() - interval '25 days' + (p.n % 30) * interval '1 day', 20 + p.n % 500 FROM bench_people p WHERE p.n % GREATEST(1, ($1::int + $1::int / 10) / 5000) = 0`,
    [members],
  );
  await db.query(
    `INSERT INTO rewards (run_id, node_id, contact_id, kind, value, currency) SELECT $1, 'reward', id, 'gift', 5, 'EUR' FROM bench_people WHERE n <= $2 AND n % GREATEST(1, $2 / 1000) = 0`,
    [runId, members],
  );
  await db.query(
    `INSERT INTO contact_events (contact_id, kind, title, campaign_id, run_id) SELECT id, (ARRAY['call', 'note', 'visit'])[1 + n % 3], 'Bench', $1, $2 FROM bench_people WHERE n <= $3 AND n % 10 = 0`,
    [campaignId, runId, members],
  );
  await db.query('DROP TABLE bench_people');
  await db.query('ANALYZE');
  return campaignId;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export async function benchReports(members: number): Promise<ReportBench> {
  const database = await createTestDatabase('cs_bench_reports');
  try {
    const db = database.db;
    const start = performance.now();
    const emptyId = await campaign(db, 'Empty campaign');
    const largeId = await generateLargeCampaign(db, members);
    const generateSeconds = (performance.now() - start) / 1000;
    const timings: ReportTiming[] = [];
    for (const id of REPORT_IDS) {
      const empty = await timed(() => runReport(db, id, { campaignId: emptyId }, ALL_CONTACTS));
      const large = await timed(() => runReport(db, id, { campaignId: largeId }, ALL_CONTACTS));
      timings.push({ report: id, emptyMs: empty.ms, largeMs: large.ms, rows: 'ok' in large.value ? large.value.ok.rows.length : -1 });
    }
    const emptyAnalysis = await timed(() => campaignAnalysis(db, emptyId));
    const largeAnalysis = await timed(() => campaignAnalysis(db, largeId));
    timings.push({ report: 'post-analysis (GET …/analysis)', emptyMs: emptyAnalysis.ms, largeMs: largeAnalysis.ms, rows: 1 });
    return { members, generateSeconds, timings };
  } finally {
    await database.drop();
  }
}
