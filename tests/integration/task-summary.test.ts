/**
 * GET /api/tasks/summary, the owner's view of the calls: counts per campaign, per agent and per
 * outcome, checked against counts made by hand from the rows this test writes (calls of two
 * campaigns, two stores, two agents, open, overdue, closed and cancelled); a designer bound to a
 * store counts only that store's calls; agents have no owner's view.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/pool';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { createSignedInUser, type TestCredentials } from '../support/sign-in';

interface Summary {
  totals: { open: number; overdue: number; done: number; cancelled: number };
  byCampaign: { campaignId: string; campaignName: string; open: number; overdue: number; done: number; cancelled: number }[];
  byAgent: { assigneeId: string | null; assigneeName: string | null; open: number; overdue: number; done: number; cancelled: number; outcomes: Record<string, number> }[];
  byOutcome: { outcome: string; count: number }[];
}

/** A call as this test writes it: `dueInHours` < 0 is overdue while open. */
interface Call {
  run: string;
  store: string;
  assignee: string | null;
  status: 'open' | 'closed' | 'cancelled';
  outcome?: string;
  dueInHours: number;
}

async function insertRun(db: Db, campaignName: string): Promise<{ campaignId: string; runId: string }> {
  const flow = (await db.query<{ id: string }>(`INSERT INTO flows (name) VALUES ('Summary flow') RETURNING id`)).rows[0]!.id;
  await db.query(`INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, '{}'::jsonb)`, [flow]);
  const campaignId = (await db.query<{ id: string }>('INSERT INTO campaigns (name, flow_id) VALUES ($1, $2) RETURNING id', [campaignName, flow])).rows[0]!.id;
  const runId = randomUUID();
  await db.query(`INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id) VALUES ($1, $2, $3, 1, $4)`, [runId, campaignId, flow, `summary-${runId}`]);
  return { campaignId, runId };
}

async function insertCalls(db: Db, contactId: string, calls: Call[]): Promise<void> {
  for (const call of calls) {
    await db.query(
      `INSERT INTO tasks (type, run_id, node_id, contact_id, assignee, store, due_at, status, outcome, closed_at)
       VALUES ('callback', $1, 'call', $2, $3, $4, now() + make_interval(hours => $5), $6, $7, CASE WHEN $6 = 'open' THEN NULL ELSE now() END)`,
      [call.run, contactId, call.assignee, call.store, call.dueInHours, call.status, call.outcome ?? null],
    );
  }
}

