/**
 * The budget owner's demo (issue 12): unit costs, and a FINISHED campaign with a plan, one
 * completed run of its own flow, a holdout, sent mails with opens and clicks, closed call-backs,
 * won and lost opportunities, sales orders of members and of held-out contacts inside the
 * attribution window, and costs booked through the real ledger code — so the budget screens
 * show real figures on a first `npm start`, every one traceable to rows.
 *
 * Set-based and deterministic like seed-demo-crm.ts: each choice is arithmetic on the demo
 * contact's number (the n of its ".n@example.com" address). Dates are relative to now: the run
 * happened two months ago, so its attribution window is closed and its figures are final.
 */
import { SYSTEM_ACTOR } from '../db/audit';
import { bookCallCosts, bookManualCost, bookMessageCosts } from '../db/cost-ledger';
import { HELD_OUT_OUTCOME, holdoutDrawSql } from '../db/holdouts';
import { RUN_COUNTER_NODE, ARRIVED_OUTCOME, messageIdSql } from '../db/cohorts';
import { inTransaction, type Db, type DbClient } from '../db/pool';
import { FINISHED_HANDLE, FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION, type FlowGraph } from '../flow/graph';
import type { AudienceNodeConfig } from '../flow/nodes/audience-config';
import { DEFAULT_OUTCOMES, type CallbackConfig } from '../flow/nodes/callback';
import type { ConvertConfig } from '../flow/nodes/convert';
import type { EndConfig } from '../flow/nodes/end';
import type { GenerateConfig } from '../flow/nodes/generate';
import type { SendConfig } from '../flow/nodes/send';
import type { WaitConfig } from '../flow/nodes/wait';
import { validateFlow } from '../flow/validate';
import { DEMO_TOPIC_CODES } from './seed-demo-crm-data';
import { DEMO_TEMPLATE_NAME } from './seed-demo-template';

export const DEMO_BUDGET_CAMPAIGN_CODE = 'AUT-NET';
export const DEMO_BUDGET_CAMPAIGN_NAME = 'Autumn network refresh';
export const DEMO_BUDGET_FLOW_NAME = 'Autumn network refresh — mail, then call the clickers';
/** The product the campaign promoted and its opportunities sold (seed-demo-crm-data.ts PRODUCTS). */
export const DEMO_BUDGET_PRODUCT_CODE = 'RT-500';
/** The agency's invoice, booked by hand as a budget owner would. */
export const DEMO_BUDGET_AGENCY_INVOICE = { documentRef: 'Brightline Creative invoice BC-0815', amount: '4800.00', note: 'Mail design, copy and the landing page' };

/** Unit costs valid from a year ago with no end: live runs the user starts book costs too. */
export const DEMO_UNIT_COSTS = [
  { item: 'email', amount: '0.002' },
  { item: 'sms_segment', amount: '0.06' },
  { item: 'letter_print', amount: '0.35' },
  { item: 'letter_postage', amount: '0.85' },
  { item: 'call', amount: '1.20' },
  { item: 'agent_minute', amount: '0.40' },
] as const;

/** The plan the budget owner set before the run. */
export const DEMO_BUDGET_PLAN = {
  budget: '8000.00',
  planned: { email: '5.00', call: '150.00', agency: '5000.00' },
  expectedReached: 220,
  expectedResponses: 110,
  expectedConversions: 20,
  expectedRevenue: '40000.00',
  attributionDays: 30,
  holdoutPercent: 10,
} as const;

/** Days before today the run started (its window, 30 days, closed a month ago). */
const RUN_DAYS_AGO = 60;

export interface DemoBudgetResult {
  campaignId: string;
  flowId: string;
  runId: string;
  members: number;
  heldOut: number;
  sent: number;
  calls: number;
  costLines: number;
}

/**
 * audience (subscribers of Offers with an e-mail) → generate → send → wait up to 7 days for a
 * click → clickers get a call by their store → interested: an opportunity for the router → end.
 * Those who did not click end as "no response"; "not interested" ends too.
 */
