import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignAttribution, generalBusinessResult, runAttribution } from '../../db/attribution';
import type { Db } from '../../db/pool';
import { graphOf, seedContacts, taggedContacts } from '../support/campaign-harness';
import { recordBenchRun, seatMembers } from '../support/node-batches';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/** Every instant of the direct campaign's dataset is T0 + so many hours: nothing depends on today. */
const T0 = '2026-03-01T00:00:00Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * 3_600_000).toISOString();
const day = 24;

const flow = graphOf(
  [
    { id: 'audience', type: 'audience', config: { match: 'all', rules: [] } },
    { id: 'end', type: 'end', config: { finalStatus: 'done' } },
  ],
  ['audience:out->end'],
);

async function campaignOf(db: Db, runId: string): Promise<{ campaignId: string; flowId: string }> {
  return (await db.query<{ campaignId: string; flowId: string }>('SELECT campaign_id AS "campaignId", flow_id AS "flowId" FROM campaign_runs WHERE id = $1', [runId])).rows[0]!;
}

/** A run of the campaign started at `startedAt`, whose members entered then. */
async function runOf(db: Db, campaign: { campaignId: string; flowId: string }, startedAt: string, members: string[]): Promise<string> {
  const runId = randomUUID();
  await db.query(`INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id, started_at, status) VALUES ($1, $2, $3, 1, $4, $5, 'completed')`, [
    runId,
    campaign.campaignId,
    campaign.flowId,
    `attribution-${runId}`,
    startedAt,
  ]);
  await enter(db, runId, members, startedAt);
  return runId;
}

async function enter(db: Db, runId: string, contactIds: string[], enteredAt: string): Promise<void> {
  await seatMembers(db, runId, 'end', contactIds);
  await db.query('UPDATE campaign_members SET entered_at = $3 WHERE run_id = $1 AND contact_id = ANY($2::uuid[])', [runId, contactIds, enteredAt]);
}

