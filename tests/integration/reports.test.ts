/**
 * The report catalogue on Postgres (issue 12): every report answers for an empty campaign and for
 * a seeded one; figures checked against the rows of tests/support/report-dataset.ts, worked out by
 * hand there and below; filters (period, store, run), the caller's store scope, CSV, roles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_IDS, type ReportResult } from '../../contracts/report';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { LINK_A, LINK_B, seedReportDataset, type ReportDataset } from '../support/report-dataset';
import { bearer, createSignedInUser } from '../support/sign-in';

let api: ApiOnFreshDatabase;
let data: ReportDataset;
let owner: Record<string, string>;

beforeAll(async () => {
  api = await apiOnFreshDatabase('cs_reports');
  data = await seedReportDataset(api.database.db);
  owner = bearer(await createSignedInUser(api.database.db, 'budget_owner'));
});
afterAll(() => api?.close());

async function report(id: string, query: Record<string, string> = {}, headers = owner): Promise<ReportResult> {
  const response = await api.app.inject({ method: 'GET', url: `/api/reports/${id}?${new URLSearchParams(query)}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ReportResult>();
}

describe('report catalogue', () => {
  it('lists every report with its chart and filters, seed 000’s fifteen among them', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/api/reports', headers: owner });
    expect(response.statusCode).toBe(200);
    const catalogue = response.json<{ id: string; chart: string; filters: string[] }[]>();
    expect(catalogue.map((entry) => entry.id)).toEqual([...REPORT_IDS]);
    expect(catalogue.find((entry) => entry.id === 'funnel')).toMatchObject({ chart: 'funnel' });
    expect(catalogue.find((entry) => entry.id === 'responses-over-time')?.filters).toEqual(['campaignId', 'runId', 'from', 'to', 'storeId']);
  });

  it('answers every report for a campaign with nothing in it: no rows, or zeros — never an error', async () => {
    for (const id of REPORT_IDS) {
      const result = await report(id, { campaignId: data.emptyCampaignId });
      expect(result.report.id).toBe(id);
      if (id === 'plan-vs-actual') expect(result.rows.map((row) => row.actual)).toEqual(['0', '0', '0', '0.00', '0.00']);
      else expect(result.rows, id).toEqual([]);
    }
  });

  it('answers every report for the seeded campaign, each row holding every column', async () => {
    for (const id of REPORT_IDS) {
      const result = await report(id, { campaignId: data.campaignId });
      expect(result.rows.length, id).toBeGreaterThan(0);
      for (const row of result.rows) expect(Object.keys(row).sort(), id).toEqual(result.columns.map((column) => column.key).sort());
      expect(result.columns.map((column) => column.key), id).toContain(result.chart.category);
    }
  });
});

describe('figures from the rows', () => {
  it('funnel: members through each node in the flow’s order, the held-out contact apart', async () => {
    const result = await report('funnel', { runId: data.runId });
    expect(result.filters.campaignId).toBe(data.campaignId);
    expect(result.rows).toEqual([
      { node: 'audience', type: 'audience', reached: 5, heldOut: 1, outcomes: 'held_out: 1, out: 5' },
      { node: 'end', type: 'end', reached: 5, heldOut: 0, outcomes: 'done: 5' },
    ]);
    // South's members are c3 and c4: counted from their own steps.
    const south = await report('funnel', { campaignId: data.campaignId, storeId: data.storeSouth });
    expect(south.rows.map((row) => [row.node, row.reached])).toEqual([['audience', 2], ['end', 2]]);
  });

  it('responses per UTC day, cut by period and by store', async () => {
    const all = await report('responses-over-time', { campaignId: data.campaignId });
    expect(all.rows).toEqual([
      { day: '2026-03-02', opens: 2, clicks: 0, contacts: 1 },
      { day: '2026-03-03', opens: 1, clicks: 3, contacts: 3 },
    ]);
    const dayTwo = await report('responses-over-time', { campaignId: data.campaignId, from: '2026-03-03', to: '2026-03-03' });
    expect(dayTwo.rows).toEqual([{ day: '2026-03-03', opens: 1, clicks: 3, contacts: 3 }]);
    const south = await report('responses-over-time', { campaignId: data.campaignId, storeId: data.storeSouth });
    expect(south.rows).toEqual([{ day: '2026-03-03', opens: 0, clicks: 2, contacts: 1 }]);
  });

  it('cost by channel against the plan, to the cent', async () => {
    const result = await report('cost-by-channel', { campaignId: data.campaignId });
    // e-mail 4 × 0.25; the call 5.00; the gift 5.00; the agency's invoice 10.00.
    expect(result.rows).toEqual([
      { channel: 'agency', currency: 'EUR', planned: null, actual: '10.00', lines: 1 },
      { channel: 'call', currency: 'EUR', planned: '20.00', actual: '5.00', lines: 1 },
      { channel: 'email', currency: 'EUR', planned: '10.00', actual: '1.00', lines: 4 },
      { channel: 'reward', currency: 'EUR', planned: null, actual: '5.00', lines: 1 },
    ]);
    // By the day incurred: only the call (03-03) and the gift (03-05) from 03-03 on; the plan is the whole campaign's, not shown.
    const later = await report('cost-by-channel', { campaignId: data.campaignId, from: '2026-03-03' });
    expect(later.rows.map((row) => [row.channel, row.planned, row.actual])).toEqual([['call', null, '5.00'], ['reward', null, '5.00']]);
  });

  it('ROI by campaign and by channel, and the holdout comparison', async () => {
    // Revenue: c2's order 40.00 (in its window) + c1's won opportunity 250.00 (actual) = 290.00; c1's
    // order before the mail does not count. Cost 21.00. ROI = 269 / 21. Holdout: c6's 30.00 for one
    // contact → 30.00 a head; incremental = 290.00 − 30.00 × 5 = 140.00; ROMI = 119 / 21.
    const byCampaign = await report('roi-by-campaign', { campaignId: data.campaignId });
    expect(byCampaign.rows).toEqual([
      { campaign: 'Spring offer', currency: 'EUR', cost: '21.00', revenue: '290.00', roi: 269 / 21, incremental: '140.00', romi: 119 / 21 },
    ]);
    const byChannel = await report('roi-by-channel', { campaignId: data.campaignId });
    // c1 and c2 were first reached by e-mail: all 290.00 is e-mail's; the call reached c5, who bought nothing.
    expect(byChannel.rows).toEqual([
      { channel: 'agency', cost: '10.00', revenue: '0.00', roi: -1 },
      { channel: 'call', cost: '5.00', revenue: '0.00', roi: -1 },
      { channel: 'email', cost: '1.00', revenue: '290.00', roi: 289 },
      { channel: 'reward', cost: '5.00', revenue: '0.00', roi: -1 },
    ]);
    const holdout = await report('holdout-comparison', { campaignId: data.campaignId });
    expect(holdout.rows).toEqual([
      {
        run: `2026-03-02 · ${data.runId.slice(0, 8)}`,
        members: 5,
        membersRevenue: '290.00',
        membersPerContact: '58.00',
        holdout: 1,
        holdoutRevenue: '30.00',
        holdoutPerContact: '30.00',
        incremental: '140.00',
      },
    ]);
  });

  it('plan vs actual: reached, responses, conversions, revenue and cost against the plan', async () => {
    const result = await report('plan-vs-actual', { campaignId: data.campaignId });
    // Reached: 4 mailed + c5 called = 5 of 5; responded c1, c2, c3 = 3 of 4; 2 opportunities of 2;
    // 290.00 of 500.00; cost 21.00 of 30.00 planned.
    expect(result.rows.map((row) => [row.planned, row.actual, row.achieved])).toEqual([
      ['5', '5', 1],
      ['4', '3', 0.75],
      ['2', '2', 1],
      ['500.00', '290.00', 0.58],
      ['30.00', '21.00', 0.7],
    ]);
  });

  it('conversion by language and by store, opportunities by stage, agents, links, unsubscribes, rewards, events', async () => {
    expect((await report('conversion-by-language', { campaignId: data.campaignId })).rows).toEqual([
      { group: 'en', members: 2, responders: 2, converted: 1, won: 1, conversionRate: 0.5 },
      { group: 'hu', members: 2, responders: 1, converted: 1, won: 0, conversionRate: 0.5 },
      { group: 'it', members: 1, responders: 0, converted: 0, won: 0, conversionRate: 0 },
    ]);
    expect((await report('conversion-by-store', { campaignId: data.campaignId })).rows.map((row) => [row.group, row.members, row.converted])).toEqual([
      ['North', 2, 1],
      ['South', 2, 1],
      ['No store', 1, 0],
    ]);
    expect((await report('conversion-by-abc', { campaignId: data.campaignId })).rows.map((row) => [row.group, row.members])).toEqual([
      ['A', 2],
      ['B', 1],
      ['C', 1],
      ['Unclassified', 1],
    ]);
    expect((await report('conversion-by-audience', { campaignId: data.campaignId })).rows.map((row) => [row.group, row.members])).toEqual([['Audience audience', 5]]);
    expect((await report('opportunities-by-stage', { campaignId: data.campaignId })).rows).toEqual([
      { stage: 'proposal', opportunities: 1, expected: '100.00', weighted: '50.00', actual: '0.00' },
      { stage: 'won', opportunities: 1, expected: '300.00', weighted: '300.00', actual: '250.00' },
    ]);
    expect((await report('outcomes-by-agent', { campaignId: data.campaignId })).rows).toEqual([{ agent: data.agentName, outcome: 'interested', calls: 1 }]);
    expect((await report('top-links', { campaignId: data.campaignId })).rows).toEqual([
      { url: LINK_A, clicks: 2, contacts: 2 },
      { url: LINK_B, clicks: 1, contacts: 1 },
    ]);
    expect((await report('unsubscribes-bounces', { campaignId: data.campaignId })).rows).toEqual([
      { day: '2026-03-02', unsubscribes: 0, bounces: 1 },
      { day: '2026-03-04', unsubscribes: 1, bounces: 0 },
    ]);
    expect((await report('rewards-granted', { campaignId: data.campaignId })).rows).toEqual([{ kind: 'gift', currency: 'EUR', rewards: 1, contacts: 1, value: '5.00' }]);
    expect((await report('events-by-campaign', { campaignId: data.campaignId })).rows).toEqual([
      { campaign: 'Spring offer', kind: 'call', events: 2, contacts: 1 },
      { campaign: 'Spring offer', kind: 'note', events: 1, contacts: 1 },
    ]);
    expect((await report('campaign-comparison', { campaignId: data.campaignId })).rows).toEqual([
      { campaign: 'Spring offer', runs: 1, members: 5, sent: 4, responders: 3, responseRate: 0.6, opportunities: 2, won: 1, currency: 'EUR', cost: '21.00' },
    ]);
    expect((await report('conversions-over-time', { campaignId: data.campaignId })).rows).toEqual([
      { day: '2026-03-04', created: 2, won: 0, wonRevenue: '0.00' },
      { day: '2026-03-05', created: 0, won: 1, wonRevenue: '250.00' },
    ]);
  });
});

describe('filters, scope, CSV and roles', () => {
  it('refuses a filter a report does not take, a campaign-level report without a campaign, and an unknown campaign', async () => {
    const unsupported = await api.app.inject({ method: 'GET', url: `/api/reports/roi-by-campaign?storeId=${data.storeSouth}`, headers: owner });
    expect(unsupported.statusCode).toBe(422);
    expect(unsupported.json()).toMatchObject({ code: 'REPORT_FILTER_UNSUPPORTED', errors: [{ field: 'storeId' }] });
    const noCampaign = await api.app.inject({ method: 'GET', url: '/api/reports/funnel', headers: owner });
    expect(noCampaign.statusCode).toBe(422);
    expect(noCampaign.json()).toMatchObject({ code: 'REPORT_NEEDS_CAMPAIGN' });
    const unknown = await api.app.inject({ method: 'GET', url: `/api/reports/funnel?campaignId=${data.runId}`, headers: owner });
    expect(unknown.statusCode).toBe(404);
  });

  it('shows a store-bound budget owner their store’s contacts only, and no whole-campaign money', async () => {
    const south = bearer(await createSignedInUser(api.database.db, 'budget_owner', { storeId: data.storeSouth }));
    const responses = await report('responses-over-time', { campaignId: data.campaignId }, south);
    expect(responses.rows).toEqual([{ day: '2026-03-03', opens: 0, clicks: 2, contacts: 1 }]);
    // Asking for the North store does not widen the scope: nobody is in both.
    expect((await report('responses-over-time', { campaignId: data.campaignId, storeId: data.storeNorth }, south)).rows).toEqual([]);
    const roi = await api.app.inject({ method: 'GET', url: `/api/reports/roi-by-campaign?campaignId=${data.campaignId}`, headers: south });
    expect(roi.statusCode).toBe(403);
    expect(roi.json()).toMatchObject({ code: 'REPORT_NEEDS_ALL_CONTACTS' });
  });

  it('downloads a report’s rows as CSV, formula cells neutralised', async () => {
    const response = await api.app.inject({ method: 'GET', url: `/api/reports/top-links?campaignId=${data.campaignId}&format=csv`, headers: owner });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain('top-links.csv');
    expect(response.body.trim().split('\n')).toEqual(['Link,Clicks,Contacts', `${LINK_A},2,2`, `"'=HYPERLINK(""https://evil.example.test"")",1,1`]);
    const costs = await api.app.inject({ method: 'GET', url: `/api/reports/cost-by-channel?campaignId=${data.campaignId}&format=csv`, headers: owner });
    expect(costs.body.trim().split('\n')).toEqual(['Channel,Currency,Planned,Actual,Ledger lines', 'agency,EUR,,10.00,1', 'call,EUR,20.00,5.00,1', 'email,EUR,10.00,1.00,4', 'reward,EUR,,5.00,1']);
  });

  it('is the budget owner’s and the admin’s: a designer and an agent are refused', async () => {
    for (const role of ['designer', 'agent'] as const) {
      const headers = bearer(await createSignedInUser(api.database.db, role));
      expect((await api.app.inject({ method: 'GET', url: '/api/reports', headers })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'GET', url: `/api/reports/funnel?campaignId=${data.campaignId}`, headers })).statusCode).toBe(403);
    }
    expect((await api.app.inject({ method: 'GET', url: '/api/reports' })).statusCode).toBe(200); // the admin (injectAs)
  });
});