export function demoBudgetFlow(templateId: string, productId: string): FlowGraph {
  const audience: AudienceNodeConfig = {
    source: 'rules',
    rule: { op: 'and', rules: [{ field: 'email', operator: 'exists' }, { kind: 'subscribed', topic: DEMO_TOPIC_CODES.offers }] },
  };
  const generate: GenerateConfig = { templateId, channel: 'email' };
  const send: SendConfig = { channel: 'email', ratePerSecond: 50 };
  const clicked: WaitConfig = { mode: 'engagement', amount: 7, unit: 'days', events: ['click'] };
  const call: CallbackConfig = { script: '', questions: [], outcomes: DEFAULT_OUTCOMES, assignTo: 'store', dueInHours: 48, deadlineHours: 168, maxAttempts: 1 };
  const convert: ConvertConfig = { productId, stage: 'qualification' };
  const node = (id: string, type: string, config: object, x: number, y = 0) => ({ id, type, config: { ...config }, position: { x, y } });
  const edge = (source: string, handle: string, target: string) => ({ id: `${source}-${handle}-${target}`, source, sourceHandle: handle, target });
  const graph: FlowGraph = {
    type: FLOW_DOCUMENT_TYPE,
    version: FLOW_SCHEMA_VERSION,
    nodes: [
      node('audience', 'audience', audience, 0),
      node('generate', 'generate', generate, 280),
      node('send', 'send', send, 560),
      node('clicked', 'wait', clicked, 840),
      node('call', 'callback', call, 1120),
      node('convert', 'convert', convert, 1400),
      node('won', 'end', { finalStatus: 'opportunity' } satisfies EndConfig, 1680),
      node('quiet', 'end', { finalStatus: 'no response' } satisfies EndConfig, 1120, 260),
      node('declined', 'end', { finalStatus: 'not interested' } satisfies EndConfig, 1400, 260),
    ],
    edges: [
      edge('audience', 'out', 'generate'),
      edge('generate', 'ready', 'send'),
      edge('send', 'sent', 'clicked'),
      edge('clicked', 'engaged', 'call'),
      edge('clicked', 'timeout', 'quiet'),
      edge('call', 'interested', 'convert'),
      edge('call', 'not_interested', 'declined'),
      edge('convert', 'created', 'won'),
    ],
  };
  const problems = validateFlow(graph);
  if (problems.length > 0) throw new Error(`The demo budget flow is invalid: ${JSON.stringify(problems)}`);
  return graph;
}

/**
 * Seed the budget owner's demo after the rest of the demo committed (its own transaction: the
 * agency invoice goes through bookManualCost, which opens a transaction of its own). Undefined,
 * writing nothing, when unit costs or the campaign already exist, or when the CRM part (the
 * product, the Offers topic, the budget owner) is absent.
 */