async function order(db: Db, who: { contactId?: string; companyId?: string }, amount: string, orderedAt: string, currency = 'EUR'): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO sales_orders (order_number, contact_id, company_id, ordered_at, total_amount, currency) VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5) RETURNING id`,
    [who.contactId ?? null, who.companyId ?? null, orderedAt, amount, currency],
  );
  return rows[0]!.id;
}

async function mailed(db: Db, runId: string, contactId: string, sentAt: string, nodeId = 'send'): Promise<void> {
  await db.query(
    `INSERT INTO messages (run_id, node_id, contact_id, arrival_id, channel, to_address, body_text, status, sent_at)
     VALUES ($1, $2, $3, gen_random_uuid(), 'email', 'x@example.test', 'Hello', 'sent', $4)`,
    [runId, nodeId, contactId, sentAt],
  );
}

async function opportunity(db: Db, o: { runId: string | null; campaignId: string | null; contactId: string; stage: string; expected: string; actual?: string; orderId?: string }): Promise<void> {
  await db.query(
    `INSERT INTO opportunities (title, contact_id, campaign_id, run_id, stage, expected_revenue, actual_revenue, order_id, order_reference, loss_reason)
     VALUES ('Offer', $1, $2, $3, $4, $5, $6, $7, CASE WHEN $4 = 'won' AND $7::uuid IS NULL THEN 'PO-1' END, CASE WHEN $4 = 'lost' THEN 'price' END)`,
    [o.contactId, o.campaignId, o.runId, o.stage, o.expected, o.actual ?? null, o.orderId ?? null],
  );
}

describe('revenue attribution', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('counts members’ orders in their window, won opportunities, the holdout’s orders and the incremental revenue, each order once', async () => {
    const db = database.db;
    const [m1, m2, m3, m4, h1, h2, h3, stranger] = await seedContacts(db, taggedContacts(8, 'attr'));
    const r1 = await recordBenchRun(db, flow);
    const campaign = await campaignOf(db, r1);
    await db.query(`INSERT INTO campaign_plans (campaign_id, currency, attribution_days, holdout_percent) VALUES ($1, 'EUR', 10, 40)`, [campaign.campaignId]);
    await db.query('UPDATE campaign_runs SET started_at = $2 WHERE id = $1', [r1, T0]);
    await enter(db, r1, [m1!, m2!, m3!, m4!], T0);
    await db.query('INSERT INTO run_holdouts (run_id, contact_id) SELECT $1, unnest($2::uuid[])', [r1, [h1, h2, h3]]);

    // m1, mailed at T0+1d: window [T0+1d, T0+11d).
    await mailed(db, r1, m1!, at(1 * day));
    await order(db, { contactId: m1 }, '100.00', at(2 * day)); // in
    await order(db, { contactId: m1 }, '30.00', at(12)); // before the mail
    await order(db, { contactId: m1 }, '20.00', at(3 * day), 'USD'); // in, but dollars: counted aside
    await order(db, { contactId: m1 }, '50.00', at(12 * day)); // after R1's window; inside R2's
    // m2, never mailed: window from entering, [T0, T0+10d); also in R2 from T0+8d: last touch wins.
    await order(db, { contactId: m2 }, '40.00', at(9 * day));
    // m3, mailed at T0+1d and T0+5d (the first counts): window [T0+1d, T0+11d).
    await mailed(db, r1, m3!, at(1 * day));
    await mailed(db, r1, m3!, at(5 * day), 'reminder');
    await order(db, { contactId: m3 }, '70.00', at(10.5 * day)); // in, at the end of the window
    const wonOrder = await order(db, { contactId: m3 }, '200.00', at(4 * day)); // the won opportunity's own order
    // Opportunities: won (actual, with its order), won (expected only), lost, open, and one of another campaign.
    await opportunity(db, { runId: r1, campaignId: campaign.campaignId, contactId: m3!, stage: 'won', expected: '180.00', actual: '200.00', orderId: wonOrder });
    await opportunity(db, { runId: r1, campaignId: campaign.campaignId, contactId: m4!, stage: 'won', expected: '80.00' });
    await opportunity(db, { runId: r1, campaignId: campaign.campaignId, contactId: m1!, stage: 'lost', expected: '500.00' });
    await opportunity(db, { runId: r1, campaignId: campaign.campaignId, contactId: m2!, stage: 'proposal', expected: '300.00' });
    const elsewhere = await recordBenchRun(db, flow);
    await opportunity(db, { runId: elsewhere, campaignId: (await campaignOf(db, elsewhere)).campaignId, contactId: m1!, stage: 'won', expected: '999.00' });
    // Holdout, window [T0, T0+10d).
    await order(db, { contactId: h1 }, '60.00', at(5 * day)); // in
    await order(db, { contactId: h1 }, '25.00', at(11 * day)); // after
    await order(db, { contactId: h3 }, '15.00', at(-1 * day)); // before the run
    // Not in the run at all.
    await order(db, { contactId: stranger }, '1000.00', at(2 * day));

    // R2 of the same campaign, started T0+8d with m1 and m2 (not mailed): window [T0+8d, T0+18d).
    const r2 = await runOf(db, campaign, at(8 * day), [m1!, m2!]);

    // By hand:
    // R1 orders: m1 100.00 + m3 70.00 = 170.00 (m2's 40.00 at T0+9d is in both windows: R2's opened last);
    //   won: 200.00 (actual) + 80.00 (expected) = 280.00; attributed 450.00; holdout 60.00 over 3
    //   → 20.00 a head; incremental 450.00 − 20.00 × 4 = 370.00.
    // R2 orders: m1 50.00 + m2 40.00 = 90.00; no holdout: no incremental.
    // Totals: orders 260.00, won 280.00, attributed 540.00; pooled: 540.00 − 20.00 × 6 = 420.00.
    const run1 = {
      runId: r1,
      startedAt: T0.replace('Z', '.000Z'),
      members: 4,
      buyers: 2,
      orders: 2,
      ordersRevenue: '170.00',
      wonOpportunities: 2,
      wonOpportunitiesRevenue: '280.00',
      attributedRevenue: '450.00',
      holdout: 3,
      holdoutBuyers: 1,
      holdoutOrders: 1,
      holdoutRevenue: '60.00',
      incrementalRevenue: '370.00',
      otherCurrencyOrders: 1,
    };
    const run2 = {
      runId: r2,
      startedAt: at(8 * day),
      members: 2,
      buyers: 2,
      orders: 2,
      ordersRevenue: '90.00',
      wonOpportunities: 0,
      wonOpportunitiesRevenue: '0.00',
      attributedRevenue: '90.00',
      holdout: 0,
      holdoutBuyers: 0,
      holdoutOrders: 0,
      holdoutRevenue: '0.00',
      incrementalRevenue: null,
      otherCurrencyOrders: 0,
    };
    expect(await campaignAttribution(db, campaign.campaignId)).toEqual({
      campaignId: campaign.campaignId,
      currency: 'EUR',
      attributionDays: 10,
      runs: [run1, run2],
      totals: {
        members: 6,
        buyers: 4,
        orders: 4,
        ordersRevenue: '260.00',
        wonOpportunities: 2,
        wonOpportunitiesRevenue: '280.00',
        attributedRevenue: '540.00',
        holdout: 3,
        holdoutBuyers: 1,
        holdoutOrders: 1,
        holdoutRevenue: '60.00',
        incrementalRevenue: '420.00',
        otherCurrencyOrders: 1,
      },
    });
    expect(await runAttribution(db, r2)).toEqual(run2);
    expect(await runAttribution(db, randomUUID())).toBeUndefined();
  });

  it('answers for a campaign without runs and without a plan: zeros, EUR, 30 days, no incremental revenue', async () => {
    const db = database.db;
    const runId = await recordBenchRun(db, flow);
    const { campaignId } = await campaignOf(db, runId);
    await db.query('DELETE FROM campaign_runs WHERE id = $1', [runId]);
    const answer = await campaignAttribution(db, campaignId);
    expect(answer).toMatchObject({ currency: 'EUR', attributionDays: 30, runs: [] });
    expect(answer?.totals).toMatchObject({ members: 0, attributedRevenue: '0.00', holdout: 0, incrementalRevenue: null });
    expect(await campaignAttribution(db, randomUUID())).toBeUndefined();
  });

  it('measures a general campaign by its sales over its period against the days just before', async () => {
    const db = database.db;
    const runId = await recordBenchRun(db, flow);
    const { campaignId } = await campaignOf(db, runId);
    await db.query(`UPDATE campaigns SET kind = 'general', valid_from = '2025-04-10', valid_to = '2025-04-19' WHERE id = $1`, [campaignId]);
    const [buyer] = await seedContacts(db, taggedContacts(1, 'general'));
    const company = (await db.query<{ id: string }>(`INSERT INTO companies (name) VALUES ('Retail Ltd') RETURNING id`)).rows[0]!.id;
    // Local times of the database's calendar, as validity days are.
    const local = (text: string) => db.query<{ at: string }>('SELECT $1::timestamp::timestamptz AS at', [text]).then((result) => result.rows[0]!.at);
    await order(db, { contactId: buyer }, '100.00', await local('2025-04-10 00:00:00')); // first instant of the period
    await order(db, { companyId: company }, '50.00', await local('2025-04-19 23:59:00')); // a company's order, last day
    await order(db, { contactId: buyer }, '999.00', await local('2025-04-20 00:00:00')); // after
    await order(db, { contactId: buyer }, '500.00', await local('2025-04-15 12:00:00'), 'USD'); // another currency
    await order(db, { contactId: buyer }, '80.00', await local('2025-04-09 23:00:00')); // previous period
    await order(db, { companyId: company }, '40.00', await local('2025-03-31 00:00:00')); // previous, first instant
    await order(db, { contactId: buyer }, '777.00', await local('2025-03-30 23:59:00')); // before the previous period

    // By hand: period 10–19 April = 150.00 in 2 orders; the 10 days before (31 March – 9 April) = 120.00 in 2.
    expect(await generalBusinessResult(db, campaignId, '2025-05-01')).toEqual({
      result: {
        campaignId,
        currency: 'EUR',
        period: { from: '2025-04-10', to: '2025-04-19', orders: 2, revenue: '150.00' },
        previous: { from: '2025-03-31', to: '2025-04-09', orders: 2, revenue: '120.00' },
        change: '30.00',
        changeRatio: 0.25,
        complete: true,
      },
    });
    // While it runs (on 14 April): 10–14 April = 100.00 against 5–9 April = 80.00.
    expect(await generalBusinessResult(db, campaignId, '2025-04-14')).toEqual({
      result: {
        campaignId,
        currency: 'EUR',
        period: { from: '2025-04-10', to: '2025-04-14', orders: 1, revenue: '100.00' },
        previous: { from: '2025-04-05', to: '2025-04-09', orders: 1, revenue: '80.00' },
        change: '20.00',
        changeRatio: 0.25,
        complete: false,
      },
    });
    expect(await generalBusinessResult(db, campaignId, '2025-04-01')).toMatchObject({ unmeasurable: 'NOT_STARTED' });
    await db.query('UPDATE campaigns SET valid_from = NULL, valid_to = NULL WHERE id = $1', [campaignId]);
    expect(await generalBusinessResult(db, campaignId)).toMatchObject({ unmeasurable: 'NO_PERIOD' });
    expect(await generalBusinessResult(db, randomUUID())).toMatchObject({ unmeasurable: 'NOT_FOUND' });
  });
});
