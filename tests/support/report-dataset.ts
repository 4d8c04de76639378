import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/pool';
import { graphOf } from './campaign-harness';
import { seatMembers } from './node-batches';

/**
 * A small campaign whose every report figure can be worked out by hand (tests/integration/
 * reports.test.ts and analysis-export.test.ts write the figures out from these rows):
 *
 * Stores North and South. Contacts (language, ABC, store): c1 en A North, c2 en B North,
 * c3 hu A South, c4 hu – South, c5 it C –, c6 en B North (held out).
 * Plan: EUR, budget 100.00, planned e-mail 10.00 and call 20.00, expects reached 5, responses 4,
 * conversions 2, revenue 500.00, attribution 30 days.
 * One run started T0 (2026-03-02 08:00 UTC): members c1–c5 entered through the audience, c6 held out.
 * Mails sent at T0+1h to c1–c4; c5 called (closed by agent Ana, outcome 'interested').
 * Events: c1 opens twice on day 1; day 2 c1 clicks A, c2 opens, c3 clicks A and B; c4 bounces on
 * day 1; c2 unsubscribes on day 3.
 * Costs: e-mail 0.25 × 4, call 5.00, reward 5.00, agency invoice 10.00 (no contact) = 21.00.
 * Opportunities of the run: c1 won (expected 300.00, actual 250.00, probability 100), c3 proposal
 * (expected 100.00, probability 50). Orders: c2 40.00 at T0+5d (in its window), c1 20.00 at T0−1d
 * (before), c6 30.00 at T0+4d (holdout). A gift of 5.00 to c1. Contact events: c1 'call' twice,
 * c2 'note'.
 */
export interface ReportDataset {
  campaignId: string;
  campaignName: string;
  emptyCampaignId: string;
  runId: string;
  storeNorth: string;
  storeSouth: string;
  contacts: string[];
  agentName: string;
}

export const T0 = '2026-03-02T08:00:00Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();

export const LINK_A = 'https://shop.example.test/offer';
/** A link whose text a spreadsheet would run as a formula: the CSV must neutralise it. */
export const LINK_B = '=HYPERLINK("https://evil.example.test")';

const flow = graphOf(
  [
    { id: 'audience', type: 'audience', config: { match: 'all', rules: [] } },
    { id: 'end', type: 'end', config: { finalStatus: 'done' } },
  ],
  ['audience:out->end'],
);

async function insertCampaign(db: Db, name: string): Promise<{ campaignId: string; flowId: string }> {
  const flowId = (await db.query<{ id: string }>(`INSERT INTO flows (name) VALUES ($1) RETURNING id`, [`${name} flow`])).rows[0]!.id;
  await db.query('INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, $2)', [flowId, JSON.stringify(flow)]);
  const campaignId = (await db.query<{ id: string }>(`INSERT INTO campaigns (name, flow_id, mail_purpose) VALUES ($1, $2, 'service') RETURNING id`, [name, flowId])).rows[0]!.id;
  return { campaignId, flowId };
}