export async function seedDemoBudget(db: Db): Promise<DemoBudgetResult | undefined> {
  const seeded = await inTransaction(db, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('campaign-studio:seed-demo-budget'))`);
    const { rows } = await client.query<{ used: boolean; productId: string | null; templateId: string | null; ownerId: string | null }>(
      `SELECT EXISTS (SELECT 1 FROM unit_costs) OR EXISTS (SELECT 1 FROM campaigns WHERE lower(code) = lower($1)) AS used,
              (SELECT id FROM products WHERE code = $2) AS "productId",
              (SELECT id FROM templates WHERE name = $3 ORDER BY created_at LIMIT 1) AS "templateId",
              (SELECT id FROM users WHERE role = 'budget_owner' ORDER BY email LIMIT 1) AS "ownerId"`,
      [DEMO_BUDGET_CAMPAIGN_CODE, DEMO_BUDGET_PRODUCT_CODE, DEMO_TEMPLATE_NAME],
    );
    const found = rows[0]!;
    if (found.used || !found.productId || !found.templateId || !found.ownerId) return undefined;
    await client.query('SET LOCAL jit = off');
    await seedUnitCosts(client);
    const ids = await seedCampaign(client, { productId: found.productId, templateId: found.templateId, ownerId: found.ownerId });
    return { ...ids, ...(await seedRun(client, ids.runId)) };
  });
  if (!seeded) return undefined;
  const agency = await bookManualCost(db, SYSTEM_ACTOR, {
    campaignId: seeded.campaignId,
    channel: 'agency',
    amount: DEMO_BUDGET_AGENCY_INVOICE.amount,
    documentRef: DEMO_BUDGET_AGENCY_INVOICE.documentRef,
    note: DEMO_BUDGET_AGENCY_INVOICE.note,
    incurredOn: seeded.startedOn,
    runId: seeded.runId,
  });
  if (!('ok' in agency)) throw new Error(`The demo agency invoice was refused: ${JSON.stringify(agency.refused)}`);
  const { startedOn: _startedOn, ...result } = seeded;
  return { ...result, costLines: result.costLines + 1 };
}

async function seedUnitCosts(client: DbClient): Promise<void> {
  await client.query(
    `INSERT INTO unit_costs (item, amount, currency, valid_from)
     SELECT x.item, x.amount, 'EUR', current_date - 365 FROM jsonb_to_recordset($1::jsonb) AS x(item text, amount numeric)`,
    [JSON.stringify(DEMO_UNIT_COSTS)],
  );
}

/** The flow, the campaign (valid around the run, in the past) and its plan with planned costs. */
async function seedCampaign(client: DbClient, refs: { productId: string; templateId: string; ownerId: string }): Promise<{ campaignId: string; flowId: string; runId: string }> {
  const flow = await client.query<{ id: string }>('INSERT INTO flows (name) VALUES ($1) RETURNING id', [DEMO_BUDGET_FLOW_NAME]);
  const flowId = flow.rows[0]!.id;
  await client.query('INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, $2)', [flowId, JSON.stringify(demoBudgetFlow(refs.templateId, refs.productId))]);
  const campaign = await client.query<{ id: string }>(
    `INSERT INTO campaigns (name, code, kind, goal, flow_id, topic_id, mail_purpose, default_language, valid_from, valid_to, product_id, owner_id, created_at)
     VALUES ($1, $2, 'direct', $3, $4, (SELECT id FROM topics WHERE code = $5), 'marketing', 'en',
             current_date - ($7::int + 5), current_date - ($7::int - 35), $6, $8, now() - make_interval(days => $7::int + 10))
     RETURNING id`,
    [
      DEMO_BUDGET_CAMPAIGN_NAME,
      DEMO_BUDGET_CAMPAIGN_CODE,
      'Sell business routers to Offers subscribers: mail everyone, call those who click',
      flowId,
      DEMO_TOPIC_CODES.offers,
      refs.productId,
      RUN_DAYS_AGO,
      refs.ownerId,
    ],
  );
  const campaignId = campaign.rows[0]!.id;
  const plan = DEMO_BUDGET_PLAN;
  await client.query(
    `INSERT INTO campaign_plans (campaign_id, currency, budget, expected_reached, expected_responses, expected_conversions, expected_revenue,
       attribution_days, holdout_percent, updated_at)
     VALUES ($1, 'EUR', $2, $3, $4, $5, $6, $7, $8, now() - make_interval(days => $9::int + 7))`,
    [campaignId, plan.budget, plan.expectedReached, plan.expectedResponses, plan.expectedConversions, plan.expectedRevenue, plan.attributionDays, plan.holdoutPercent, RUN_DAYS_AGO],
  );
  await client.query(
    `INSERT INTO campaign_planned_costs (campaign_id, channel, amount) SELECT $1, key, value::numeric FROM jsonb_each_text($2::jsonb)`,
    [campaignId, JSON.stringify(plan.planned)],
  );
  // The run's id decides its holdout (md5 of run and contact, db/holdouts.ts). With ~20 contacts
  // held out, one big business order that happened to fall in the window swamps the comparison;
  // the demo is meant to show a campaign that worked, so of a fixed list of candidate ids it takes
  // the first whose holdout did not buy more per head than the members in the window anyway.
  const run = await client.query<{ id: string }>(
    `WITH start AS (SELECT date_trunc('day', now()) - make_interval(days => $3::int) + interval '9 hours' AS at),
     audience AS (
       SELECT c.id, coalesce((SELECT sum(o.total_amount) FROM sales_orders o WHERE o.contact_id = c.id
                              AND o.ordered_at >= start.at AND o.ordered_at < start.at + make_interval(days => $5::int)), 0) AS usual
       FROM ${audienceSql('$4')} CROSS JOIN start
     ), drawn AS (
       SELECT k, md5('campaign-studio:demo-budget-run:' || k)::uuid AS id FROM generate_series(0, 99) AS k
     ), compared AS (
       SELECT d.k, d.id, avg(a.usual) FILTER (WHERE held) AS held_usual, avg(a.usual) FILTER (WHERE NOT held) AS member_usual
       FROM drawn d CROSS JOIN audience a CROSS JOIN LATERAL (SELECT ${holdoutDrawSql('d.id', 'a.id')} * 100 < $6::numeric AS held) h
       GROUP BY d.k, d.id
     ), chosen AS (
       SELECT id FROM compared ORDER BY (held_usual IS NOT NULL AND held_usual <= member_usual) DESC, k LIMIT 1
     )
     INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id, status, started_at, ended_at)
     SELECT chosen.id, $1, $2, 1, 'campaign-run-' || chosen.id, 'completed', start.at, start.at + interval '14 days'
     FROM chosen CROSS JOIN start
     RETURNING id`,
    [campaignId, flowId, RUN_DAYS_AGO, DEMO_TOPIC_CODES.offers, DEMO_BUDGET_PLAN.attributionDays, DEMO_BUDGET_PLAN.holdoutPercent],
  );
  return { campaignId, flowId, runId: run.rows[0]!.id };
}

/** SQL: the contacts the flow's audience selects (an e-mail, subscribed to the topic coded `topic`), as `c`. */
function audienceSql(topic: string): string {
  return `(SELECT c.* FROM contacts c JOIN subscriptions sub ON sub.contact_id = c.id AND sub.status = 'subscribed'
     JOIN topics t ON t.id = sub.topic_id AND t.code = ${topic} WHERE c.email IS NOT NULL) AS c`;
}

/** The flow's edges (source, handle → target; none = the journey ends there), for counters and cohorts. */
const EDGES_SQL = `(VALUES ('audience', 'out', 'generate'), ('generate', 'ready', 'send'), ('generate', 'suppressed', NULL),
  ('send', 'sent', 'clicked'), ('clicked', 'engaged', 'call'), ('clicked', 'timeout', 'quiet'), ('call', 'interested', 'convert'),
  ('call', 'not_interested', 'declined'), ('call', 'no_answer', NULL), ('convert', 'created', 'won'),
  ('won', '${FINISHED_HANDLE}', NULL), ('quiet', '${FINISHED_HANDLE}', NULL), ('declined', '${FINISHED_HANDLE}', NULL))
  AS edge(source, handle, target)`;

/**
 * The completed run: audience with its holdout, the members' steps, counters and final cohorts,
 * mails sent with opens and clicks, call-backs closed, opportunities, sales orders in the window,
 * and the costs booked by the ledger's own functions. $1 is the run everywhere.
 */
async function seedRun(client: DbClient, runId: string): Promise<Omit<DemoBudgetResult, 'campaignId' | 'flowId' | 'runId'> & { startedOn: string }> {
  // The audience as the snapshot selects it (db/segments: e-mail + subscribed to Offers), each
  // contact numbered by its demo address and drawn for the holdout as activities/audience.ts does.
  await client.query(
    `CREATE TEMP TABLE demo_budget_selected ON COMMIT DROP AS
     SELECT c.id AS contact_id, c.email, c.store_id, c.owner_id, c.company_id, c.customer_code IS NOT NULL AS customer,
            coalesce((regexp_match(c.email, '\\.(\\d+)@'))[1]::int, 0) AS n,
            ${holdoutDrawSql('$1', 'c.id')} * 100 < $2::numeric AS held,
            EXISTS (SELECT 1 FROM suppressions s WHERE s.channel = 'email' AND lower(s.address) = lower(c.email)) AS suppressed
     FROM ${audienceSql('$3')}`,
    [runId, DEMO_BUDGET_PLAN.holdoutPercent, DEMO_TOPIC_CODES.offers],
  );
  const { rows: startRows } = await client.query<{ startedAt: Date; startedOn: string }>(
    `SELECT started_at AS "startedAt", to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "startedOn" FROM campaign_runs WHERE id = $1`,
    [runId],
  );
  const startedOn = startRows[0]!.startedOn;
  await client.query(`INSERT INTO run_holdouts (run_id, contact_id, held_at) SELECT $1, contact_id, r.started_at FROM demo_budget_selected
     CROSS JOIN campaign_runs r WHERE r.id = $1 AND held`, [runId]);

  // Each member's journey: the step out of every node it passed, with when. Mailed at start +
  // 10 min (+ n s); 6 in 10 open within two days, 2 in 10 click (numbers ending in 1 and 2: those
  // ending in 0 or 5 never took Offers); clickers are called 2–4 days after the mail: half are
  // interested, a quarter not, a quarter do not answer.
  await client.query(
    `CREATE TEMP TABLE demo_budget_member ON COMMIT DROP AS
     SELECT s.*, r.started_at AS entered_at, r.started_at + interval '10 minutes' + make_interval(secs => s.n) AS sent_at,
            NOT s.suppressed AND s.n % 10 BETWEEN 1 AND 6 AS opened, NOT s.suppressed AND s.n % 10 IN (1, 2) AS clicked,
            CASE WHEN s.suppressed OR s.n % 10 NOT IN (1, 2) THEN NULL WHEN s.n % 20 IN (1, 2) THEN 'interested'
                 WHEN s.n % 20 = 11 THEN 'not_interested' ELSE 'no_answer' END AS call_outcome,
            ${messageIdSql("md5($1::uuid::text || ':generate')::uuid", 's.contact_id')} AS message_id
     FROM demo_budget_selected s CROSS JOIN campaign_runs r WHERE r.id = $1 AND NOT s.held`,
    [runId],
  );
  await client.query(
    `CREATE TEMP TABLE demo_budget_step ON COMMIT DROP AS
     SELECT m.contact_id, x.node_id, x.outcome, x.at
     FROM demo_budget_member m
     CROSS JOIN LATERAL (
       SELECT m.sent_at + make_interval(hours => m.n % 48) AS opened_at,
              m.sent_at + make_interval(days => 2 + m.n % 3, hours => 1) AS called_at
     ) t
     CROSS JOIN LATERAL (VALUES
       ('audience', 'out', m.entered_at, true),
       ('generate', CASE WHEN m.suppressed THEN 'suppressed' ELSE 'ready' END, m.entered_at + interval '5 minutes', true),
       ('send', 'sent', m.sent_at, NOT m.suppressed),
       ('clicked', CASE WHEN m.clicked THEN 'engaged' ELSE 'timeout' END,
          CASE WHEN m.clicked THEN t.opened_at + interval '5 minutes' ELSE m.sent_at + interval '7 days' END, NOT m.suppressed),
       ('quiet', '${FINISHED_HANDLE}', m.sent_at + interval '7 days 1 second', NOT m.suppressed AND NOT m.clicked),
       ('call', m.call_outcome, t.called_at, m.call_outcome IS NOT NULL),
       ('declined', '${FINISHED_HANDLE}', t.called_at + interval '1 second', m.call_outcome = 'not_interested'),
       ('convert', 'created', t.called_at + interval '1 minute', m.call_outcome = 'interested'),
       ('won', '${FINISHED_HANDLE}', t.called_at + interval '1 minute 1 second', m.call_outcome = 'interested')
     ) AS x(node_id, outcome, at, taken)
     WHERE x.taken`,
  );
  await client.query(`INSERT INTO member_steps (run_id, contact_id, node_id, outcome, at) SELECT $1, contact_id, node_id, outcome, at FROM demo_budget_step`, [runId]);

  // One cohort per output of the flow (where members go by it), as the interpreter allocates them.
  await client.query(
    `INSERT INTO cohorts (id, run_id, node_id, source_node_id, source_handle, created_at)
     SELECT gen_random_uuid(), $1, edge.target, edge.source, edge.handle, r.started_at FROM ${EDGES_SQL} CROSS JOIN campaign_runs r WHERE r.id = $1`,
    [runId],
  );
  // Each member sits in the cohort its last step put it in, with the final status of its End.
  await client.query(
    `INSERT INTO campaign_members (run_id, contact_id, cohort_id, status, entered_at, updated_at, message_id)
     SELECT $1, m.contact_id, co.id,
            CASE last.node_id WHEN 'won' THEN 'opportunity' WHEN 'quiet' THEN 'no response' WHEN 'declined' THEN 'not interested' ELSE 'active' END,
            m.entered_at, last.at, CASE WHEN m.suppressed THEN NULL ELSE m.message_id END
     FROM demo_budget_member m
     CROSS JOIN LATERAL (SELECT s.node_id, s.outcome, s.at FROM demo_budget_step s WHERE s.contact_id = m.contact_id ORDER BY s.at DESC LIMIT 1) last
     JOIN cohorts co ON co.run_id = $1 AND co.source_node_id = last.node_id AND co.source_handle = last.outcome`,
    [runId],
  );
  // The counters the statements that move members keep (db/cohorts.ts countMovesSql): each
  // node's outcomes, arrivals at the next node ('@in'), and the run's members, finished, held out.
  await client.query(
    `INSERT INTO run_node_counts (run_id, node_id, outcome, count)
     SELECT $1, node_id, outcome, sum(count) FROM (
       SELECT s.node_id, s.outcome, count(*) AS count FROM demo_budget_step s GROUP BY 1, 2
       UNION ALL
       SELECT coalesce(edge.target, '${RUN_COUNTER_NODE}'), CASE WHEN edge.target IS NULL THEN 'finished' ELSE '${ARRIVED_OUTCOME}' END, count(*)
       FROM demo_budget_step s JOIN ${EDGES_SQL} ON edge.source = s.node_id AND edge.handle = s.outcome GROUP BY 1, 2
       UNION ALL
       SELECT '${RUN_COUNTER_NODE}', 'members', count(*) FROM demo_budget_member
       UNION ALL
       SELECT x.node_id, '${HELD_OUT_OUTCOME}', count(*) FROM demo_budget_selected CROSS JOIN (VALUES ('audience'), ('${RUN_COUNTER_NODE}')) AS x(node_id)
       WHERE held GROUP BY 1
     ) counts WHERE count > 0 GROUP BY node_id, outcome`,
    [runId],
  );

  // The mails as generate rendered and send sent them (the Welcome template's English words,
  // shortened), then what the tracking routes would have recorded.
  const sent = await client.query<{ id: string }>(
    `INSERT INTO messages (id, arrival_id, run_id, node_id, contact_id, channel, to_address, subject, body_text, status, attempts,
       created_at, updated_at, first_attempt_at, sent_at, provider_id, language, marketing)
     SELECT m.message_id, md5($1::uuid::text || ':generate')::uuid, $1, 'generate', m.contact_id, 'email', m.email,
            'Autumn offer: a business router for your office', 'Our business router is on offer this autumn. Reply or click to hear more.',
            'sent', 1, m.entered_at + interval '5 minutes', m.sent_at, m.sent_at, m.sent_at, '<' || m.message_id || '@campaign-studio.demo>', 'en', true
     FROM demo_budget_member m WHERE NOT m.suppressed
     RETURNING id`,
    [runId],
  );
  await client.query(
    `INSERT INTO events (contact_id, run_id, message_id, type, data, at)
     SELECT m.contact_id, $1, m.message_id, x.type, x.data, m.sent_at + make_interval(hours => m.n % 48) + x.after
     FROM demo_budget_member m
     CROSS JOIN LATERAL (VALUES ('open', '{}'::jsonb, interval '0', m.opened),
       ('click', jsonb_build_object('index', 0, 'url', 'https://shop.example.com/routers/rt-500'), interval '5 minutes', m.clicked)) AS x(type, data, after, happened)
     WHERE x.happened`,
    [runId],
  );

  // The call-backs of the clickers, closed by their store's agent with the outcome of their step.
  const tasks = await client.query<{ id: string }>(
    `INSERT INTO tasks (type, run_id, node_id, contact_id, assignee, store, due_at, attempts, status, outcome, answers, notes, created_at,
       closed_at, closed_by, arrival_id, routed_at, deadline_at)
     SELECT 'callback', $1, 'call', m.contact_id, u.id, m.store_id, s.at - interval '1 hour', 1, 'closed', m.call_outcome, '{}'::jsonb,
            CASE m.call_outcome WHEN 'interested' THEN 'Wants a quote for the router' WHEN 'not_interested' THEN 'Happy with their current router' END,
            c.at, s.at, u.id, md5($1::uuid::text || ':call')::uuid, s.at, c.at + interval '168 hours'
     FROM demo_budget_member m
     JOIN demo_budget_step s ON s.contact_id = m.contact_id AND s.node_id = 'call'
     JOIN demo_budget_step c ON c.contact_id = m.contact_id AND c.node_id = 'clicked'
     LEFT JOIN LATERAL (SELECT id FROM users WHERE store_id = m.store_id AND role = 'agent' ORDER BY email LIMIT 1) u ON true
     RETURNING id`,
    [runId],
  );

  // Opportunities of the interested: customers mostly bought (won, with the order it produced,
  // 10 days after the call, inside the window); the others had no budget (lost).
  await client.query(
    `CREATE TEMP TABLE demo_budget_deal ON COMMIT DROP AS
     SELECT m.contact_id, m.n, m.customer AND m.n % 40 <> 21 AS won, m.company_id, m.store_id, m.owner_id, s.at AS created_at, s.at + interval '10 days' AS closed_at,
            1 + m.n % 3 AS quantity, p.id AS product_id, p.family, i.price,
            'AUT-' || to_char(s.at, 'YYYY') || '-' || lpad(m.n::text, 4, '0') AS order_number
     FROM demo_budget_member m JOIN demo_budget_step s ON s.contact_id = m.contact_id AND s.node_id = 'convert'
     JOIN products p ON p.code = $1
     CROSS JOIN LATERAL (SELECT coalesce((SELECT i.price FROM price_list_items i WHERE i.product_id = p.id LIMIT 1), 459) AS price) i`,
    [DEMO_BUDGET_PRODUCT_CODE],
  );
  // Orders: the won deals', other members' who bought within the window (every third customer
  // among them, one or two routers), and a few held-out customers' (every sixth, and the first, one router) —
  // the holdout buys too, only less.
  await client.query(
    `WITH planned AS (
       SELECT d.contact_id, d.company_id, d.store_id, d.closed_at AS ordered_at, d.order_number, d.product_id, d.family, d.quantity, d.price
       FROM demo_budget_deal d WHERE d.won
       UNION ALL
       SELECT m.contact_id, m.company_id, m.store_id, m.sent_at + make_interval(days => 3 + m.n % 20), 'AUT-M-' || lpad(m.n::text, 4, '0'),
              p.id, p.family, 1 + m.n % 2, coalesce((SELECT i.price FROM price_list_items i WHERE i.product_id = p.id LIMIT 1), 459)
       FROM demo_budget_member m JOIN products p ON p.code = $2
       WHERE m.customer AND NOT m.suppressed AND m.n % 3 = 0 AND NOT EXISTS (SELECT 1 FROM demo_budget_deal d WHERE d.contact_id = m.contact_id)
       UNION ALL
       SELECT h.contact_id, h.company_id, h.store_id, r.started_at + make_interval(days => 4 + h.n % 20), 'AUT-H-' || lpad(h.n::text, 4, '0'),
              p.id, p.family, 1, coalesce((SELECT i.price FROM price_list_items i WHERE i.product_id = p.id LIMIT 1), 459)
       FROM demo_budget_selected h CROSS JOIN campaign_runs r JOIN products p ON p.code = $2
       WHERE r.id = $1 AND h.held AND h.customer
         AND (h.n % 6 = 1 OR h.n = (SELECT min(n) FROM demo_budget_selected WHERE held AND customer))
     ), orders AS (
       INSERT INTO sales_orders (order_number, contact_id, company_id, store_id, ordered_at, total_amount, created_at)
       SELECT order_number, contact_id, company_id, store_id, ordered_at, quantity * price, ordered_at FROM planned
       RETURNING id, order_number
     )
     INSERT INTO sales_lines (order_id, line_no, product_id, family, quantity, amount)
     SELECT o.id, 1, p.product_id, p.family, p.quantity, p.quantity * p.price FROM planned p JOIN orders o USING (order_number)`,
    [runId, DEMO_BUDGET_PRODUCT_CODE],
  );
  await client.query(
    `INSERT INTO opportunities (title, contact_id, company_id, campaign_id, run_id, node_id, owner_id, goal, stage, probability, expected_revenue,
       actual_revenue, expected_close, order_id, order_reference, loss_reason, closed_at, created_at, updated_at)
     SELECT $2 || ' — ' || coalesce(co.name, c.first_name || ' ' || c.last_name), d.contact_id, d.company_id, r.campaign_id, $1, 'convert',
            coalesce(d.owner_id, (SELECT id FROM users WHERE store_id = d.store_id AND role = 'agent' ORDER BY email LIMIT 1)),
            'Business router for the office', CASE WHEN d.won THEN 'won' ELSE 'lost' END, CASE WHEN d.won THEN 100 ELSE 0 END,
            d.quantity * d.price, CASE WHEN d.won THEN o.total_amount END, (d.created_at + interval '14 days')::date,
            o.id, o.order_number, CASE WHEN d.won THEN NULL ELSE 'No budget this year' END, d.closed_at, d.created_at, d.closed_at
     FROM demo_budget_deal d JOIN contacts c ON c.id = d.contact_id LEFT JOIN companies co ON co.id = d.company_id
     LEFT JOIN sales_orders o ON o.order_number = d.order_number AND d.won
     CROSS JOIN campaign_runs r WHERE r.id = $1`,
    [runId, DEMO_BUDGET_CAMPAIGN_NAME],
  );

  // Costs through the ledger's own booking: one line per sent mail (on the send step, as the send
  // activity books it), one per closed call.
  const messageIds = sent.rows.map((row) => row.id);
  const taskIds = tasks.rows.map((row) => row.id);
  const costLines = (await bookMessageCosts(client, messageIds, 'send')) + (await bookCallCosts(client, taskIds));
  const { rows: counts } = await client.query<{ members: number; held: number }>(
    `SELECT (SELECT count(*)::int FROM demo_budget_member) AS members, (SELECT count(*)::int FROM demo_budget_selected WHERE held) AS held`,
  );
  return { members: counts[0]!.members, heldOut: counts[0]!.held, sent: messageIds.length, calls: taskIds.length, costLines, startedOn };
}
