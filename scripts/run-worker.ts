/**
 * The production worker process (docker-compose `worker`, scale it with `--scale worker=N`):
 * DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL are required. Polls the campaign task queue
 * until SIGTERM, then shuts down gracefully: running activities get the worker's grace time to
 * finish their page, and whatever is left is retried by another worker (activities resume from
 * their heartbeat and the database state).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { WorkflowBundle } from '@temporalio/worker';
import { createSmtpMailer } from '../channels/smtp';
import { loadConfig } from '../config/config';
import { createPool } from '../db/pool';
import { createCampaignWorker } from '../worker/worker';
import { WORKFLOW_BUNDLE_PATH } from './bundle-workflows';
import { requireSettings } from './production-config';
import { Teardown } from './stack';
import { connectWorkerWhenReady } from './temporal-connection';
import { installWorkerRuntime } from './worker-runtime';

const config = loadConfig();
const { databaseUrl, temporalAddress, smtpUrl } = requireSettings(config, ['databaseUrl', 'temporalAddress', 'smtpUrl']);
installWorkerRuntime(config.logLevel);

const teardown = new Teardown();
const db = createPool(databaseUrl);
teardown.add('database pool', () => db.end());
const mailer = createSmtpMailer(smtpUrl);
teardown.add('mailer', () => mailer.close());

// `npm run build` bundles the workflows once (dist/); without it the worker bundles at start.
const workflowBundle: WorkflowBundle | undefined = existsSync(WORKFLOW_BUNDLE_PATH)
  ? { code: await readFile(WORKFLOW_BUNDLE_PATH, 'utf8') }
  : undefined;

try {
  const connection = await connectWorkerWhenReady(temporalAddress);
  teardown.add('temporal connection', () => connection.close());
  const worker = await createCampaignWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    db,
    mailer,
    mailFrom: config.mailFrom,
    maxConcurrentActivities: config.workerConcurrency,
    sendConcurrency: config.sendConcurrency,
    tracking: { publicUrl: config.publicUrl, secret: config.trackingSecret },
    unsubscribeMailto: config.unsubscribeMailto,
    workflowBundle,
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    });
  }
  console.log(`Campaign worker polling task queue "${config.taskQueue}" at ${temporalAddress}`);
  await worker.run(); // returns once a shutdown has drained the running tasks
  await teardown.run((name, error) => console.error(`[stop] ${name}:`, error));
  process.exit(0);
} catch (error) {
  console.error('The worker stopped:', error);
  await teardown.run();
  process.exit(1);
}
