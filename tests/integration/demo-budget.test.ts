import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Static } from '@sinclair/typebox';
import type { CampaignSchema } from '../../contracts/campaign';
import type { Analysis } from '../../contracts/report';
import type { Db } from '../../db/pool';
import { fromCents, incrementalRevenueCents, roi, toCents } from '../../flow/roi';
import { seedDemo, type DemoSeedResult } from '../../scripts/seed-demo';
import { DEMO_BUDGET_AGENCY_INVOICE, DEMO_BUDGET_CAMPAIGN_CODE, DEMO_BUDGET_PLAN, DEMO_UNIT_COSTS } from '../../scripts/seed-demo-budget';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { bearer, createSignedInUser } from '../support/sign-in';

/**
 * Issue 12's acceptance line: on a first start the demo holds a finished campaign with a plan,
 * costs, a holdout and opportunities, so the budget owner's screens show real figures at once.
 * Every figure the API gives is worked out here again from the rows, the long way round.
 */
let database: TestDatabase;
let temporal: Client;
let app: FastifyInstance;
let db: Db;
let owner: Record<string, string>;
let seeded: DemoSeedResult;
let campaignId: string;

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.query(sql, params);
  return rows[0] as T;
}

beforeAll(async () => {
  // Seeded before anyone signs in: the demo's CRM only goes into an empty product (no users yet).
  database = await createTestDatabase('cs_demo_budget');
  db = database.db;
  seeded = await seedDemo(db);
  // The API as on a first start; no route here starts a workflow (the Temporal client points nowhere).
  temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  app = await buildApp({ db, temporal, taskQueue: 'unused' });
  owner = bearer(await createSignedInUser(db, 'budget_owner'));
  campaignId = seeded.budget!.campaignId;
});
afterAll(async () => {
  await app?.close();
  await temporal?.connection.close();
  await database?.drop();
});

