import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { runProgress } from '../../db/runs';
import { graphOf, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { recordHistory } from '../support/histories';
import { signInAsAdmin } from '../support/sign-in';

const recipient = (mail: { to?: unknown }) => ((mail.to as { text?: string } | undefined)?.text ?? '');

/** audience → generate → review → send → end, the review's outputs as the test says. */
function reviewedFlow(templateId: string, prefix: string, review: Record<string, unknown>, extraEdges: string[] = []) {
  return graphOf(
    [
      { id: 'audience', type: 'audience', config: taggedAudience(prefix) },
      { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
      { id: 'review', type: 'review', config: { instructions: 'Check the greeting', onDeadline: 'approve', ...review } },
      { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
      { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
      { id: 'dropped', type: 'end', config: { finalStatus: 'not mailed' } },
    ],
    ['audience:out->generate', 'generate:ready->review', 'review:approved->send', 'send:sent->end', 'review:excluded->dropped', ...extraEdges],
  );
}

describe('the review node: a human gate over the generated messages', () => {
  let env: CampaignEnv;
  let app: FastifyInstance;
  let templateId: string;
  beforeAll(async () => {
    env = await startCampaignEnv();
    app = await buildApp({ db: env.database.db, temporal: env.temporal.client, taskQueue: env.taskQueue });
    await signInAsAdmin(app, env.database.db);
    templateId = await seedTemplate(env.database.db, { subject: 'For {{contact.firstName}}', body: '{{salutation}}' });
  });
  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  it('holds the messages until a reviewer approves; the excluded contact gets nothing and leaves with the reason', async () => {
    const { database, temporal, sink, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(5, 'rev'));
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, reviewedFlow(templateId, 'rev', {}));
    const handle = temporal.client.workflow.getHandle(run.workflowId);

    const task = await eventually(async () => (await app.inject({ method: 'GET', url: '/api/reviews' })).json<{ id: string; runId: string }[]>().find((t) => t.runId === run.runId), 20_000, 'review task');
    const page = (await app.inject({ method: 'GET', url: `/api/reviews/${task.id}/messages` })).json<{ messages: { id: string; toAddress: string; subject: string }[] }>();
    expect(page.messages.map((m) => m.toAddress).sort()).toEqual(['rev0@example.test', 'rev1@example.test', 'rev2@example.test', 'rev3@example.test', 'rev4@example.test']);
    expect(page.messages.find((m) => m.toAddress === 'rev1@example.test')?.subject).toBe('For F1');
    // Nothing leaves while the review is open.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(sink.messages.filter((mail) => recipient(mail).startsWith('rev'))).toHaveLength(0);
    expect((await runProgress(database.db, run.runId))?.nodes.review?.current).toBe(5);

    const excluded = page.messages.find((m) => m.toAddress === 'rev3@example.test')!;
    const exclusion = await app.inject({ method: 'POST', url: `/api/reviews/${task.id}/exclusions`, payload: { messageIds: [excluded.id], reason: 'asked not to be contacted by phone call' } });
    expect(exclusion.json()).toEqual({ excluded: [excluded.id] });
    const approval = await app.inject({ method: 'POST', url: `/api/reviews/${task.id}/approve` });
    expect(approval.statusCode).toBe(200);
    expect(approval.json()).toMatchObject({ status: 'closed', outcome: 'approved' });
    // A closed review cannot change any more.
    expect((await app.inject({ method: 'POST', url: `/api/reviews/${task.id}/approve` })).statusCode).toBe(409);

    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    const delivered = sink.messages.filter((mail) => recipient(mail).startsWith('rev')).map(recipient).sort();
    expect(delivered).toEqual(['rev0@example.test', 'rev1@example.test', 'rev2@example.test', 'rev4@example.test']);
    const progress = await runProgress(database.db, run.runId);
    expect(progress?.nodes.review?.outcomes).toEqual({ approved: 4, excluded: 1 });
    const step = await database.db.query<{ detail: string }>(
      `SELECT s.detail FROM member_steps s JOIN contacts c ON c.id = s.contact_id WHERE s.run_id = $1 AND s.node_id = 'review' AND c.email = 'rev3@example.test'`,
      [run.runId],
    );
    expect(step.rows).toEqual([{ detail: 'asked not to be contacted by phone call' }]);
    await recordHistory('review-approved', handle);
  });

  it('at the deadline, an unanswered review approves (or stops) as the node says', async () => {
    const { database, temporal, sink, taskQueue } = env;
    await seedContacts(database.db, [...taggedContacts(2, 'late'), ...taggedContacts(2, 'stop')]);
    const deadline = { deadlineHours: 3 / 3600 };
    const approving = await startCampaignRun(database.db, temporal.client, taskQueue, reviewedFlow(templateId, 'late', deadline));
    const stopping = await startCampaignRun(database.db, temporal.client, taskQueue, reviewedFlow(templateId, 'stop', { ...deadline, onDeadline: 'expire' }));
    await expect(temporal.client.workflow.getHandle(approving.workflowId).result()).resolves.toEqual({ status: 'completed' });
    await expect(temporal.client.workflow.getHandle(stopping.workflowId).result()).resolves.toEqual({ status: 'completed' });
    expect(sink.messages.filter((mail) => recipient(mail).startsWith('late'))).toHaveLength(2);
    expect(sink.messages.filter((mail) => recipient(mail).startsWith('stop'))).toHaveLength(0);
    expect((await runProgress(database.db, stopping.runId))?.nodes.review?.outcomes).toEqual({ expired: 2 });
    const tasks = await database.db.query<{ outcome: string }>(`SELECT outcome FROM tasks WHERE run_id = ANY($1::uuid[]) ORDER BY outcome`, [[approving.runId, stopping.runId]]);
    expect(tasks.rows.map((row) => row.outcome)).toEqual(['approved', 'expired']);
  });
});
