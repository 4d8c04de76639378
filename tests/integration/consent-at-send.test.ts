/**
 * Consent at send (issue 11, item 1), on real Postgres, Temporal and an SMTP server read by
 * mailparser: a marketing campaign about a topic mails only the topic's confirmed subscribers
 * who are not on the suppression list and have not withdrawn e-mail consent; the others receive
 * nothing and leave by `suppressed` with their reason. Consent that changes between generate and
 * send (here while a review waits) wins: the refusal is asked again just before the claim.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { SYSTEM_ACTOR } from '../../db/audit';
import { recordChannelConsent } from '../../db/consent-records';
import { runProgress } from '../../db/runs';
import { requestSubscription, unsubscribe } from '../../db/subscriptions';
import { addSuppression } from '../../db/suppressions';
import { SUPPRESS_REASONS } from '../../flow/nodes/send';
import { graphOf, seedContacts, seedTemplate, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { startMarketingRun, topicWithSubscribers } from '../support/marketing-run';
import { signInAsAdmin } from '../support/sign-in';

const recipient = (mail: { to?: unknown }) => ((mail.to as { text?: string } | undefined)?.text ?? '');

describe('consent is checked at send: only confirmed subscribers who may be mailed receive', () => {
  let env: CampaignEnv;
  let app: FastifyInstance;
  let templateId: string;
  beforeAll(async () => {
    env = await startCampaignEnv();
    app = await buildApp({ db: env.database.db, temporal: env.temporal.client, taskQueue: env.taskQueue });
    await signInAsAdmin(app, env.database.db);
    templateId = await seedTemplate(env.database.db, { subject: 'An offer for {{contact.firstName}}', body: '{{salutation}}, here is our offer.' });
  });
  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  /** Each member's way out of the run and why, by e-mail address (whichever node refused it). */
  async function suppressedSteps(runId: string): Promise<Record<string, string>> {
    const { rows } = await env.database.db.query<{ email: string; detail: string }>(
      `SELECT c.email, s.detail FROM member_steps s JOIN contacts c ON c.id = s.contact_id
       WHERE s.run_id = $1 AND s.outcome = 'suppressed' ORDER BY c.email`,
      [runId],
    );
    return Object.fromEntries(rows.map((row) => [row.email, row.detail]));
  }

  it('suppressed, unsubscribed, never-subscribed and withdrawn contacts get nothing and leave by `suppressed` with their reason', async () => {
    const { database, temporal, sink, taskQueue } = env;
    const { db } = database;
    const names = ['subscriber', 'listed', 'unsubscribed', 'never', 'withdrawn'];
    const ids = await seedContacts(db, names.map((name) => ({ email: `${name}@consent.test`, first_name: name, last_name: 'Doe', gender: null, language: 'en', attributes: { cohort: 'consent' } })));
    const byName = Object.fromEntries(names.map((name, i) => [name, ids[i]!]));
    const topicId = await topicWithSubscribers(db, 'offers', [byName.subscriber!, byName.listed!, byName.unsubscribed!, byName.withdrawn!]);
    await addSuppression(db, SYSTEM_ACTOR, { channel: 'email', address: 'listed@consent.test', reason: 'complaint' });
    await unsubscribe(db, SYSTEM_ACTOR, { contactId: byName.unsubscribed! }, 'offers', { source: 'unsubscribe link' });
    await recordChannelConsent(db, SYSTEM_ACTOR, byName.withdrawn!, { channel: 'email', action: 'withdrawn', source: 'phone call' });

    const graph = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('consent') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
        { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
      ],
      ['audience:out->generate', 'generate:ready->send', 'send:sent->end'],
    );
    const run = await startMarketingRun(db, temporal.client, taskQueue, graph, topicId);
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });

    expect(sink.messages.filter((mail) => recipient(mail).endsWith('@consent.test')).map(recipient)).toEqual(['subscriber@consent.test']);
    expect(await suppressedSteps(run.runId)).toEqual({
      'listed@consent.test': 'on the suppression list (complaint)',
      'unsubscribed@consent.test': SUPPRESS_REASONS.unsubscribed('offers'),
      'never@consent.test': 'not subscribed to topic offers',
      'withdrawn@consent.test': 'e-mail consent withdrawn',
    });
    const sent = await db.query<{ to: string }>(`SELECT to_address AS to FROM messages WHERE run_id = $1 AND status = 'sent'`, [run.runId]);
    expect(sent.rows).toEqual([{ to: 'subscriber@consent.test' }]);
  });

  it('an unsubscribe (or a suppression) between generate and send wins: the message is not sent, the member leaves by `suppressed`', async () => {
    const { database, temporal, sink, taskQueue } = env;
    const { db } = database;
    const ids = await seedContacts(db, taggedContacts(3, 'late'));
    const topicId = await topicWithSubscribers(db, 'late-offers', ids);
    const graph = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('late') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'review', type: 'review', config: { instructions: 'Check the offer', onDeadline: 'approve' } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
        { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
      ],
      ['audience:out->generate', 'generate:ready->review', 'review:approved->send', 'send:sent->end'],
    );
    const run = await startMarketingRun(db, temporal.client, taskQueue, graph, topicId);
    const handle = temporal.client.workflow.getHandle(run.workflowId);

    // All three were rendered while all three were subscribed.
    const task = await eventually(async () => (await app.inject({ method: 'GET', url: '/api/reviews' })).json<{ id: string; runId: string }[]>().find((t) => t.runId === run.runId), 20_000, 'review task');
    const drafted = await db.query<{ to: string }>(`SELECT to_address AS to FROM messages WHERE run_id = $1 ORDER BY to_address`, [run.runId]);
    expect(drafted.rows.map((row) => row.to)).toEqual(['late0@example.test', 'late1@example.test', 'late2@example.test']);

    // While the review waits: late1 unsubscribes, late2's address goes on the suppression list.
    await unsubscribe(db, SYSTEM_ACTOR, { contactId: ids[1]! }, 'late-offers', { source: 'unsubscribe link' });
    await addSuppression(db, SYSTEM_ACTOR, { channel: 'email', address: 'late2@example.test', reason: 'unsubscribe' });
    expect((await app.inject({ method: 'POST', url: `/api/reviews/${task.id}/approve` })).statusCode).toBe(200);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });

    const late = sink.messages.filter((mail) => recipient(mail).startsWith('late'));
    expect(late.map(recipient)).toEqual(['late0@example.test']);
    expect(await suppressedSteps(run.runId)).toEqual({
      'late1@example.test': 'unsubscribed from topic late-offers',
      'late2@example.test': 'on the suppression list (unsubscribe)',
    });
    expect((await runProgress(db, run.runId))?.nodes.send?.outcomes).toEqual({ sent: 1, suppressed: 2 });
    const statuses = await db.query<{ to: string; status: string; error: string | null }>(
      `SELECT to_address AS to, status, error FROM messages WHERE run_id = $1 ORDER BY to_address`,
      [run.runId],
    );
    expect(statuses.rows).toEqual([
      { to: 'late0@example.test', status: 'sent', error: null },
      { to: 'late1@example.test', status: 'suppressed', error: 'unsubscribed from topic late-offers' },
      { to: 'late2@example.test', status: 'suppressed', error: 'on the suppression list (unsubscribe)' },
    ]);

    // The mail that left carries the headers stored with its message (List-Unsubscribe, one-click POST).
    const stored = await db.query<{ headers: Record<string, string> }>(`SELECT headers FROM messages WHERE run_id = $1 AND to_address = 'late0@example.test'`, [run.runId]);
    const headers = stored.rows[0]!.headers;
    expect(Object.keys(headers)).toEqual(expect.arrayContaining(['List-Unsubscribe', 'List-Unsubscribe-Post']));
    const unfolded = (name: string) => late[0]!.headerLines.find((line) => line.key === name.toLowerCase())?.line.replace(/\r?\n(?=[ \t])/g, '');
    for (const [name, value] of Object.entries(headers)) expect(unfolded(name)).toBe(`${name}: ${value}`);
  });

  it('a contact who subscribes again is mailed again: the refusal is about now, not about the past', async () => {
    const { database, temporal, sink, taskQueue } = env;
    const { db } = database;
    const [back] = await seedContacts(db, [{ email: 'back@consent.test', first_name: 'Back', last_name: 'Again', gender: null, language: 'en', attributes: { cohort: 'back' } }]);
    const topicId = await topicWithSubscribers(db, 'comeback', [back!]);
    await unsubscribe(db, SYSTEM_ACTOR, { contactId: back! }, 'comeback', { source: 'unsubscribe link' });
    await requestSubscription(db, SYSTEM_ACTOR, { contactId: back! }, { topic: 'comeback', source: 'web form', textShown: 'Send me offers again' });
    const graph = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('back') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
      ],
      ['audience:out->generate', 'generate:ready->send'],
    );
    const run = await startMarketingRun(db, temporal.client, taskQueue, graph, topicId);
    await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
    expect(sink.messages.filter((mail) => recipient(mail) === 'back@consent.test')).toHaveLength(1);
  });
});