describe('the demo: a finished campaign for the budget owner', () => {
  it('seeds unit costs valid from a year ago with no end, and a completed run with a holdout, mails, calls and opportunities', async () => {
    expect(seeded.budget).toBeDefined();
    const units = await db.query<{ item: string; amount: string; open: boolean; fromDaysAgo: number }>(
      `SELECT item, amount::float8::text AS amount, valid_to IS NULL AS open, current_date - valid_from AS "fromDaysAgo" FROM unit_costs ORDER BY item`,
    );
    expect(units.rows.map((row) => [row.item, Number(row.amount), row.open, row.fromDaysAgo]).sort()).toEqual(
      DEMO_UNIT_COSTS.map((unit) => [unit.item, Number(unit.amount), true, 365]).sort(),
    );
    const run = await one<{ status: string; ended: boolean; members: number; held: number; sent: number; opened: number; clicked: number; calls: number; won: number; lost: number }>(
      `SELECT r.status, r.ended_at < now() - interval '30 days' AS ended,
              (SELECT count(*)::int FROM campaign_members m WHERE m.run_id = r.id) AS members,
              (SELECT count(*)::int FROM run_holdouts h WHERE h.run_id = r.id) AS held,
              (SELECT count(*)::int FROM messages m WHERE m.run_id = r.id AND m.status = 'sent' AND m.marketing AND m.sent_at < now()) AS sent,
              (SELECT count(DISTINCT e.contact_id)::int FROM events e WHERE e.run_id = r.id AND e.type = 'open') AS opened,
              (SELECT count(DISTINCT e.contact_id)::int FROM events e WHERE e.run_id = r.id AND e.type = 'click') AS clicked,
              (SELECT count(*)::int FROM tasks t WHERE t.run_id = r.id AND t.type = 'callback' AND t.status = 'closed' AND t.outcome IS NOT NULL) AS calls,
              (SELECT count(*)::int FROM opportunities o WHERE o.run_id = r.id AND o.campaign_id = r.campaign_id AND o.stage = 'won' AND o.order_reference IS NOT NULL) AS won,
              (SELECT count(*)::int FROM opportunities o WHERE o.run_id = r.id AND o.stage = 'lost') AS lost
       FROM campaign_runs r JOIN campaigns c ON c.id = r.campaign_id WHERE c.code = $1`,
      [DEMO_BUDGET_CAMPAIGN_CODE],
    );
    expect(run).toMatchObject({ status: 'completed', ended: true, members: seeded.budget!.members, held: seeded.budget!.heldOut, calls: seeded.budget!.calls });
    // The holdout is about the plan's share of the audience (a md5 draw per contact, so near 10 %).
    const share = run.held / (run.held + run.members);
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.2);
    // Every member mailed except the suppressed subscriber (when the draw made them a member); fewer open, fewer click.
    const suppressedMembers = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM campaign_members m JOIN contacts c ON c.id = m.contact_id
       JOIN suppressions s ON s.channel = 'email' AND lower(s.address) = lower(c.email) WHERE m.run_id = $1`,
      [seeded.budget!.runId],
    );
    expect(run.sent).toBe(run.members - suppressedMembers.n);
    expect(run.opened).toBeLessThan(run.sent);
    expect(run.clicked).toBeGreaterThan(0);
    expect(run.clicked).toBeLessThan(run.opened);
    expect(run.calls).toBe(run.clicked);
    expect(run.won).toBeGreaterThan(0);
    expect(run.lost).toBeGreaterThan(0);
  });

  it('gives the post-analysis a cost, revenue, incremental revenue and ROI equal to the ones worked out from the rows', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/analysis`, headers: owner });
    expect(response.statusCode).toBe(200);
    const analysis = response.json<Analysis>();
    expect(analysis.live).toBe(false);

    // Cost: every ledger line of the campaign, summed (mails and calls at their unit cost, the agency invoice).
    const ledger = await one<{ total: string; email: string; call: string; agency: string; mails: number; calls: number }>(
      `SELECT round(sum(amount), 2)::text AS total, round(sum(amount) FILTER (WHERE channel = 'email'), 2)::text AS email,
              round(sum(amount) FILTER (WHERE channel = 'call'), 2)::text AS call, round(sum(amount) FILTER (WHERE channel = 'agency'), 2)::text AS agency,
              count(*) FILTER (WHERE channel = 'email')::int AS mails, count(*) FILTER (WHERE channel = 'call')::int AS calls
       FROM cost_entries WHERE campaign_id = $1`,
      [campaignId],
    );
    expect(ledger.mails).toBe(seeded.budget!.sent);
    expect(ledger.calls).toBe(seeded.budget!.calls);
    expect(ledger.email).toBe(fromCents(Math.round(seeded.budget!.sent * 0.2)));
    expect(ledger.call).toBe(fromCents(seeded.budget!.calls * 120));
    expect(ledger.agency).toBe(DEMO_BUDGET_AGENCY_INVOICE.amount);
    expect(analysis.costs).toMatchObject({ budget: DEMO_BUDGET_PLAN.budget, actual: ledger.total, budgetLeft: fromCents(toCents(DEMO_BUDGET_PLAN.budget) - toCents(ledger.total)) });
    expect(toCents(analysis.costs.actual)).toBeGreaterThan(0);

    // Revenue, by hand: the run's won opportunities, plus members' orders from their mail (or
    // their entry) for 30 days that are no won deal's order; the holdout's from the run's start.
    const revenue = await one<{ won: string; wonCount: number; orders: string; orderCount: number; holdout: string; members: number; held: number }>(
      `WITH r AS (SELECT r.id, r.started_at FROM campaign_runs r WHERE r.campaign_id = $1),
       won AS (SELECT o.* FROM opportunities o JOIN r ON r.id = o.run_id WHERE o.stage = 'won'),
       since AS (
         SELECT m.contact_id, coalesce((SELECT min(sent_at) FROM messages x WHERE x.run_id = m.run_id AND x.contact_id = m.contact_id), m.entered_at) AS at
         FROM campaign_members m JOIN r ON r.id = m.run_id
       )
       SELECT (SELECT coalesce(sum(coalesce(actual_revenue, expected_revenue)), 0)::text FROM won) AS won,
              (SELECT count(*)::int FROM won) AS "wonCount",
              (SELECT coalesce(sum(o.total_amount), 0)::text FROM sales_orders o JOIN since s ON s.contact_id = o.contact_id
                 WHERE o.ordered_at >= s.at AND o.ordered_at < s.at + interval '30 days' AND o.id NOT IN (SELECT order_id FROM won WHERE order_id IS NOT NULL)) AS orders,
              (SELECT count(*)::int FROM sales_orders o JOIN since s ON s.contact_id = o.contact_id
                 WHERE o.ordered_at >= s.at AND o.ordered_at < s.at + interval '30 days' AND o.id NOT IN (SELECT order_id FROM won WHERE order_id IS NOT NULL)) AS "orderCount",
              (SELECT coalesce(sum(o.total_amount), 0)::text FROM run_holdouts h JOIN r ON r.id = h.run_id JOIN sales_orders o ON o.contact_id = h.contact_id
                 WHERE o.ordered_at >= r.started_at AND o.ordered_at < r.started_at + interval '30 days') AS holdout,
              (SELECT count(*)::int FROM since) AS members,
              (SELECT count(*)::int FROM run_holdouts h JOIN r ON r.id = h.run_id) AS held`,
      [campaignId],
    );
    const attributedCents = toCents(revenue.won) + toCents(revenue.orders);
    const incrementalCents = incrementalRevenueCents({ membersRevenueCents: attributedCents, members: revenue.members, holdoutRevenueCents: toCents(revenue.holdout), holdout: revenue.held });
    expect(analysis.revenue).toMatchObject({
      members: revenue.members,
      holdout: revenue.held,
      wonOpportunities: revenue.wonCount,
      wonOpportunitiesRevenue: fromCents(toCents(revenue.won)),
      orders: revenue.orderCount,
      ordersRevenue: fromCents(toCents(revenue.orders)),
      attributed: fromCents(attributedCents),
      holdoutRevenue: fromCents(toCents(revenue.holdout)),
      incremental: fromCents(incrementalCents!),
    });
    // The held-out contacts bought too (the comparison means something), the campaign added more.
    expect(toCents(revenue.holdout)).toBeGreaterThan(0);
    expect(incrementalCents).toBeGreaterThan(0);
    expect(analysis.roi).toBeCloseTo(roi(attributedCents, toCents(ledger.total))!, 10);
    expect(analysis.roi).toBeGreaterThan(0);
    expect(analysis.romi).toBeCloseTo(roi(incrementalCents!, toCents(ledger.total))!, 10);
    expect(analysis.results.find((result) => result.metric === 'reached')?.actual).toBe(String(seeded.budget!.sent));
  });

  it('fills the funnel (every node of the flow, the holdout on the audience) and the cost-by-channel report', async () => {
    const funnel = await app.inject({ method: 'GET', url: `/api/reports/funnel?campaignId=${campaignId}`, headers: owner });
    expect(funnel.statusCode).toBe(200);
    const rows = funnel.json<{ rows: { node: string; reached: number; heldOut: number; outcomes: string }[] }>().rows;
    expect(rows.map((row) => row.node)).toEqual(['audience', 'generate', 'send', 'clicked', 'call', 'convert', 'won', 'quiet', 'declined']);
    expect(rows.filter((row) => row.reached === 0), JSON.stringify(rows)).toEqual([]);
    expect(rows.find((row) => row.node === 'audience')?.heldOut).toBe(seeded.budget!.heldOut);
    expect(rows.find((row) => row.node === 'send')?.outcomes).toContain(`sent: ${seeded.budget!.sent}`);

    const costs = await app.inject({ method: 'GET', url: `/api/reports/cost-by-channel?campaignId=${campaignId}`, headers: owner });
    expect(costs.statusCode).toBe(200);
    const channels = costs.json<{ rows: { channel: string }[] }>().rows.map((row) => row.channel).sort();
    expect(channels).toEqual(expect.arrayContaining(['agency', 'call', 'email']));
  });

  it('lists the campaign on the budget home with what it spent and its ROI', async () => {
    // The home (designer/src/budgets/budget-home-page.tsx) lists the campaigns, then reads each one's analysis.
    const list = await app.inject({ method: 'GET', url: '/api/campaigns', headers: owner });
    expect(list.statusCode).toBe(200);
    const campaign = list.json<Static<typeof CampaignSchema>[]>().find((item) => item.id === campaignId);
    expect(campaign).toMatchObject({ code: DEMO_BUDGET_CAMPAIGN_CODE, latestRun: { status: 'completed' } });
    const analysis = (await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/analysis`, headers: owner })).json<Analysis>();
    expect(toCents(analysis.costs.actual)).toBeGreaterThan(0);
    expect(analysis.roi).not.toBeNull();
  });
});
