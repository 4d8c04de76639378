/**
 * The production API process (docker-compose `api`): DATABASE_URL and TEMPORAL_ADDRESS are
 * required, nothing is embedded. Migrates the schema (node-pg-migrate locks, so replicas may
 * start together), serves the API and the built designer, and closes gracefully on SIGTERM. A
 * database where nobody can sign in gets a first admin, its generated password printed once.
 */
import { Client } from '@temporalio/client';
import { buildApp } from '../api/app';
import { startServer } from '../api/server';
import { createSmtpMailer } from '../channels/smtp';
import { loadConfig } from '../config/config';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { describeSignIns, ensureFirstSignIns } from './first-sign-ins';
import { requireSettings } from './production-config';
import { designerDir, Teardown } from './stack';
import { connectClientWhenReady } from './temporal-connection';

const config = loadConfig();
const { databaseUrl, temporalAddress } = requireSettings(config, ['databaseUrl', 'temporalAddress']);
const teardown = new Teardown();

async function main(): Promise<string> {
  await migrate(databaseUrl, { log: (line) => console.log(`[migrate] ${line}`) });
  const db = createPool(databaseUrl);
  teardown.add('database pool', () => db.end());
  const connection = await connectClientWhenReady(temporalAddress, config.temporalNamespace);
  teardown.add('temporal connection', () => connection.close());
  // Template test sends (POST /api/templates/:id/test-send) go through the campaigns' relay; without SMTP_URL they answer 503.
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, { pool: false }) : undefined;
  if (mailer) teardown.add('mailer', () => mailer.close());
  const app = await buildApp({
    db,
    temporal: new Client({ connection, namespace: config.temporalNamespace }),
    taskQueue: config.taskQueue,
    designerDir: designerDir(),
    logger: true,
    publicUrl: config.publicUrl,
    trackingSecret: config.trackingSecret,
    trackingRateLimit: config.trackingRateLimit,
    unsubscribeMailto: config.unsubscribeMailto,
    mailer,
    mailFrom: config.mailFrom,
  });
  teardown.add('api', () => app.close());
  const url = await startServer(app, { host: config.host, port: config.port });
  // A new install (no one can sign in yet) gets a first admin with a generated password, in this log once.
  const signIns = await ensureFirstSignIns(db, { demo: false });
  if (signIns.length > 0) for (const line of describeSignIns(signIns)) console.log(line);
  return url;
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Fastify's close lets in-flight requests finish; then the connections go.
    void teardown.run((name, error) => console.error(`[stop] ${name}:`, error)).then(() => process.exit(0));
  });
}

try {
  console.log(`Campaign Studio API listening at ${await main()}`);
} catch (error) {
  console.error('The API could not start:', error);
  await teardown.run();
  process.exit(1);
}
