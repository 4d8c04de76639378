import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createSmtpMailer } from '../../channels/smtp';
import { createCampaignWorker } from '../../worker/worker';
import { createTestDatabase, type TestDatabase } from './postgres';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { startTemporal } from './temporal';

/** Everything a campaign needs, for real: Postgres, a Temporal dev server, an SMTP server, a worker. */
export interface CampaignEnv {
  database: TestDatabase;
  temporal: TestWorkflowEnvironment;
  sink: SmtpSink;
  worker: Worker;
  taskQueue: string;
  stop(): Promise<void>;
}

/** `parseMail: false` only counts what arrives (benchmarks: mailparser would be the bottleneck). */
export async function startCampaignEnv(
  options: { parseMail?: boolean; databasePrefix?: string; refuseRecipient?: (address: string) => boolean } = {},
): Promise<CampaignEnv> {
  const taskQueue = `campaigns-${randomUUID()}`;
  const [database, temporal, sink] = await Promise.all([
    createTestDatabase(options.databasePrefix),
    startTemporal(),
    startSmtpSink({ parse: options.parseMail ?? true, refuse: options.refuseRecipient }),
  ]);
  const mailer = createSmtpMailer(sink.url);
  const worker = await createCampaignWorker({
    connection: temporal.nativeConnection,
    namespace: temporal.namespace ?? 'default',
    taskQueue,
    db: database.db,
    mailer,
    mailFrom: 'Campaign Studio <campaigns@example.test>',
  });
  const running = worker.run();
  return {
    database,
    temporal,
    sink,
    worker,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await mailer.close();
      await Promise.all([temporal.teardown(), sink.close()]);
      await database.drop();
    },
  };
}

/** Poll `probe` until it returns a truthy value (or fail after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 30_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
