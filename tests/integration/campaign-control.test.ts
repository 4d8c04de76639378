import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun, runProgress } from '../../db/runs';
import { WorkflowFailedError } from '@temporalio/client';
import { CAMPAIGN_WORKFLOW_TYPE, pauseSignal, resumeSignal, stateQuery } from '../../workflows/definitions';
import { emailCampaignFlow, linearFlow, seedContacts, seedTemplate, startCampaignRun, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { recordHistory } from '../support/histories';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('controlling a running campaign', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv({ refuseRecipient: (address) => address.endsWith('@refused.test') });
  });
  afterAll(() => env?.stop());

  it('pause stops sending between pages; resume finishes with every mail sent exactly once', async () => {
    const { database, temporal, sink, taskQueue } = env;
    const before = sink.messages.length;
    await seedContacts(database.db, taggedContacts(200, 'pause'));
    const templateId = await seedTemplate(database.db, { subject: 'Hello {{contact.firstName}}', body: '{{salutation}}' });
    const flow = emailCampaignFlow(templateId, {
      ratePerSecond: 40,
      rules: [{ field: 'attributes.cohort', operator: 'eq', value: 'pause' }],
    });
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow);
    const handle = temporal.client.workflow.getHandle(run.workflowId);

    await sink.waitFor(before + 40, 30_000);
    await handle.signal(pauseSignal);
    await eventually(async () => (await getRun(database.db, run.runId))?.status === 'paused', 10_000, 'run paused in DB');
    expect((await handle.query(stateQuery)).status).toBe('paused');
    // The page in flight finishes and the send activity stops; after that nothing leaves.
    await eventually(
      async () => (await handle.query(stateQuery)).arrivals.some((a) => a.nodeId === 'send-3' && a.phase === 'paused'),
      20_000,
      'send activity stopped',
    );
    const whilePaused = sink.messages.length;
    await sleep(2_000);
    expect(sink.messages.length).toBe(whilePaused);
    expect(whilePaused - before).toBeLessThan(200);
    const sendNode = (await runProgress(database.db, run.runId))!.nodes['send-3']!;
    expect(sendNode.current).toBe(200 - (whilePaused - before));

    await handle.signal(resumeSignal);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    await sink.waitFor(before + 200, 5_000);
    const mine = sink.messages.slice(before);
    expect(mine).toHaveLength(200);
    expect(new Set(mine.map((mail) => mail.messageId)).size).toBe(200);
    expect((await getRun(database.db, run.runId))?.status).toBe('completed');
    await recordHistory('pause-resume', handle);
  });

  it('a wait node holds its cohort durably, visible in progress and state, then lets it through', async () => {
    const { database, temporal, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(30, 'wait'));
    const flow = linearFlow([
      { type: 'audience', config: { match: 'all', rules: [{ field: 'attributes.cohort', operator: 'eq', value: 'wait' }] } },
      { type: 'wait', config: { mode: 'duration', amount: 3, unit: 'seconds' } },
      { type: 'end', config: { finalStatus: 'waited' } },
    ]);
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    const waiting = await eventually(async () => (await runProgress(database.db, run.runId))?.nodes['wait-2']?.current === 30, 10_000, 'members at the wait');
    expect(waiting).toBe(true);
    const state = await handle.query(stateQuery);
    expect(state.arrivals).toEqual([expect.objectContaining({ nodeId: 'wait-2', phase: 'waiting' })]);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    const progress = await runProgress(database.db, run.runId);
    expect(progress?.nodes['wait-2']).toEqual({ current: 0, outcomes: { out: 30 } });
    expect(progress?.finished).toBe(30);
    await recordHistory('wait-duration', handle);
  });

  it('cancel ends the run where it stands: nobody moves on, the run is marked cancelled', async () => {
    const { database, temporal, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(10, 'cancel'));
    const flow = linearFlow([
      { type: 'audience', config: { match: 'all', rules: [{ field: 'attributes.cohort', operator: 'eq', value: 'cancel' }] } },
      { type: 'wait', config: { mode: 'duration', amount: 1, unit: 'hours' } },
      { type: 'end', config: { finalStatus: 'done' } },
    ]);
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await eventually(async () => (await runProgress(database.db, run.runId))?.nodes['wait-2']?.current === 10, 10_000, 'members at the wait');
    await handle.cancel();
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    // Temporal itself says Canceled, not Completed with a result that says so.
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    const progress = await runProgress(database.db, run.runId);
    expect(progress?.run.status).toBe('cancelled');
    expect(progress?.nodes['end-3']).toBeUndefined();
    expect(progress?.nodes['wait-2']?.current).toBe(10);
    await recordHistory('cancel-during-wait', handle);
  });

  it('rolls a long run over with continueAsNew, carrying waiting cohorts, and still finishes everyone', async () => {
    const { database, temporal, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(12, 'roll'));
    const flow = linearFlow([
      { type: 'audience', config: { match: 'all', rules: [{ field: 'attributes.cohort', operator: 'eq', value: 'roll' }] } },
      { type: 'wait', config: { mode: 'duration', amount: 1, unit: 'seconds' } },
      { type: 'wait', config: { mode: 'duration', amount: 1, unit: 'seconds' } },
      { type: 'wait', config: { mode: 'duration', amount: 1, unit: 'seconds' } },
      { type: 'end', config: { finalStatus: 'rolled' } },
    ]);
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow, { maxHistoryEvents: 12 });
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    const chain = temporal.client.workflow.list({ query: `WorkflowId = '${run.workflowId}'` });
    let executions = 0;
    for await (const execution of chain) if (execution.type === CAMPAIGN_WORKFLOW_TYPE) executions++;
    // One workflow id, several executions: the run continued as new at least once.
    expect(executions).toBeGreaterThan(1);
    const progress = await runProgress(database.db, run.runId);
    expect(progress?.run.status).toBe('completed');
    expect(progress?.finished).toBe(12);
    expect(progress?.nodes['wait-4']?.outcomes).toEqual({ out: 12 });
  });

  it('routes a contact without an address to skipped and a refused recipient (550) to bounced, with the reply', async () => {
    const { database, temporal, taskQueue } = env;
    await seedContacts(database.db, [
      ...taggedContacts(5, 'route'),
      { email: 'nobody@refused.test', first_name: 'Re', last_name: 'Fused', gender: null, language: 'en', attributes: { cohort: 'route' } },
      { email: null, first_name: 'No', last_name: 'Address', gender: null, language: 'en', attributes: { cohort: 'route' } },
    ]);
    const templateId = await seedTemplate(database.db, { subject: 'Hi', body: '{{salutation}}' });
    const flow = linearFlow([
      { type: 'audience', config: { match: 'all', rules: [{ field: 'attributes.cohort', operator: 'eq', value: 'route' }] } },
      { type: 'generate', config: { templateId, channel: 'email' }, handle: 'ready' },
      { type: 'send', config: { channel: 'email', ratePerSecond: 0 }, handle: 'sent' },
      { type: 'end', config: { finalStatus: 'mailed' } },
    ]);
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow);
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });

    const progress = await runProgress(database.db, run.runId);
    expect(progress?.nodes['generate-2']?.outcomes).toEqual({ ready: 6, skipped: 1 });
    expect(progress?.nodes['send-3']?.outcomes).toEqual({ sent: 5, bounced: 1 });
    expect(progress?.nodes['end-4']?.outcomes).toEqual({ finished: 5 });
    // Outputs without an edge end the journey there: all seven are finished, none stuck.
    expect(progress?.finished).toBe(7);
    const failed = await database.db.query<{ to_address: string; status: string; error: string }>(
      "SELECT to_address, status, error FROM messages WHERE run_id = $1 AND status <> 'sent'",
      [run.runId],
    );
    expect(failed.rows).toEqual([{ to_address: 'nobody@refused.test', status: 'bounced', error: expect.stringContaining('mailbox unavailable') }]);
  });
});
