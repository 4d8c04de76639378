import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgress } from '../../db/runs';
import { emailCampaignFlow, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
import { recordHistory } from '../support/histories';

describe('batched release', () => {
  let env: CampaignEnv;
  beforeAll(async () => {
    // Counting what arrives is enough here: parsing 20,000 mails would dominate the test.
    env = await startCampaignEnv({ parseMail: false });
  });
  afterAll(() => env?.stop());

  it('releases work in batches: in a 20,000-member run the first mail arrives before generate has finished', async () => {
    const { database, temporal, sink, taskQueue } = env;
    await seedContacts(database.db, taggedContacts(20_000, 'batch'));
    const templateId = await seedTemplate(database.db, { subject: 'Batch {{contact.firstName}}', body: '{{salutation}}' });
    const before = sink.count;
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, emailCampaignFlow(templateId, { rules: taggedAudience('batch').rules }), {
      batch: { members: 2_000 },
    });
    await sink.waitFor(before + 1, 60_000);
    const atFirstMail = await runProgress(database.db, run.runId);
    const rendered = (atFirstMail?.nodes['generate-2']?.outcomes.ready ?? 0) + (atFirstMail?.nodes['generate-2']?.outcomes.skipped ?? 0);
    console.log(`first mail arrived with ${rendered} of 20,000 rendered`);
    expect(rendered).toBeLessThan(20_000);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    expect((await runProgress(database.db, run.runId))?.nodes['send-3']?.outcomes).toEqual({ sent: 20_000 });
    // History grows with batches (10 here per node), not members.
    const events = (await handle.fetchHistory()).events ?? [];
    const byType = new Map<string, number>();
    for (const event of events) byType.set(String(event.eventType), (byType.get(String(event.eventType)) ?? 0) + 1);
    console.log(`history: ${events.length} events`, Object.fromEntries(byType));
    expect(events.length).toBeLessThan(1_000);
    await recordHistory('batched-release', handle);
  });
});