export async function seedReportDataset(db: Db): Promise<ReportDataset> {
  const store = async (code: string, name: string) => (await db.query<{ id: string }>('INSERT INTO stores (code, name) VALUES ($1, $2) RETURNING id', [code, name])).rows[0]!.id;
  const storeNorth = await store(`N-${randomUUID().slice(0, 6)}`, 'North');
  const storeSouth = await store(`S-${randomUUID().slice(0, 6)}`, 'South');
  const people: [string, string | null, string | null][] = [
    ['en', 'A', storeNorth],
    ['en', 'B', storeNorth],
    ['hu', 'A', storeSouth],
    ['hu', null, storeSouth],
    ['it', 'C', null],
    ['en', 'B', storeNorth],
  ];
  const contacts: string[] = [];
  for (const [index, [language, abc, storeId]] of people.entries()) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO contacts (email, first_name, language, abc_class, store_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [`report${index + 1}-${randomUUID().slice(0, 6)}@example.test`, `C${index + 1}`, language, abc, storeId],
    );
    contacts.push(rows[0]!.id);
  }
  const [c1, c2, c3, c4, c5, c6] = contacts as [string, string, string, string, string, string];

  const campaignName = 'Spring offer';
  const { campaignId, flowId } = await insertCampaign(db, campaignName);
  const empty = await insertCampaign(db, 'Nothing yet');
  await db.query(
    `INSERT INTO campaign_plans (campaign_id, currency, budget, expected_reached, expected_responses, expected_conversions, expected_revenue, attribution_days)
     VALUES ($1, 'EUR', 100, 5, 4, 2, 500, 30)`,
    [campaignId],
  );
  await db.query(`INSERT INTO campaign_planned_costs (campaign_id, channel, amount) VALUES ($1, 'email', 10), ($1, 'call', 20)`, [campaignId]);

  const runId = randomUUID();
  await db.query(`INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id, started_at, status) VALUES ($1, $2, $3, 1, $4, $5, 'completed')`, [
    runId,
    campaignId,
    flowId,
    `report-${runId}`,
    T0,
  ]);
  const members = [c1, c2, c3, c4, c5];
  await seatMembers(db, runId, 'end', members);
  await db.query('UPDATE campaign_members SET entered_at = $2 WHERE run_id = $1', [runId, T0]);
  await db.query('INSERT INTO run_holdouts (run_id, contact_id) VALUES ($1, $2)', [runId, c6]);
  await db.query(`INSERT INTO member_steps (run_id, contact_id, node_id, outcome, at) SELECT $1, unnest($2::uuid[]), 'audience', 'out', $3`, [runId, members, T0]);
  await db.query(`INSERT INTO member_steps (run_id, contact_id, node_id, outcome, at) SELECT $1, unnest($2::uuid[]), 'end', 'done', $3`, [runId, members, at(48)]);
  await db.query(`INSERT INTO run_node_counts (run_id, node_id, outcome, count) VALUES ($1, 'audience', 'out', 5), ($1, 'audience', 'held_out', 1), ($1, 'end', '@in', 5), ($1, 'end', 'done', 5)`, [runId]);

  const messageIds = new Map<string, string>();
  for (const contact of [c1, c2, c3, c4]) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO messages (run_id, node_id, contact_id, arrival_id, channel, to_address, body_text, status, sent_at)
       VALUES ($1, 'send', $2, gen_random_uuid(), 'email', 'x@example.test', 'Hello', 'sent', $3) RETURNING id`,
      [runId, contact, at(1)],
    );
    messageIds.set(contact, rows[0]!.id);
    await db.query(
      `INSERT INTO cost_entries (campaign_id, run_id, node_id, contact_id, channel, item, quantity, unit_amount, amount, currency, source_key, incurred_on)
       VALUES ($1, $2, 'send', $3, 'email', 'email', 1, 0.25, 0.25, 'EUR', $4, '2026-03-02')`,
      [campaignId, runId, contact, `message:${rows[0]!.id}`],
    );
  }
  const event = (contact: string, type: string, hours: number, data: Record<string, unknown> = {}) =>
    db.query('INSERT INTO events (contact_id, run_id, message_id, type, data, at) VALUES ($1, $2, $3, $4, $5, $6)', [contact, runId, messageIds.get(contact) ?? null, type, data, at(hours)]);
  await event(c1, 'open', 2);
  await event(c1, 'open', 3);
  await event(c4, 'bounce', 1.5, { reply: '550 no such user' });
  await event(c1, 'click', 26, { index: 0, url: LINK_A });
  await event(c2, 'open', 27);
  await event(c3, 'click', 28, { index: 0, url: LINK_A });
  await event(c3, 'click', 29, { index: 1, url: LINK_B });
  await event(c2, 'unsubscribe', 50, { source: 'one-click' });

  const agentName = 'Ana Agent';
  const agent = (await db.query<{ id: string }>(`INSERT INTO users (email, name, role) VALUES ($1, $2, 'agent') RETURNING id`, [`ana-${randomUUID().slice(0, 6)}@example.test`, agentName])).rows[0]!.id;
  const task = (
    await db.query<{ id: string }>(
      `INSERT INTO tasks (type, run_id, node_id, contact_id, status, outcome, closed_at, closed_by, assignee) VALUES ('callback', $1, 'call', $2, 'closed', 'interested', $3, $4, $4) RETURNING id`,
      [runId, c5, at(40), agent],
    )
  ).rows[0]!.id;
  await db.query(
    `INSERT INTO cost_entries (campaign_id, run_id, node_id, contact_id, channel, item, amount, currency, source_key, incurred_on) VALUES ($1, $2, 'call', $3, 'call', 'call', 5, 'EUR', $4, '2026-03-03')`,
    [campaignId, runId, c5, `call:${task}`],
  );
  await db.query(
    `INSERT INTO cost_entries (campaign_id, channel, amount, currency, document_ref, incurred_on) VALUES ($1, 'agency', 10, 'EUR', 'INV-2026-031', '2026-03-01')`,
    [campaignId],
  );
  const reward = (
    await db.query<{ id: string }>(`INSERT INTO rewards (run_id, node_id, contact_id, kind, value, currency, granted_at) VALUES ($1, 'reward', $2, 'gift', 5, 'EUR', $3) RETURNING id`, [runId, c1, at(72)])
  ).rows[0]!.id;
  await db.query(
    `INSERT INTO cost_entries (campaign_id, run_id, node_id, contact_id, channel, item, amount, currency, source_key, incurred_on) VALUES ($1, $2, 'reward', $3, 'reward', 'gift', 5, 'EUR', $4, '2026-03-05')`,
    [campaignId, runId, c1, `reward:${reward}`],
  );

  await db.query(
    `INSERT INTO opportunities (title, contact_id, campaign_id, run_id, stage, probability, expected_revenue, actual_revenue, order_reference, created_at, closed_at)
     VALUES ('Kit', $1, $2, $3, 'won', 100, 300, 250, 'PO-1', $4, $5), ('Kit', $6, $2, $3, 'proposal', 50, 100, NULL, NULL, $4, NULL)`,
    [c1, campaignId, runId, at(48), at(72), c3],
  );
  const order = (contact: string, amount: string, hours: number) =>
    db.query(`INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount, currency) VALUES (gen_random_uuid()::text, $1, $2, $3, 'EUR')`, [contact, at(hours), amount]);
  await order(c2, '40.00', 5 * 24);
  await order(c1, '20.00', -24);
  await order(c6, '30.00', 4 * 24);

  await db.query(
    `INSERT INTO contact_events (contact_id, kind, title, campaign_id, run_id, occurred_at) VALUES ($1, 'call', 'Called', $3, $4, $5), ($1, 'call', 'Called again', $3, $4, $5), ($2, 'note', 'Asked for a brochure', $3, $4, $5)`,
    [c1, c2, campaignId, runId, at(30)],
  );
  return { campaignId, campaignName, emptyCampaignId: empty.campaignId, runId, storeNorth, storeSouth, contacts, agentName };
}
