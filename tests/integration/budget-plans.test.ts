/**
 * A campaign's plan and the unit costs, through the API on real Postgres: a budget owner sets a
 * plan and reads back the ROI it predicts (worked out here by hand), every change is audited with
 * what changed, a plan can change while a run goes; unit costs with validity refuse an overlap
 * naming the item and the other row's dates. Roles follow contracts/permissions.ts: budget owners
 * and admins read and write plans and costs; designers and agents do neither.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/pool';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { createSignedInUser, type TestCredentials } from '../support/sign-in';

describe('campaign plans and unit costs', () => {
  let api: ApiOnFreshDatabase;
  let db: Db;
  let owner: TestCredentials;
  let designer: TestCredentials;
  let agent: TestCredentials;
  let campaignId: string;

  const as = (who: TestCredentials) => ({ authorization: `Bearer ${who.token}` });
  const plan = (who: TestCredentials, payload?: Record<string, unknown>) =>
    api.app.inject({ method: payload ? 'PUT' : 'GET', url: `/api/campaigns/${campaignId}/plan`, headers: as(who), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_budget_plans');
    db = api.database.db;
    owner = await createSignedInUser(db, 'budget_owner');
    designer = await createSignedInUser(db, 'designer');
    agent = await createSignedInUser(db, 'agent');
    const flow = (await db.query<{ id: string }>(`INSERT INTO flows (name) VALUES ('Plan flow') RETURNING id`)).rows[0]!.id;
    await db.query(`INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, '{}'::jsonb)`, [flow]);
    campaignId = (await db.query<{ id: string }>(`INSERT INTO campaigns (name, flow_id) VALUES ('Autumn loyalty', $1) RETURNING id`, [flow])).rows[0]!.id;
  });
  afterAll(async () => api?.close());

  it('shows the defaults before a plan is saved', async () => {
    const response = await plan(owner);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      campaignId,
      currency: 'EUR',
      budget: '0.00',
      plannedCosts: [],
      expectedReached: null,
      expectedResponses: null,
      expectedConversions: null,
      expectedRevenue: null,
      attributionDays: 30,
      holdoutPercent: 0,
      predictedRoi: null,
      updatedAt: null,
    });
  });

  it('saves a plan and predicts its ROI from expected revenue against the planned costs', async () => {
    const response = await plan(owner, {
      budget: '12000',
      plannedCosts: [{ channel: 'email', amount: '150.50' }, { channel: 'call', amount: '4000' }, { channel: 'agency', amount: '3849.50' }],
      expectedReached: 20000,
      expectedResponses: 1500,
      expectedConversions: 300,
      expectedRevenue: '24000',
      attributionDays: 45,
      holdoutPercent: 10,
    });
    expect(response.statusCode, response.body).toBe(200);
    // Planned: 150.50 + 4000 + 3849.50 = 8000.00; (24000 − 8000) / 8000 = 2.
    expect(response.json()).toMatchObject({
      budget: '12000.00',
      plannedCosts: [
        { channel: 'agency', amount: '3849.50' },
        { channel: 'call', amount: '4000.00' },
        { channel: 'email', amount: '150.50' },
      ],
      expectedRevenue: '24000.00',
      attributionDays: 45,
      holdoutPercent: 10,
      predictedRoi: 2,
    });
    expect((await plan(owner)).json()).toMatchObject({ budget: '12000.00', predictedRoi: 2, holdoutPercent: 10 });
    const audit = await db.query<{ action: string; diff: Record<string, unknown> }>(`SELECT action, diff FROM audit_log WHERE entity = 'campaign' AND entity_id = $1`, [campaignId]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.action).toBe('plan.create');
    expect(audit.rows[0]!.diff).toMatchObject({ budget: ['0.00', '12000.00'], holdoutPercent: [0, 10] });
  });

  it('predicts against the budget when no cost is planned, and audits only what changed', async () => {
    const response = await plan(owner, { budget: '10000', expectedRevenue: '24000', attributionDays: 45, holdoutPercent: 10 });
    expect(response.statusCode, response.body).toBe(200);
    // No planned costs: (24000 − 10000) / 10000 = 1.4.
    expect(response.json()).toMatchObject({ plannedCosts: [], predictedRoi: 1.4, expectedReached: null });
    const latest = await db.query<{ action: string; diff: Record<string, unknown> }>(
      `SELECT action, diff FROM audit_log WHERE entity = 'campaign' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
      [campaignId],
    );
    expect(latest.rows[0]!.action).toBe('plan.update');
    expect(Object.keys(latest.rows[0]!.diff).sort()).toEqual(['budget', 'expectedConversions', 'expectedReached', 'expectedResponses', 'plannedCosts']);
  });

  it('may change while a run goes', async () => {
    const flowId = (await db.query<{ flow_id: string }>('SELECT flow_id FROM campaigns WHERE id = $1', [campaignId])).rows[0]!.flow_id;
    const runId = randomUUID();
    await db.query(`INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id) VALUES ($1, $2, $3, 1, $4)`, [runId, campaignId, flowId, `plan-${runId}`]);
    const response = await plan(owner, { budget: '11000', expectedRevenue: '24000', holdoutPercent: 5 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ budget: '11000.00', holdoutPercent: 5, attributionDays: 30 });
  });

  it('refuses a channel planned twice, a holdout over half, a number for money, and an unknown campaign', async () => {
    const twice = await plan(owner, { budget: '1', plannedCosts: [{ channel: 'email', amount: '1' }, { channel: 'email', amount: '2' }] });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors).toEqual([{ field: 'plannedCosts[1].channel', message: expect.stringContaining('twice') }]);
    expect((await plan(owner, { budget: '1', holdoutPercent: 60 })).statusCode).toBe(422);
    expect((await plan(owner, { budget: 100 })).statusCode).toBe(422);
    const unknown = await api.app.inject({ method: 'PUT', url: `/api/campaigns/${randomUUID()}/plan`, headers: as(owner), payload: { budget: '1' } });
    expect(unknown.statusCode).toBe(404);
    expect((await plan(owner)).json()).toMatchObject({ budget: '11000.00' });
  });

  it('lets budget owners and admins read and write plans; designers and agents neither', async () => {
    expect((await plan(api.admin, { budget: '11000', expectedRevenue: '24000', holdoutPercent: 5 })).statusCode).toBe(200);
    for (const who of [designer, agent]) {
      expect((await plan(who)).statusCode).toBe(403);
      expect((await plan(who, { budget: '1' })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'GET', url: '/api/unit-costs', headers: as(who) })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'POST', url: '/api/unit-costs', headers: as(who), payload: { item: 'email', amount: '1', validFrom: '2020-01-01' } })).statusCode).toBe(403);
    }
  });

  describe('unit costs', () => {
    const create = (payload: Record<string, unknown>) => api.app.inject({ method: 'POST', url: '/api/unit-costs', headers: as(owner), payload });

    it('keeps one price per item and day: an overlap is refused naming the item and the other row’s dates', async () => {
      const january = await create({ item: 'sms_segment', amount: '0.045', validFrom: '2027-01-01', validTo: '2027-01-31' });
      expect(january.statusCode, january.body).toBe(201);
      expect(january.json()).toMatchObject({ item: 'sms_segment', amount: '0.0450', currency: 'EUR', validFrom: '2027-01-01', validTo: '2027-01-31' });
      const onward = await create({ item: 'sms_segment', amount: '0.05', validFrom: '2027-02-01' });
      expect(onward.statusCode).toBe(201);

      const overlapping = await create({ item: 'sms_segment', amount: '0.06', validFrom: '2027-01-31', validTo: '2027-02-10' });
      expect(overlapping.statusCode).toBe(409);
      expect(overlapping.json()).toMatchObject({ code: 'UNIT_COST_OVERLAP', detail: expect.stringContaining('sms_segment is already valid from 2027-01-01 to 2027-01-31') });
      const later = await create({ item: 'sms_segment', amount: '0.06', validFrom: '2028-01-01' });
      expect(later.statusCode).toBe(409);
      expect(later.json().detail).toContain('from 2027-02-01 until further notice');
      // Another item may share the days.
      expect((await create({ item: 'letter_print', amount: '0.4', validFrom: '2027-01-15' })).statusCode).toBe(201);

      // Ending the open row the day before makes room for the new price.
      const ended = await api.app.inject({ method: 'PATCH', url: `/api/unit-costs/${onward.json().id}`, headers: as(owner), payload: { validTo: '2027-12-31' } });
      expect(ended.statusCode, ended.body).toBe(200);
      expect((await create({ item: 'sms_segment', amount: '0.06', validFrom: '2028-01-01' })).statusCode).toBe(201);
      // A change that would overlap is refused too.
      const stretched = await api.app.inject({ method: 'PATCH', url: `/api/unit-costs/${january.json().id}`, headers: as(owner), payload: { validTo: '2027-03-01' } });
      expect(stretched.statusCode).toBe(409);

      const onDay = await api.app.inject({ method: 'GET', url: '/api/unit-costs?item=sms_segment&validOn=2027-06-30', headers: as(owner) });
      expect(onDay.json().items.map((cost: { amount: string }) => cost.amount)).toEqual(['0.0500']);
      const audit = await db.query(`SELECT action FROM audit_log WHERE entity = 'unit_cost' ORDER BY id`);
      expect(audit.rows.map((row) => row.action)).toEqual(['unit-cost.create', 'unit-cost.create', 'unit-cost.create', 'unit-cost.update', 'unit-cost.create']);
    });

    it('refuses a period ending before it starts, five decimals and an unknown item', async () => {
      const backwards = await create({ item: 'call', amount: '1', validFrom: '2027-05-01', validTo: '2027-04-30' });
      expect(backwards.statusCode).toBe(422);
      expect(backwards.json().errors).toEqual([{ field: 'validTo', message: 'must be on or after validFrom (2027-05-01)' }]);
      expect((await create({ item: 'call', amount: '0.00001', validFrom: '2027-05-01' })).statusCode).toBe(422);
      expect((await create({ item: 'fax', amount: '1', validFrom: '2027-05-01' })).statusCode).toBe(422);
      expect((await api.app.inject({ method: 'PATCH', url: `/api/unit-costs/${randomUUID()}`, headers: as(owner), payload: { amount: '1' } })).statusCode).toBe(404);
    });
  });
});
