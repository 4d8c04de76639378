import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_PAGE_SIZE } from '../../activities/send';
import { runProgress } from '../../db/runs';
import { emailCampaignFlow, seedContacts, seedTemplate, startCampaignRun } from '../support/campaign-harness';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTemporal } from '../support/temporal';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const WORKER_ENTRY = fileURLToPath(new URL('../support/worker-process.ts', import.meta.url));
const AUDIENCE = 3000;
/**
 * The duplicate bound: a worker killed mid-page leaves at most that one claimed page (100
 * messages, `sending`) whose mails may have reached the server but were not marked `sent`; the
 * retry re-sends exactly those, under the same Message-IDs. Pages are recorded before the next
 * is claimed, so never two pages.
 */
const DUPLICATE_BOUND = SEND_PAGE_SIZE;

function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('worker ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}

describe('a worker killed mid-send', () => {
  let database: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let sink: SmtpSink;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    [database, temporal, sink] = await Promise.all([createTestDatabase(), startTemporal(), startSmtpSink()]);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all([temporal?.teardown(), sink?.close()]);
    await database?.drop();
  });

  it('is replaced by another worker that finishes the send without a second blast', async () => {
    const taskQueue = `crash-${randomUUID()}`;
    const workerEnv = {
      TEST_DATABASE_URL: database.url,
      TEST_TEMPORAL_ADDRESS: temporal.address,
      TEST_TASK_QUEUE: taskQueue,
      TEST_SMTP_URL: sink.url,
    };
    await seedContacts(
      database.db,
      Array.from({ length: AUDIENCE }, (_, i) => ({ email: `crash${i}@example.test`, first_name: `F${i}`, last_name: `L${i}`, gender: null, language: 'en' })),
    );
    const templateId = await seedTemplate(database.db, { subject: 'Hi {{contact.firstName}}', body: '{{salutation}}' });
    const first = await startWorkerProcess(workerEnv);
    children.push(first);
    const run = await startCampaignRun(database.db, temporal.client, taskQueue, emailCampaignFlow(templateId, { ratePerSecond: 600 }));

    await sink.waitFor(600, 60_000);
    first.kill('SIGKILL');
    const atCrash = sink.messages.length;
    expect(atCrash).toBeLessThan(AUDIENCE);

    const spawnedAt = Date.now();
    children.push(await startWorkerProcess(workerEnv));
    const replacementStarted = Date.now();
    console.log(`new worker ready ${((replacementStarted - spawnedAt) / 1000).toFixed(1)} s after the kill`);
    // The killed worker's batch is retried once its heartbeat times out (5 s), on the new worker.
    await sink.waitFor(sink.messages.length + 1, 30_000);
    const resumedAfterMs = Date.now() - replacementStarted;
    console.log(`send resumed ${(resumedAfterMs / 1000).toFixed(1)} s after the new worker started (${atCrash} mails before the crash)`);
    expect(resumedAfterMs).toBeLessThan(10_000);
    const handle = temporal.client.workflow.getHandle(run.workflowId);
    await expect(handle.result()).resolves.toEqual({ status: 'completed' });

    const recipients = sink.messages.map((mail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : ''));
    const distinct = new Set(recipients);
    // Everyone got their mail; only the page in flight at the crash may have gone twice,
    // under the same Message-ID so that receivers can drop the copy.
    expect(distinct.size).toBe(AUDIENCE);
    expect(recipients.length - AUDIENCE).toBeLessThanOrEqual(DUPLICATE_BOUND);
    console.log(`duplicates after the crash: ${recipients.length - AUDIENCE} (bound ${DUPLICATE_BOUND})`);
    const messageIdsPerRecipient = new Map<string, Set<string | undefined>>();
    for (const mail of sink.messages) {
      const to = mail.to && !Array.isArray(mail.to) ? mail.to.text : '';
      messageIdsPerRecipient.set(to, (messageIdsPerRecipient.get(to) ?? new Set()).add(mail.messageId));
    }
    expect([...messageIdsPerRecipient.values()].every((ids) => ids.size === 1)).toBe(true);

    const statuses = await database.db.query('SELECT status, count(*)::int AS count FROM messages WHERE run_id = $1 GROUP BY status', [run.runId]);
    expect(statuses.rows).toEqual([{ status: 'sent', count: AUDIENCE }]);
    expect((await runProgress(database.db, run.runId))?.nodes['send-3']?.outcomes).toEqual({ sent: AUDIENCE });
    // Two worker processes, thousands of mails: minutes on a loaded CI machine, not a hang.
  }, 300_000);
});
