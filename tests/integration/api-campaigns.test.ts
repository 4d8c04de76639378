import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { getRun, setRunStatus } from '../../db/runs';
import { CAMPAIGN_WORKFLOW_TYPE, workflowIdForRun } from '../../workflows/definitions';
import { emailCampaignFlow } from '../support/campaign-harness';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startTemporal } from '../support/temporal';
import { signInAsAdmin } from '../support/sign-in';

/**
 * What the API owns of a run: the row, and a workflow execution of the right type on the right
 * queue. No worker polls here, so the workflow never advances; the campaign tests cover that.
 * Each test starts the runs (and makes the campaigns) it reads, so any one runs alone or in any order.
 */
describe('campaigns and runs API', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let app: FastifyInstance;
  const taskQueue = `api-test-${randomUUID()}`;
  let flowId: string;
  let campaignId: string;
  const startedRuns: string[] = [];

  /** Service mail: these campaigns test runs, not consent (marketing mail needs a topic to start). */
  async function newCampaign(name: string): Promise<string> {
    const campaign = await app.inject({ method: 'POST', url: '/api/campaigns', payload: { name, flowId, mailPurpose: 'service' } });
    expect(campaign.statusCode).toBe(201);
    return campaign.json().id as string;
  }

  /** Start a run of the campaign through the API (its workflow is ended after the tests). */
  async function startRun(campaign = campaignId): Promise<{ runId: string; workflowId: string }> {
    const started = await app.inject({ method: 'POST', url: `/api/campaigns/${campaign}/runs` });
    expect(started.statusCode).toBe(201);
    startedRuns.push(started.json().runId);
    return started.json();
  }

  beforeAll(async () => {
    [database, temporal] = await Promise.all([createTestDatabase('cs_api_campaigns'), startTemporal()]);
    app = await buildApp({ db: database.db, temporal: temporal.client, taskQueue });
    await signInAsAdmin(app, database.db);
    const template = await app.inject({ method: 'POST', url: '/api/templates', payload: { name: 'T', channel: 'email', subject: 'Hi', body: '{{salutation}}' } });
    const flow = await app.inject({ method: 'POST', url: '/api/flows', payload: { name: 'F', graph: emailCampaignFlow(template.json().id) } });
    expect(flow.statusCode).toBe(201);
    flowId = flow.json().id;
    const campaign = await app.inject({ method: 'POST', url: '/api/campaigns', payload: { name: 'Spring', flowId, goal: 'Bring people back', mailPurpose: 'service' } });
    expect(campaign.statusCode).toBe(201);
    expect(campaign.json()).toMatchObject({ name: 'Spring', kind: 'direct', goal: 'Bring people back' });
    campaignId = campaign.json().id;
  });
  afterAll(async () => {
    for (const runId of startedRuns) await temporal?.client.workflow.getHandle(workflowIdForRun(runId)).terminate('test over').catch(() => undefined);
    await app?.close();
    await temporal?.teardown();
    await database?.drop();
  });

  it('reports itself healthy when Postgres and Temporal answer', async () => {
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
  });

  it('refuses a campaign for a flow that does not exist, naming flowId', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/campaigns', payload: { name: 'X', flowId: randomUUID() } });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ field: 'flowId', message: 'names no flow' }]);
  });

  it('starts a run: the run row and a campaign workflow with its id, on the task queue', async () => {
    const firstRunOf = await newCampaign('First run');
    const { runId, workflowId } = await startRun(firstRunOf);
    expect(workflowId).toBe(workflowIdForRun(runId));

    expect(await getRun(database.db, runId)).toMatchObject({ campaignId: firstRunOf, flowVersion: 1, workflowId, status: 'running' });
    const description = await temporal.client.workflow.getHandle(workflowId).describe();
    expect(description.type).toBe(CAMPAIGN_WORKFLOW_TYPE);
    expect(description.taskQueue).toBe(taskQueue);
    expect(description.status.name).toBe('RUNNING');

    const campaign = await app.inject({ method: 'GET', url: `/api/campaigns/${firstRunOf}` });
    expect(campaign.json().runs).toEqual([expect.objectContaining({ id: runId, status: 'running', endedAt: null })]);
    expect((await app.inject({ method: 'GET', url: '/api/campaigns' })).json()).toContainEqual(expect.objectContaining({ id: firstRunOf, name: 'First run' }));
  });

  it('says how many contacts its runs already mailed, each once, in the campaign read', async () => {
    const mailing = await newCampaign('Mailing');
    const { runId } = await startRun(mailing);
    expect((await app.inject({ method: 'GET', url: `/api/campaigns/${mailing}` })).json().contactsMailed).toBe(0);
    const contact = (id: string) => database.db.query('INSERT INTO contacts (email) VALUES ($1) RETURNING id', [id]).then((result) => result.rows[0].id as string);
    const [ana, ben, cai] = [await contact('ana@mailed.test'), await contact('ben@mailed.test'), await contact('cai@mailed.test')];
    // Ana mailed twice (a loop), Ben once, Cai's message failed: two contacts were mailed.
    for (const [contactId, status] of [[ana, 'sent'], [ana, 'sent'], [ben, 'sent'], [cai, 'failed']] as const) {
      await database.db.query(
        `INSERT INTO messages (arrival_id, run_id, node_id, contact_id, channel, to_address, body_text, status)
         VALUES (gen_random_uuid(), $1, 'send', $2, 'email', 'x@mailed.test', 'Hi', $3)`,
        [runId, contactId, status],
      );
    }
    expect((await app.inject({ method: 'GET', url: `/api/campaigns/${mailing}` })).json().contactsMailed).toBe(2);
  });

  it('refuses to start a run from a draft with problems: 422 problem+json listing them, no run written', async () => {
    const graph = emailCampaignFlow('6f1c2a4e-0000-4000-8000-000000000000');
    graph.nodes.push({ id: 'stray', type: 'end', config: { finalStatus: 'lost' }, position: { x: 0, y: 400 } });
    const draft = await app.inject({ method: 'POST', url: '/api/flows', payload: { name: 'Draft', graph } });
    expect(draft.statusCode).toBe(201);
    expect(draft.json().problems.length).toBeGreaterThan(0);
    const campaign = await app.inject({ method: 'POST', url: '/api/campaigns', payload: { name: 'Not yet', flowId: draft.json().id } });
    const runsBefore = (await database.db.query('SELECT count(*)::int AS n FROM campaign_runs')).rows[0].n;

    const refused = await app.inject({ method: 'POST', url: `/api/campaigns/${campaign.json().id}/runs` });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 422, code: 'FLOW_NOT_RUNNABLE', detail: `Version 1 of the flow has ${draft.json().problems.length} problems and cannot run; fix and save it first` });
    expect(refused.json().errors).toEqual(draft.json().problems);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_TEMPLATE', field: 'templateId' }));
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ nodeId: 'stray' }));
    expect((await database.db.query('SELECT count(*)::int AS n FROM campaign_runs')).rows[0].n).toBe(runsBefore);
  });

  it("shows a run's progress even when no worker can answer the state query", async () => {
    const { runId } = await startRun();
    const progress = await app.inject({ method: 'GET', url: `/api/runs/${runId}` });
    expect(progress.statusCode).toBe(200);
    expect(progress.json()).toMatchObject({ run: { id: runId, status: 'running' }, members: 0, finished: 0, nodes: {}, workflow: null });
  });

  it('accepts pause, resume and cancel for a live run; refuses them once the run has ended', async () => {
    const { runId } = await startRun();
    for (const action of ['pause', 'resume', 'cancel']) {
      const response = await app.inject({ method: 'POST', url: `/api/runs/${runId}/${action}` });
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual({ runId, requested: action });
    }
    const history = await temporal.client.workflow.getHandle(workflowIdForRun(runId)).fetchHistory();
    const signals = (history.events ?? []).flatMap((event) => event.workflowExecutionSignaledEventAttributes?.signalName ?? []);
    expect(signals).toEqual(['pause', 'resume']);
    // Cancel is Temporal's own cancellation request, so Temporal can show the run as Canceled.
    expect((history.events ?? []).some((event) => event.workflowExecutionCancelRequestedEventAttributes)).toBe(true);

    await setRunStatus(database.db, runId, 'cancelled');
    const late = await app.inject({ method: 'POST', url: `/api/runs/${runId}/pause` });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'RUN_FINISHED' });
    const missing = await app.inject({ method: 'POST', url: `/api/runs/${randomUUID()}/pause` });
    expect(missing.statusCode).toBe(404);
  });

  /** The audit rows about a run, oldest first, as the admin's audit log shows them. */
  async function runAudit(runId: string, via = app) {
    const response = await via.inject({ method: 'GET', url: `/api/audit?entity=run&entityId=${runId}` });
    expect(response.statusCode).toBe(200);
    return (response.json().items as { action: string; actorKind: string; actorId: string | null; diff: unknown }[]).reverse();
  }

  it('audits a start and every pause, resume and cancel request as the caller who made it', async () => {
    const me = (await app.inject({ method: 'GET', url: '/api/auth/me' })).json();
    const { runId } = await startRun();
    for (const action of ['pause', 'resume', 'cancel']) expect((await app.inject({ method: 'POST', url: `/api/runs/${runId}/${action}` })).statusCode).toBe(202);
    const run = await getRun(database.db, runId);
    expect(await runAudit(runId)).toEqual([
      { action: 'run.start', diff: { campaignId, flowId, flowVersion: run!.flowVersion } },
      { action: 'run.pause', diff: { campaignId, status: 'running' } },
      { action: 'run.resume', diff: { campaignId, status: 'running' } },
      { action: 'run.cancel', diff: { campaignId, status: 'running' } },
    ].map((row) => expect.objectContaining({ ...row, actorKind: 'token', actorId: me.id })));

    // A request refused before any signal (the run has ended) leaves no row.
    await setRunStatus(database.db, runId, 'cancelled');
    expect((await app.inject({ method: 'POST', url: `/api/runs/${runId}/pause` })).statusCode).toBe(409);
    expect(await runAudit(runId)).toHaveLength(4);
  });

  it('audits a start that Temporal refused as started, then discarded', async () => {
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const offline = await buildApp({ db: database.db, temporal: unreachable, taskQueue });
    await signInAsAdmin(offline, database.db);
    try {
      const before = (await database.db.query(`SELECT coalesce(max(id), 0) AS id FROM audit_log`)).rows[0].id;
      expect((await offline.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/runs` })).statusCode).toBe(503);
      const { rows } = await database.db.query(`SELECT action, entity_id AS "entityId", diff FROM audit_log WHERE id > $1 AND entity = 'run' ORDER BY id`, [before]);
      expect(rows).toEqual([
        { action: 'run.start', entityId: expect.any(String), diff: expect.objectContaining({ campaignId }) },
        { action: 'run.discard', entityId: rows[0].entityId, diff: { reason: 'the workflow service did not accept the run' } },
      ]);
      expect(await getRun(database.db, rows[0].entityId)).toBeUndefined();
    } finally {
      await offline.close();
      await unreachable.connection.close();
    }
  });

  it('leaves no run behind when Temporal cannot be reached', async () => {
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const offline = await buildApp({ db: database.db, temporal: unreachable, taskQueue });
    await signInAsAdmin(offline, database.db);
    try {
      const runsBefore = (await database.db.query('SELECT count(*)::int AS n FROM campaign_runs')).rows[0].n;
      const response = await offline.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/runs` });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ code: 'WORKFLOW_UNAVAILABLE' });
      expect((await database.db.query('SELECT count(*)::int AS n FROM campaign_runs')).rows[0].n).toBe(runsBefore);

      const health = await offline.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ database: 'ok', temporal: 'down' });
    } finally {
      await offline.close();
      await unreachable.connection.close();
    }
  });
});
