/**
 * The send node's frequency cap (issue 11, item 6) on real Postgres, Temporal and an SMTP server:
 * a contact who already received the cap's number of marketing mails in its period (from any
 * campaign) leaves by `capped` and receives nothing; mails older than the period, and service
 * mail, do not count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgress } from '../../db/runs';
import { cappedReason } from '../../flow/nodes/send';
import { graphOf, seedContacts, seedTemplate, startCampaignRun, type SeedContact } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { startMarketingRun, topicWithSubscribers } from '../support/marketing-run';

const recipient = (mail: { to?: unknown }) => ((mail.to as { text?: string } | undefined)?.text ?? '');
const contact = (email: string, cohorts: string[]): SeedContact => ({
  email,
  first_name: email.split('@')[0]!,
  last_name: 'Doe',
  gender: null,
  language: 'en',
  attributes: Object.fromEntries(cohorts.map((cohort) => [cohort, 'yes'])),
});
/** Contacts flagged `attributes.<flag> = 'yes'`. */
const flagged = (flag: string) => ({ match: 'all', rules: [{ field: `attributes.${flag}`, operator: 'eq', value: 'yes' }] });

function mailFlow(templateId: string, flag: string, send: Record<string, unknown> = {}) {
  return graphOf(
    [
      { id: 'audience', type: 'audience', config: flagged(flag) },
      { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
      { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0, ...send } },
      { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
    ],
    ['audience:out->generate', 'generate:ready->send', 'send:sent->end'],
  );
}

describe('frequency cap: at most N marketing mails per contact per period, across campaigns', () => {
  let env: CampaignEnv;
  let templateId: string;
  beforeAll(async () => {
    env = await startCampaignEnv();
    templateId = await seedTemplate(env.database.db, { subject: 'Offer for {{contact.firstName}}', body: '{{salutation}}, an offer.' });
  });
  afterAll(() => env?.stop());

  it('a contact mailed twice this week leaves by `capped` (cap 2 per 7 days); an old mail and service mail do not count', async () => {
    const { database, temporal, sink, taskQueue } = env;
    const { db } = database;
    // busy: two marketing mails this week. old: two, but one of them 8 days ago. served: one
    // marketing and one service mail this week. fresh: none.
    const ids = await seedContacts(db, [
      contact('busy@cap.test', ['m1', 'm2', 'capped']),
      contact('old@cap.test', ['m1', 'm2', 'capped']),
      contact('served@cap.test', ['m1', 'service', 'capped']),
      contact('fresh@cap.test', ['capped']),
    ]);
    const topicId = await topicWithSubscribers(db, 'weekly', ids);
    const finish = async (run: { workflowId: string }) => expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
    await finish(await startMarketingRun(db, temporal.client, taskQueue, mailFlow(templateId, 'm1'), topicId));
    await db.query(`UPDATE messages SET sent_at = now() - interval '8 days' WHERE to_address = 'old@cap.test'`);
    await finish(await startMarketingRun(db, temporal.client, taskQueue, mailFlow(templateId, 'm2'), topicId));
    await finish(await startCampaignRun(db, temporal.client, taskQueue, mailFlow(templateId, 'service')));
    const before = sink.messages.filter((mail) => recipient(mail).endsWith('@cap.test')).length;
    expect(before).toBe(6);

    const cap = { max: 2, days: 7 };
    const graph = graphOf(
      [
        { id: 'audience', type: 'audience', config: flagged('capped') },
        { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0, frequencyCap: cap } },
        { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
        { id: 'later', type: 'end', config: { finalStatus: 'over the cap' } },
      ],
      ['audience:out->generate', 'generate:ready->send', 'send:sent->end', 'send:capped->later'],
    );
    const run = await startMarketingRun(db, temporal.client, taskQueue, graph, topicId);
    await finish(run);

    const received = sink.messages.slice(before).filter((mail) => recipient(mail).endsWith('@cap.test')).map(recipient).sort();
    expect(received).toEqual(['fresh@cap.test', 'old@cap.test', 'served@cap.test']);
    expect((await runProgress(db, run.runId))?.nodes.send?.outcomes).toEqual({ sent: 3, capped: 1 });
    const busy = await db.query<{ status: string; error: string; finalStatus: string; detail: string }>(
      `SELECT m.status, m.error, cm.status AS "finalStatus", s.detail FROM messages m
       JOIN campaign_members cm ON cm.run_id = m.run_id AND cm.contact_id = m.contact_id
       JOIN member_steps s ON s.run_id = m.run_id AND s.contact_id = m.contact_id AND s.node_id = 'send'
       WHERE m.run_id = $1 AND m.to_address = 'busy@cap.test'`,
      [run.runId],
    );
    expect(busy.rows).toEqual([{ status: 'capped', error: cappedReason(cap), finalStatus: 'over the cap', detail: 'frequency cap reached: 2 marketing mails in the last 7 days' }]);
  });
});