describe('GET /api/tasks/summary (the owner’s view)', () => {
  let api: ApiOnFreshDatabase;
  let north: string;
  let south: string;
  let ana: TestCredentials;
  let bob: TestCredentials;
  let spring: { campaignId: string; runId: string };
  let autumn: { campaignId: string; runId: string };

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_task_summary');
    const { db } = api.database;
    const store = async (code: string) => (await db.query<{ id: string }>('INSERT INTO stores (code, name) VALUES ($1, $1) RETURNING id', [code])).rows[0]!.id;
    [north, south] = [await store('NORTH'), await store('SOUTH')];
    ana = await createSignedInUser(db, 'agent', { storeId: north });
    bob = await createSignedInUser(db, 'agent', { storeId: south });
    await db.query(`UPDATE users SET name = 'Ana' WHERE id = $1`, [ana.userId]);
    await db.query(`UPDATE users SET name = 'Bob' WHERE id = $1`, [bob.userId]);
    const contact = (await db.query<{ id: string }>(`INSERT INTO contacts (email) VALUES ('summary@example.test') RETURNING id`)).rows[0]!.id;
    spring = await insertRun(db, 'Spring calls');
    autumn = await insertRun(db, 'Autumn calls');
    await insertCalls(db, contact, [
      // Spring, north: Ana has one open, one overdue, two interested, one objective met; one unassigned open, one cancelled.
      { run: spring.runId, store: north, assignee: ana.userId, status: 'open', dueInHours: 5 },
      { run: spring.runId, store: north, assignee: ana.userId, status: 'open', dueInHours: -3 },
      { run: spring.runId, store: north, assignee: ana.userId, status: 'closed', outcome: 'interested', dueInHours: -1 },
      { run: spring.runId, store: north, assignee: ana.userId, status: 'closed', outcome: 'interested', dueInHours: 1 },
      { run: spring.runId, store: north, assignee: ana.userId, status: 'closed', outcome: 'objective_met', dueInHours: 1 },
      { run: spring.runId, store: north, assignee: null, status: 'open', dueInHours: -2 },
      { run: spring.runId, store: north, assignee: null, status: 'cancelled', outcome: 'timeout', dueInHours: -9 },
      // Spring, south: Bob has one no answer and one open.
      { run: spring.runId, store: south, assignee: bob.userId, status: 'closed', outcome: 'no_answer', dueInHours: 1 },
      { run: spring.runId, store: south, assignee: bob.userId, status: 'open', dueInHours: 2 },
      // Autumn, south: Bob has one overdue and one interested.
      { run: autumn.runId, store: south, assignee: bob.userId, status: 'open', dueInHours: -4 },
      { run: autumn.runId, store: south, assignee: bob.userId, status: 'closed', outcome: 'interested', dueInHours: 1 },
    ]);
  });
  afterAll(async () => api?.close());

  async function summary(query: string, credentials?: TestCredentials): Promise<Summary> {
    const response = await api.app.inject({ method: 'GET', url: `/api/tasks/summary${query}`, headers: credentials ? { authorization: `Bearer ${credentials.token}` } : {} });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Summary>();
  }

  it('counts one campaign by agent and by outcome, as the rows say', async () => {
    const result = await summary(`?campaignId=${spring.campaignId}`);
    expect(result.totals).toEqual({ open: 4, overdue: 2, done: 4, cancelled: 1 });
    expect(result.byCampaign).toEqual([{ campaignId: spring.campaignId, campaignName: 'Spring calls', open: 4, overdue: 2, done: 4, cancelled: 1 }]);
    expect(result.byAgent).toEqual([
      { assigneeId: ana.userId, assigneeName: 'Ana', open: 2, overdue: 1, done: 3, cancelled: 0, outcomes: { interested: 2, objective_met: 1 } },
      { assigneeId: bob.userId, assigneeName: 'Bob', open: 1, overdue: 0, done: 1, cancelled: 0, outcomes: { no_answer: 1 } },
      { assigneeId: null, assigneeName: null, open: 1, overdue: 1, done: 0, cancelled: 1, outcomes: { timeout: 1 } },
    ]);
    expect(result.byOutcome).toEqual([
      { outcome: 'interested', count: 2 },
      { outcome: 'no_answer', count: 1 },
      { outcome: 'objective_met', count: 1 },
      { outcome: 'timeout', count: 1 },
    ]);
  });

  it('counts one run, and every campaign when none is named', async () => {
    const autumnOnly = await summary(`?runId=${autumn.runId}`);
    expect(autumnOnly.totals).toEqual({ open: 1, overdue: 1, done: 1, cancelled: 0 });
    expect(autumnOnly.byAgent.map((agent) => [agent.assigneeName, agent.outcomes])).toEqual([['Bob', { interested: 1 }]]);

    const all = await summary('');
    expect(all.totals).toEqual({ open: 5, overdue: 3, done: 5, cancelled: 1 });
    expect(all.byCampaign.map((campaign) => [campaign.campaignName, campaign.open, campaign.done])).toEqual([
      ['Autumn calls', 1, 1],
      ['Spring calls', 4, 4],
    ]);
    expect(all.byOutcome[0]).toEqual({ outcome: 'interested', count: 3 });
  });

  it('a designer of the south store counts only the south store’s calls', async () => {
    const southDesigner = await createSignedInUser(api.database.db, 'designer', { storeId: south });
    const result = await summary('', southDesigner);
    expect(result.totals).toEqual({ open: 2, overdue: 1, done: 2, cancelled: 0 });
    expect(result.byAgent.map((agent) => agent.assigneeName)).toEqual(['Bob']);
    expect(result.byOutcome).toEqual([
      { outcome: 'interested', count: 1 },
      { outcome: 'no_answer', count: 1 },
    ]);
  });

  it('is the runs’ followers’: a budget owner may read it, an agent may not', async () => {
    const owner = await createSignedInUser(api.database.db, 'budget_owner');
    expect((await summary(`?runId=${spring.runId}`, owner)).totals.done).toBe(4);
    const refused = await api.app.inject({ method: 'GET', url: '/api/tasks/summary', headers: { authorization: `Bearer ${ana.token}` } });
    expect(refused.statusCode).toBe(403);
    const bad = await api.app.inject({ method: 'GET', url: '/api/tasks/summary?runId=nope' });
    expect(bad.statusCode).toBe(400);
  });
});
