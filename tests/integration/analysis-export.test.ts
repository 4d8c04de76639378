/**
 * A campaign's post-analysis (issue 12): the figures against the plan worked out by hand from
 * tests/support/report-dataset.ts, live while a run goes, and its Word export opened as a file:
 * unzipped, its text holds the campaign, the ROI and the tables, and its charts are PNG parts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../contracts/report';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { seedReportDataset, type ReportDataset } from '../support/report-dataset';
import { bearer, createSignedInUser } from '../support/sign-in';

const run = promisify(execFile);

let api: ApiOnFreshDatabase;
let data: ReportDataset;
let owner: Record<string, string>;
let dir: string;

beforeAll(async () => {
  api = await apiOnFreshDatabase('cs_analysis');
  data = await seedReportDataset(api.database.db);
  owner = bearer(await createSignedInUser(api.database.db, 'budget_owner'));
  dir = await mkdtemp(join(tmpdir(), 'analysis-test-'));
});
afterAll(async () => {
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The text of the document's paragraphs, runs joined (Word splits text into runs). */
function documentText(xml: string): string {
  return xml
    .split('</w:p>')
    .map((paragraph) => [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join(''))
    .join('\n');
}

describe('post-analysis', () => {
  it('compares the result with the plan, costs by channel with the budget left, revenue with the holdout, ROI and ROMI', async () => {
    const response = await api.app.inject({ method: 'GET', url: `/api/campaigns/${data.campaignId}/analysis`, headers: owner });
    expect(response.statusCode).toBe(200);
    const analysis = response.json<Analysis>();
    expect(analysis.campaign).toMatchObject({ id: data.campaignId, name: 'Spring offer', kind: 'direct' });
    expect(analysis.live).toBe(false);
    expect(analysis.results.map((result) => [result.metric, result.planned, result.actual, result.achieved, result.report])).toEqual([
      ['reached', '5', '5', 1, 'funnel'],
      ['responses', '4', '3', 0.75, 'responses-over-time'],
      ['conversions', '2', '2', 1, 'opportunities-by-stage'],
      ['revenue', '500.00', '290.00', 0.58, 'holdout-comparison'],
    ]);
    // Budget 100.00 − spent 21.00 (e-mail 1.00, call 5.00, gift 5.00, agency 10.00).
    expect(analysis.costs).toMatchObject({ budget: '100.00', planned: '30.00', actual: '21.00', budgetLeft: '79.00', report: 'cost-by-channel' });
    expect(analysis.revenue).toMatchObject({ members: 5, orders: 1, ordersRevenue: '40.00', wonOpportunities: 1, wonOpportunitiesRevenue: '250.00', attributed: '290.00', holdout: 1, holdoutRevenue: '30.00', incremental: '140.00' });
    expect(analysis.roi).toBeCloseTo((290 - 21) / 21, 10);
    expect(analysis.romi).toBeCloseTo((140 - 21) / 21, 10);
    // Predicted: (500 − 30) / 30.
    expect(analysis.predictedRoi).toBeCloseTo(470 / 30, 10);
  });

  it('is live while a run goes: a new order in the window moves the revenue and the ROI at once', async () => {
    const db = api.database.db;
    await db.query(`UPDATE campaign_runs SET status = 'running' WHERE id = $1`, [data.runId]);
    const c3 = data.contacts[2]!;
    const orderId = (
      await db.query<{ id: string }>(
        `INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount, currency) VALUES ('LIVE-1', $1, '2026-03-08T10:00:00Z', 21.00, 'EUR') RETURNING id`,
        [c3],
      )
    ).rows[0]!.id;
    try {
      const analysis = (await api.app.inject({ method: 'GET', url: `/api/campaigns/${data.campaignId}/analysis`, headers: owner })).json<Analysis>();
      expect(analysis.live).toBe(true);
      expect(analysis.revenue.attributed).toBe('311.00');
      expect(analysis.roi).toBeCloseTo((311 - 21) / 21, 10);
    } finally {
      await db.query('DELETE FROM sales_orders WHERE id = $1', [orderId]);
      await db.query(`UPDATE campaign_runs SET status = 'completed' WHERE id = $1`, [data.runId]);
    }
  });

  it('measures a general (mass-media) campaign by its business result: sales in its period against the period before', async () => {
    const db = api.database.db;
    const flowId = (await db.query<{ flow_id: string }>('SELECT flow_id FROM campaigns WHERE id = $1', [data.campaignId])).rows[0]!.flow_id;
    const general = (
      await db.query<{ id: string }>(
        `INSERT INTO campaigns (name, kind, flow_id, mail_purpose, valid_from, valid_to) VALUES ('Radio spring', 'general', $1, 'service', '2026-03-01', '2026-03-10') RETURNING id`,
        [flowId],
      )
    ).rows[0]!.id;
    await db.query(`INSERT INTO cost_entries (campaign_id, channel, amount, currency, document_ref, incurred_on) VALUES ($1, 'media', 15, 'EUR', 'RADIO-7', '2026-03-01')`, [general]);
    const before = (
      await db.query<{ id: string }>(`INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount) VALUES ('PREV-1', $1, '2026-02-25T12:00:00Z', 45.00) RETURNING id`, [data.contacts[4]])
    ).rows[0]!.id;
    try {
      const analysis = (await api.app.inject({ method: 'GET', url: `/api/campaigns/${general}/analysis`, headers: owner })).json<Analysis>();
      // In 1–10 March: c1's 20.00 (1 March), c6's 30.00, c2's 40.00 = 90.00; the ten days before: 45.00.
      expect(analysis.businessResult).toEqual({ from: '2026-03-01', to: '2026-03-10', revenue: '90.00', previousRevenue: '45.00', change: '45.00', changeRatio: 1, message: null });
      // No members: attributed revenue 0 → ROI −100 %; ROMI on the change: (45 − 15) / 15.
      expect(analysis.roi).toBe(-1);
      expect(analysis.romi).toBe(2);
      // The catalogue's ROI by campaign reads it the same way.
      const byCampaign = await api.app.inject({ method: 'GET', url: `/api/reports/roi-by-campaign?campaignId=${general}`, headers: owner });
      expect(byCampaign.json<{ rows: unknown[] }>().rows).toEqual([{ campaign: 'Radio spring', currency: 'EUR', cost: '15.00', revenue: '0.00', roi: -1, incremental: '45.00', romi: 2 }]);
    } finally {
      await db.query('DELETE FROM sales_orders WHERE id = $1', [before]);
    }
  });

  it('answers for a campaign with nothing yet (zeros, no ROI) and 404 for none', async () => {
    const empty = (await api.app.inject({ method: 'GET', url: `/api/campaigns/${data.emptyCampaignId}/analysis`, headers: owner })).json<Analysis>();
    expect(empty.costs.actual).toBe('0.00');
    expect(empty.roi).toBeNull();
    expect(empty.results.map((result) => result.actual)).toEqual(['0', '0', '0', '0.00']);
    expect((await api.app.inject({ method: 'GET', url: `/api/campaigns/${data.runId}/analysis`, headers: owner })).statusCode).toBe(404);
  });
});

describe('Word and PDF export', () => {
  it('downloads a .docx that opens: the campaign, its plan, results, ROI and the charts as PNG images', async () => {
    const response = await api.app.inject({ method: 'GET', url: `/api/campaigns/${data.campaignId}/analysis.docx`, headers: owner });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers['content-disposition']).toContain('Spring offer - post-analysis.docx');
    const file = join(dir, 'analysis.docx');
    await writeFile(file, response.rawPayload);
    const listing = (await run('unzip', ['-l', file])).stdout;
    const images = listing.match(/word\/media\/[^\s]+\.png/g) ?? [];
    // plan vs actual, cost by channel, ROI by channel, holdout comparison, funnel: one chart each.
    expect(images.length).toBe(5);
    const text = documentText((await run('unzip', ['-p', file, 'word/document.xml'], { maxBuffer: 20_000_000 })).stdout);
    expect(text).toContain('Post-analysis: Spring offer');
    expect(text).toContain('Budget: 100.00 EUR');
    expect(text).toContain('Budget left: 79.00 EUR');
    // ROI (290 − 21) / 21 = 12.8095… → 1281.0 %; ROMI (140 − 21) / 21 → 566.7 %.
    expect(text).toContain('ROI: 1281.0 %');
    expect(text).toContain('ROMI: 566.7 %');
    expect(text).toContain('Incremental revenue\n140.00 EUR'); // a table row: each cell its own paragraph
    expect(text).toContain('Holdout comparison');
  });

  it('exports the empty campaign too, with no chart where there is nothing to draw', async () => {
    const response = await api.app.inject({ method: 'GET', url: `/api/campaigns/${data.emptyCampaignId}/analysis.docx`, headers: owner });
    expect(response.statusCode).toBe(200);
    const file = join(dir, 'empty.docx');
    await writeFile(file, response.rawPayload);
    expect(documentText((await run('unzip', ['-p', file, 'word/document.xml'])).stdout)).toContain('Post-analysis: Nothing yet');
  });

  it('converts to PDF with LibreOffice, or says it is not installed', async () => {
    const response = await api.app.inject({ method: 'GET', url: `/api/campaigns/${data.campaignId}/analysis.pdf`, headers: owner });
    const installed = await run('soffice', ['--version']).then(
      () => true,
      () => false,
    );
    if (installed) {
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    } else {
      expect(response.statusCode).toBe(501);
      expect(response.json()).toMatchObject({ code: 'PDF_CONVERTER_MISSING' });
    }
  });

  it('is refused to a designer and to a store-bound budget owner', async () => {
    const designer = bearer(await createSignedInUser(api.database.db, 'designer'));
    expect((await api.app.inject({ method: 'GET', url: `/api/campaigns/${data.campaignId}/analysis.docx`, headers: designer })).statusCode).toBe(403);
    const south = bearer(await createSignedInUser(api.database.db, 'budget_owner', { storeId: data.storeSouth }));
    const refused = await api.app.inject({ method: 'GET', url: `/api/campaigns/${data.campaignId}/analysis`, headers: south });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'REPORT_NEEDS_ALL_CONTACTS' });
  });
});
