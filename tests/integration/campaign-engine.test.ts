import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun, runProgress } from '../../db/runs';
import { CAMPAIGN_WORKFLOW_TYPE, pauseSignal, resumeSignal } from '../../workflows/definitions';
import { emailCampaignFlow, graphOf, linearFlow, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { recordHistory } from '../support/histories';

const recipient = (mail: { to?: unknown }) => ((mail.to as { text?: string } | undefined)?.text ?? '');

describe('the campaign engine, second edition', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('pause followed at once by resume (before the pause lands) completes with every mail sent once', async () => {
    const { database, temporal, sink, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(120, 'quick'));
    const templateId = await seedTemplate(database.db, { subject: 'Hi {{contact.firstName}}', body: '{{salutation}}' });
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, emailCampaignFlow(templateId, { ratePerSecond: 60, rules: taggedAudience('quick').rules }));
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await eventually(async () => sink.messages.some((mail) => recipient(mail).startsWith('quick')), 30_000, 'first mail');
    await handle.signal(pauseSignal);
    await handle.signal(resumeSignal);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    const mine = sink.messages.filter((mail) => recipient(mail).startsWith('quick'));
    expect(mine).toHaveLength(120);
    expect(new Set(mine.map(recipient)).size).toBe(120);
    expect((await getRun(database.db, run.runId))?.status).toBe('completed');
  });

  it('a wait parked at a history rollover keeps its release time', async () => {
    const { database, temporal, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(5, 'park'));
    const flow = linearFlow([
      { type: 'audience', config: taggedAudience('park') },
      { type: 'wait', config: { mode: 'duration', amount: 6, unit: 'seconds' } },
      { type: 'end', config: { finalStatus: 'waited' } },
    ]);
    // A tiny history budget: the run continues as new right after the audience, parking the wait.
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow, { maxHistoryEvents: 5 });
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    let executions = 0;
    for await (const execution of temporal.client.workflow.list({ query: `WorkflowId = '${run.workflowId}'` })) {
      if (execution.type === CAMPAIGN_WORKFLOW_TYPE) executions++;
    }
    expect(executions).toBeGreaterThan(1);
    const { rows } = await database.db.query<{ node_id: string; at: Date }>(
      `SELECT node_id, min(at) AS at FROM member_steps WHERE run_id = $1 AND node_id IN ('audience-1', 'wait-2') GROUP BY node_id`,
      [run.runId],
    );
    const at = Object.fromEntries(rows.map((row) => [row.node_id, new Date(row.at).getTime()]));
    const waited = at['wait-2']! - at['audience-1']!;
    // Released after its 6 s, not after 6 s more counted again from the rollover.
    expect(waited).toBeGreaterThanOrEqual(5_500);
    expect(waited).toBeLessThan(10_000);
  });

  it('the retrying loop send(failed) → wait → generate → send sends a new message on lap two and stops at maxVisits', async () => {
    const { database, temporal, sink, taskQueue } = env;
    await seedContacts(database.db, [...taggedContacts(4, 'lap'), { email: 'lapflaky@example.test', first_name: 'Fla', last_name: 'Ky', gender: null, language: 'en', attributes: { cohort: 'lap' } }, { email: 'lapdead@example.test', first_name: 'De', last_name: 'Ad', gender: null, language: 'en', attributes: { cohort: 'lap' } }]);
    const templateId = await seedTemplate(database.db, { subject: 'Lap for {{contact.firstName}}', body: '{{salutation}}' });
    let flakyTries = 0;
    // lapflaky is refused (451) on its first try only, lapdead always.
    sink.setFault((address) => {
      if (address === 'lapdead@example.test') return { code: 451, message: '4.2.0 mailbox busy' };
      if (address === 'lapflaky@example.test' && flakyTries++ < 1) return { code: 451, message: '4.2.0 try later' };
      return undefined;
    });
    try {
      const flow = graphOf(
        [
          { id: 'audience', type: 'audience', config: taggedAudience('lap') },
          { id: 'generate', type: 'generate', config: { templateId, channel: 'email', maxVisits: 2 } },
          // A deferred mail gives up at once here, so the loop does the retrying: a real node keeps trying for two days.
          { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0, retryAfterSeconds: 0.3, giveUpAfterHours: 1e-9 } },
          { id: 'retry', type: 'wait', config: { mode: 'duration', amount: 1, unit: 'seconds' } },
          { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
        ],
        ['audience:out->generate', 'generate:ready->send', 'send:sent->end', 'send:failed->retry', 'retry:out->generate'],
      );
      const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow);
      const handle = temporal.client.workflow.getHandle(run.workflowId);
      await expect(handle.result()).resolves.toEqual({ status: 'completed' });

      const messages = await database.db.query<{ to_address: string; status: string; id: string }>(
        'SELECT to_address, status, id FROM messages WHERE run_id = $1 ORDER BY to_address, created_at',
        [run.runId],
      );
      const of = (address: string) => messages.rows.filter((row) => row.to_address === address);
      // Lap two rendered a new message, and that one went out.
      expect(of('lapflaky@example.test').map((m) => m.status)).toEqual(['failed', 'sent']);
      const delivered = sink.messages.filter((mail) => recipient(mail) === 'lapflaky@example.test');
      expect(delivered.map((mail) => mail.messageId)).toEqual([`<${of('lapflaky@example.test')[1]!.id}@campaign-studio>`]);
      // Never accepted: two laps (maxVisits 2 on generate), then the journey ends at the cap.
      expect(of('lapdead@example.test').map((m) => m.status)).toEqual(['failed', 'failed']);
      const members = await database.db.query<{ email: string; status: string }>(
        'SELECT c.email, m.status FROM campaign_members m JOIN contacts c ON c.id = m.contact_id WHERE m.run_id = $1 ORDER BY c.email',
        [run.runId],
      );
      expect(Object.fromEntries(members.rows.map((row) => [row.email, row.status]))).toEqual({
        'lap0@example.test': 'mailed',
        'lap1@example.test': 'mailed',
        'lap2@example.test': 'mailed',
        'lap3@example.test': 'mailed',
        'lapflaky@example.test': 'mailed',
        'lapdead@example.test': 'visit_limit',
      });
      const progress = await runProgress(database.db, run.runId);
      expect(progress?.nodes.generate?.outcomes).toEqual({ ready: 8, visit_limit: 1 });
      expect(progress?.finished).toBe(6);
      await recordHistory('retry-loop', handle);
    } finally {
      sink.setFault(undefined);
    }
  });

  it('never sends an empty mail: a member whose subject or body renders empty is skipped with the reason', async () => {
    const { database, temporal, sink, taskQueue } = env;
    await seedContacts(database.db, [
      { email: 'full@example.test', first_name: 'Full', last_name: 'Body', gender: null, language: 'en', attributes: { cohort: 'empty', topic: 'Spring' } },
      { email: 'hollow@example.test', first_name: 'Hol', last_name: 'Low', gender: null, language: 'en', attributes: { cohort: 'empty' } },
    ]);
    const templateId = await seedTemplate(database.db, { subject: '{{contact.attributes.topic}}', body: 'News about {{contact.attributes.topic}}' });
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, emailCampaignFlow(templateId, { rules: taggedAudience('empty').rules }));
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
    expect(sink.messages.filter((mail) => recipient(mail) === 'hollow@example.test')).toHaveLength(0);
    expect(sink.messages.filter((mail) => recipient(mail) === 'full@example.test').map((mail) => mail.subject)).toEqual(['Spring']);
    const steps = await database.db.query<{ outcome: string; detail: string }>(
      `SELECT s.outcome, s.detail FROM member_steps s JOIN contacts c ON c.id = s.contact_id WHERE s.run_id = $1 AND s.node_id = 'generate-2' AND c.email = 'hollow@example.test'`,
      [run.runId],
    );
    expect(steps.rows).toEqual([{ outcome: 'skipped', detail: 'the rendered subject is empty' }]);
  });

  it('a node that cannot work fails the run visibly, in Temporal and in Postgres, without endless retries', async () => {
    const { database, temporal, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(3, 'broken'));
    // Saved behind the API's back, so it was never checked: rendering cannot succeed however often it is tried.
    const templateId = await seedTemplate(database.db, { subject: 'Hi', body: 'Hello {{#if}}' });
    const flow = emailCampaignFlow(templateId, { rules: taggedAudience('broken').rules });
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await expect(handle.result()).rejects.toBeInstanceOf(WorkflowFailedError);
    expect((await handle.describe()).status.name).toBe('FAILED');
    const stored = await getRun(database.db, run.runId);
    expect(stored?.status).toBe('failed');
    expect(stored?.error).toMatch(/generate-2.*Template does not compile/);
  });

  it('a wait for engagement lets each contact go as they engage, and the rest at the timeout', async () => {
    const { database, temporal, sink, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(4, 'engage'));
    const templateId = await seedTemplate(database.db, { subject: 'Tell us, {{contact.firstName}}', body: '{{salutation}}' });
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('engage') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
        { id: 'listen', type: 'wait', config: { mode: 'engagement', events: ['click'], amount: 30, unit: 'seconds' } },
        { id: 'hot', type: 'end', config: { finalStatus: 'clicked' } },
        { id: 'cold', type: 'end', config: { finalStatus: 'silent' } },
      ],
      ['audience:out->generate', 'generate:ready->send', 'send:sent->listen', 'listen:engaged->hot', 'listen:timeout->cold'],
    );
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await eventually(async () => (await runProgress(database.db, run.runId))?.nodes.listen?.current === 4, 20_000, 'members listening');
    const clicker = (await database.db.query<{ id: string }>(`SELECT id FROM contacts WHERE email = 'engage2@example.test'`)).rows[0]!.id;
    const message = (await database.db.query<{ id: string }>('SELECT id FROM messages WHERE run_id = $1 AND contact_id = $2', [run.runId, clicker])).rows[0]!.id;
    const clickedAt = Date.now();
    await database.db.query(`INSERT INTO events (contact_id, run_id, message_id, type) VALUES ($1, $2, $3, 'click')`, [clicker, run.runId, message]);
    // The clicker moves on (the wait polls every second) long before the 30 s timeout, while the
    // others are still listening; the margin is wide because CI runs many files on two cores.
    await eventually(async () => (await runProgress(database.db, run.runId))?.nodes.hot?.outcomes.finished === 1, 20_000, 'the clicker released');
    expect(Date.now() - clickedAt).toBeLessThan(20_000);
    expect((await runProgress(database.db, run.runId))?.nodes.listen?.current).toBe(3);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    const members = await database.db.query<{ email: string; status: string }>(
      'SELECT c.email, m.status FROM campaign_members m JOIN contacts c ON c.id = m.contact_id WHERE m.run_id = $1 ORDER BY c.email',
      [run.runId],
    );
    expect(members.rows.map((row) => `${row.email} ${row.status}`)).toEqual([
      'engage0@example.test silent',
      'engage1@example.test silent',
      'engage2@example.test clicked',
      'engage3@example.test silent',
    ]);
    expect((await runProgress(database.db, run.runId))?.nodes.listen?.outcomes).toEqual({ engaged: 1, timeout: 3 });
    expect(sink.messages.filter((mail) => recipient(mail).startsWith('engage'))).toHaveLength(4);
    await recordHistory('engagement-wait', handle);
  });

  it('a wait until a date holds its members until then, across a rollover, with branches running side by side', async () => {
    const { database, temporal, taskQueue } = env;
    await seedContacts(database.db, [...taggedContacts(3, 'until'), { email: null, first_name: 'No', last_name: 'Mail', gender: null, language: 'en', attributes: { cohort: 'until' } }]);
    const templateId = await seedTemplate(database.db, { subject: 'Hi', body: '{{salutation}}' });
    const at = new Date(Date.now() + 6_000).toISOString();
    const flow = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('until') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
        { id: 'later', type: 'wait', config: { mode: 'until', at, amount: 1, unit: 'days' } },
        { id: 'mailed', type: 'end', config: { finalStatus: 'mailed' } },
        { id: 'unreachable', type: 'end', config: { finalStatus: 'no address' } },
      ],
      ['audience:out->generate', 'generate:ready->send', 'generate:skipped->later', 'later:out->unreachable', 'send:sent->mailed'],
    );
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, flow, { maxHistoryEvents: 30 });
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    const released = await database.db.query<{ at: Date }>(`SELECT min(at) AS at FROM member_steps WHERE run_id = $1 AND node_id = 'later'`, [run.runId]);
    expect(new Date(released.rows[0]!.at).getTime()).toBeGreaterThanOrEqual(Date.parse(at) - 50);
    const progress = await runProgress(database.db, run.runId);
    expect(progress?.nodes.mailed?.outcomes).toEqual({ finished: 3 });
    expect(progress?.nodes.unreachable?.outcomes).toEqual({ finished: 1 });
    await recordHistory('until-date-branches-rollover', handle);
  });
});
