import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgress } from '../../db/runs';
import { graphOf, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';

const recipient = (mail: { to?: unknown }) => ((mail.to as { text?: string } | undefined)?.text ?? '');

/** audience → generate → send → end, with the send node's retry settings. */
function sendFlow(templateId: string, prefix: string, send: Record<string, unknown>) {
  return graphOf(
    [
      { id: 'audience', type: 'audience', config: taggedAudience(prefix) },
      { id: 'generate', type: 'generate', config: { templateId, channel: 'email' } },
      { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0, ...send } },
      { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
    ],
    ['audience:out->generate', 'generate:ready->send', 'send:sent->end'],
  );
}

describe('send faults, as a mail server treats them (real SMTP server)', () => {
  let env: CampaignEnv;
  let templateId: string;
  beforeAll(async () => {
    env = await startCampaignEnv();
    templateId = await seedTemplate(env.database.db, { subject: 'Offer for {{contact.firstName}}', body: '{{salutation}}' });
  });
  afterAll(() => env?.stop());
  const messageStatuses = async (runId: string) =>
    (await env.database.db.query<{ status: string; count: number }>('SELECT status, count(*)::int AS count FROM messages WHERE run_id = $1 GROUP BY status', [runId])).rows;

  it('a 10 s burst of 451 for everyone: the node backs off, then every message is delivered, none failed', async () => {
    const { database, temporal, sink, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(300, 'burst'));
    const burstEnds = Date.now() + 10_000;
    sink.setFault(() => (Date.now() < burstEnds ? { code: 451, message: '4.3.2 System not accepting network messages' } : undefined));
    try {
      const run = await startCampaignRun(database.db, temporal.client, taskQueue, sendFlow(templateId, 'burst', { retryAfterSeconds: 1 }));
      await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
      const delivered = sink.messages.filter((mail) => recipient(mail).startsWith('burst'));
      expect(new Set(delivered.map(recipient)).size).toBe(300);
      expect(delivered).toHaveLength(300);
      expect(await messageStatuses(run.runId)).toEqual([{ status: 'sent', count: 300 }]);
      expect((await runProgress(database.db, run.runId))?.nodes.send?.outcomes).toEqual({ sent: 300 });
      // The relay was tried during the burst, but as a node backing off, not 300 times a second.
      const refusedTries = sink.attempts.filter((address) => address.startsWith('burst')).length - 300;
      expect(refusedTries).toBeGreaterThan(0);
      expect(refusedTries).toBeLessThan(300 * 3);
    } finally {
      sink.setFault(undefined);
    }
  });

  it('greylisting (451 twice, then accepted): delivered on the third try; the run completes only after that', async () => {
    const { database, temporal, sink, taskQueue } = env;
    await seedContacts(database.db, [...taggedContacts(5, 'grey'), { email: 'greylisted@example.test', first_name: 'Grey', last_name: 'Listed', gender: null, language: 'en', attributes: { cohort: 'grey' } }]);
    let refusals = 0;
    sink.setFault((address) => (address === 'greylisted@example.test' && refusals++ < 2 ? { code: 451, message: '4.7.1 Greylisted, try again later' } : undefined));
    try {
      // Retries after 3 s, then 6 s: the second falls beyond the batch's 5 s, so the workflow sleeps for it.
      const run = await startCampaignRun(database.db, temporal.client, taskQueue, sendFlow(templateId, 'grey', { retryAfterSeconds: 3 }));
      const handle = temporal.client.workflow.getHandle(run.workflowId);
      await expect(handle.result()).resolves.toEqual({ status: 'completed' });
      expect(sink.messages.filter((mail) => recipient(mail) === 'greylisted@example.test')).toHaveLength(1);
      const grey = await database.db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM messages WHERE run_id = $1 AND to_address = 'greylisted@example.test'`, [run.runId]);
      expect(grey.rows).toEqual([{ status: 'sent', attempts: 3 }]);
      expect(await messageStatuses(run.runId)).toEqual([{ status: 'sent', count: 6 }]);
      // The workflow slept durably (a timer) while the message was deferred, instead of holding the activity.
      const history = await handle.fetchHistory();
      expect(history.events?.some((event) => event.timerStartedEventAttributes)).toBe(true);
    } finally {
      sink.setFault(undefined);
    }
  });

  it('550 is a bounce: the member leaves by `bounced` with the server reply, the others are sent', async () => {
    const { database, temporal, taskQueue, sink } = env;
    await seedContacts(database.db, [...taggedContacts(3, 'hard'), { email: 'gone@example.test', first_name: 'Gone', last_name: 'Away', gender: null, language: 'en', attributes: { cohort: 'hard' } }]);
    sink.setFault((address) => (address === 'gone@example.test' ? { code: 550, message: '5.1.1 <gone@example.test>: user unknown' } : undefined));
    try {
      const run = await startCampaignRun(database.db, temporal.client, taskQueue, sendFlow(templateId, 'hard', {}));
      await expect(temporal.client.workflow.getHandle(run.workflowId).result()).resolves.toEqual({ status: 'completed' });
      const bounced = await database.db.query<{ status: string; error: string }>(`SELECT status, error FROM messages WHERE run_id = $1 AND to_address = 'gone@example.test'`, [run.runId]);
      expect(bounced.rows).toEqual([{ status: 'bounced', error: expect.stringContaining('user unknown') }]);
      const step = await database.db.query<{ outcome: string; detail: string }>(
        `SELECT s.outcome, s.detail FROM member_steps s JOIN contacts c ON c.id = s.contact_id WHERE s.run_id = $1 AND s.node_id = 'send' AND c.email = 'gone@example.test'`,
        [run.runId],
      );
      expect(step.rows).toEqual([{ outcome: 'bounced', detail: expect.stringContaining('550') }]);
      expect((await runProgress(database.db, run.runId))?.nodes.send?.outcomes).toEqual({ sent: 3, bounced: 1 });
    } finally {
      sink.setFault(undefined);
    }
  });

  it('a 550 puts the address on the suppression list with the reply kept and writes a bounce event; the next run does not try it again', async () => {
    const { database, temporal, taskQueue, sink } = env;
    const { db } = database;
    await seedContacts(db, [...taggedContacts(2, 'dead'), { email: 'Nobody@Example.test', first_name: 'No', last_name: 'Body', gender: null, language: 'en', attributes: { cohort: 'dead' } }]);
    const reply = '5.1.1 <nobody@example.test>: Recipient address rejected: User unknown in virtual mailbox table';
    sink.setFault((address) => (address.toLowerCase() === 'nobody@example.test' ? { code: 550, message: reply } : undefined));
    try {
      const first = await startCampaignRun(db, temporal.client, taskQueue, sendFlow(templateId, 'dead', {}));
      await expect(temporal.client.workflow.getHandle(first.workflowId).result()).resolves.toEqual({ status: 'completed' });
      // Listed as the list stores addresses (lower-case), with the server's words as the note.
      const listed = await db.query<{ channel: string; address: string; reason: string; note: string }>(
        `SELECT channel, address, reason, note FROM suppressions WHERE lower(address) = 'nobody@example.test'`,
      );
      expect(listed.rows).toEqual([{ channel: 'email', address: 'nobody@example.test', reason: 'bounce', note: expect.stringContaining('User unknown in virtual mailbox table') }]);
      const events = await db.query<{ type: string; reply: string; email: string; status: string }>(
        `SELECT e.type, e.data->>'reply' AS reply, c.email, m.status FROM events e
         JOIN contacts c ON c.id = e.contact_id JOIN messages m ON m.id = e.message_id WHERE e.run_id = $1`,
        [first.runId],
      );
      expect(events.rows).toEqual([{ type: 'bounce', reply: expect.stringContaining('550'), email: 'Nobody@Example.test', status: 'bounced' }]);
      expect(events.rows[0]!.reply).toContain('User unknown');

      // The next campaign to the same audience never reaches the relay for that address.
      const triedBefore = sink.attempts.filter((address) => address.toLowerCase() === 'nobody@example.test').length;
      const second = await startCampaignRun(db, temporal.client, taskQueue, sendFlow(templateId, 'dead', {}));
      await expect(temporal.client.workflow.getHandle(second.workflowId).result()).resolves.toEqual({ status: 'completed' });
      expect(sink.attempts.filter((address) => address.toLowerCase() === 'nobody@example.test')).toHaveLength(triedBefore);
      const step = await db.query<{ outcome: string; detail: string }>(
        `SELECT s.outcome, s.detail FROM member_steps s JOIN contacts c ON c.id = s.contact_id
         WHERE s.run_id = $1 AND c.email = 'Nobody@Example.test' AND s.outcome = 'suppressed'`,
        [second.runId],
      );
      expect(step.rows).toEqual([{ outcome: 'suppressed', detail: 'on the suppression list (bounce)' }]);
    } finally {
      sink.setFault(undefined);
    }
  });
});
