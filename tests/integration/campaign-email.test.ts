import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgress } from '../../db/runs';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { emailCampaignFlow, seedContacts, seedTemplate, startCampaignRun, type SeedContact } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { recordHistory } from '../support/histories';

const AUDIENCE = 1000;
const GENDERS = ['male', 'female', 'other'] as const;

/** What each contact must be greeted with, written out here rather than computed by the code under test. */
function expectedGreeting(contact: SeedContact): string {
  const name = `${contact.first_name} ${contact.last_name}`;
  if (contact.language === 'ro') return contact.gender === 'male' ? `Stimate domnule ${name}` : `Stimată doamnă ${name}`;
  // The seeded matrix (migration 0015): English formal greetings name the family name only.
  if (contact.gender === 'male') return `Dear Mr ${contact.last_name}`;
  if (contact.gender === 'female') return `Dear Ms ${contact.last_name}`;
  return `Dear ${name}`;
}

describe('an audience → generate → send → end campaign over real Temporal, Postgres and SMTP', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    env = await startCampaignEnv();
  });
  afterAll(() => env?.stop());

  it('delivers exactly one personalised mail per contact, all marked sent, with a small history', async () => {
    const { database, temporal, sink, taskQueue } = env;
    const contacts: SeedContact[] = Array.from({ length: AUDIENCE }, (_, i) => ({
      email: `contact${i}@example.test`,
      first_name: i % 10 === 0 ? 'Ion' : `First${i}`,
      last_name: i % 10 === 0 ? `Popescu${i}` : `Last${i}`,
      gender: i % 10 === 0 ? (i % 20 === 0 ? 'male' : 'female') : GENDERS[i % 3]!,
      language: i % 10 === 0 ? 'ro' : 'en',
    }));
    // Contacts without an e-mail are not in this audience (rule: email exists).
    await seedContacts(database.db, [...contacts, { email: null, first_name: 'No', last_name: 'Mail', gender: null, language: 'en' }]);
    const templateId = await seedTemplate(database.db, {
      subject: 'An offer for you, {{contact.firstName}}',
      body: '{{salutation}},\n\nWe picked this offer for you in {{contact.language}}.\n',
    });
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, emailCampaignFlow(templateId));
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });

    await sink.waitFor(AUDIENCE, 5_000);
    expect(sink.messages).toHaveLength(AUDIENCE);
    const byRecipient = new Map(sink.messages.map((mail) => [mail.to && !Array.isArray(mail.to) ? mail.to.text : '', mail]));
    expect(byRecipient.size).toBe(AUDIENCE);
    expect(new Set(sink.messages.map((mail) => mail.messageId)).size).toBe(AUDIENCE);
    for (const contact of contacts) {
      const mail = byRecipient.get(contact.email!);
      expect(mail, contact.email!).toBeDefined();
      expect(mail!.text!.startsWith(`${expectedGreeting(contact)},`), `${contact.email}: ${mail!.text}`).toBe(true);
      expect(mail!.subject).toBe(`An offer for you, ${contact.first_name}`);
    }

    const statuses = await database.db.query<{ status: string; count: string }>(
      'SELECT status, count(*) FROM messages WHERE run_id = $1 GROUP BY status',
      [run.runId],
    );
    expect(statuses.rows).toEqual([{ status: 'sent', count: String(AUDIENCE) }]);
    // The SMTP Message-ID is the message's own id: the idempotency key the channel sees.
    const sample = await database.db.query<{ id: string; provider_id: string }>('SELECT id, provider_id FROM messages WHERE run_id = $1 LIMIT 1', [run.runId]);
    expect(sample.rows[0]!.provider_id).toBe(`<${sample.rows[0]!.id}@campaign-studio>`);
    expect(sink.messages.some((mail) => mail.messageId === sample.rows[0]!.provider_id)).toBe(true);

    const progress = await runProgress(database.db, run.runId);
    expect(progress?.run.status).toBe('completed');
    expect(progress?.members).toBe(AUDIENCE);
    expect(progress?.finished).toBe(AUDIENCE);
    expect(progress?.nodes).toEqual({
      'audience-1': { current: 0, outcomes: { out: AUDIENCE } },
      'generate-2': { current: 0, outcomes: { ready: AUDIENCE } },
      'send-3': { current: 0, outcomes: { sent: AUDIENCE } },
      'end-4': { current: 0, outcomes: { finished: AUDIENCE } },
    });
    const finalStatus = await database.db.query('SELECT DISTINCT status FROM campaign_members WHERE run_id = $1', [run.runId]);
    expect(finalStatus.rows).toEqual([{ status: 'contacted' }]);

    const history = await handle.fetchHistory();
    expect(history.events?.length).toBeLessThan(300);
    // The same history replays against today's workflow code: it is deterministic.
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, run.workflowId);
    await recordHistory('email-campaign', handle);
  });
});
