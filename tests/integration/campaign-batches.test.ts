import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgress } from '../../db/runs';
import { emailCampaignFlow, seedContacts, seedTemplate, startCampaignRun, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually, startCampaignEnv, type CampaignEnv } from '../support/campaign-env';
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
    // Members reach End, and count as finished, while the rest of the run is still at work.
    const midway = await eventually(async () => {
      const progress = await runProgress(database.db, run.runId);
      return progress && progress.finished > 0 ? progress : undefined;
    }, 60_000, 'first members finished');
    expect(midway.run.status).toBe('running');
    expect(midway.finished).toBeLessThan(20_000);
    expect(midway.nodes['end-4']?.outcomes.finished).toBe(midway.finished);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });
    expect((await runProgress(database.db, run.runId))?.nodes['send-3']?.outcomes).toEqual({ sent: 20_000 });
    // History grows with batches (2,000 members or 5 s each), not with members: a send batch
    // on a busy machine ends on time more often, so the count varies, but it stays a small
    // fraction of the ~6 events per member that a workflow-per-contact design would write.
    const events = (await handle.fetchHistory()).events ?? [];
    const byType = new Map<string, number>();
    for (const event of events) byType.set(String(event.eventType), (byType.get(String(event.eventType)) ?? 0) + 1);
    console.log(`history: ${events.length} events`, Object.fromEntries(byType));
    expect(events.length).toBeLessThan(2_000);
    await recordHistory('batched-release', handle);
  });
});
