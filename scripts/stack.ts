import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { buildApp } from '../api/app';
import { startServer } from '../api/server';
import { startDevOutbox, type DevOutbox } from '../channels/dev-outbox';
import { createSmtpMailer } from '../channels/smtp';
import type { Config } from '../config/config';
import { migrate } from '../db/migrate';
import { createPool, type Db } from '../db/pool';
import { createCampaignWorker } from '../worker/worker';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from './embedded-postgres';
import { ensureFirstSignIns, type FirstSignIn } from './first-sign-ins';
import { seedDemo } from './seed-demo';
import { connectClientWhenReady, connectWorkerWhenReady } from './temporal-connection';
import type { PortChoice } from './free-port';
import { startTemporalDevServer, TEMPORAL_DEV_PORT, TEMPORAL_DEV_UI_PORT } from './temporal-dev-server';

/**
 * The wiring shared by `npm start` (scripts/start.ts) and the browser tests
 * (tests/support/stack.ts): worker + API (+ designer) in one process, on top of a database, a
 * Temporal server and an SMTP server that the caller provides or that start embedded here.
 */

/** Where `npm run build:designer` leaves the designer; served by the API at `/` when present. */
export const DESIGNER_DIST = fileURLToPath(new URL('../designer/dist', import.meta.url));

export function designerDir(): string | undefined {
  return existsSync(join(DESIGNER_DIST, 'index.html')) ? DESIGNER_DIST : undefined;
}

/** Stops things in the reverse order they were started: the API first, the database last. */
export class Teardown {
  private readonly steps: { name: string; stop: () => Promise<unknown> }[] = [];

  add(name: string, stop: () => Promise<unknown>): void {
    this.steps.push({ name, stop });
  }

  /** Runs every step once even if one fails; reports failures through `onError`. */
  async run(onError: (name: string, error: unknown) => void = () => undefined): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.stop();
      } catch (error) {
        onError(step.name, error);
      }
    }
  }
}

export interface AppOptions {
  db: Db;
  /** One Temporal connection each for the worker (native) and the API's client. */
  temporal: { nativeConnection: NativeConnection; client: Client; namespace: string; taskQueue: string };
  smtpUrl: string;
  /** The dev outbox, listed by the API at /outbox (embedded mode only). */
  outbox?: Pick<DevOutbox, 'list'>;
  mailFrom: string;
  host: string;
  port: number;
  designerDir?: string;
  workerConcurrency?: number;
  sendConcurrency?: number;
  logger?: boolean;
  /** How imports load rows: 'insert' on PGlite (COPY breaks pglite-socket), 'copy' otherwise. */
  bulkMode?: 'copy' | 'insert';
  /** Called if the worker stops on its own (a fatal error): the process should stop too. */
  onWorkerFailure?: (error: Error) => void;
  /** PUBLIC_URL: reset links, the accepted Origin of cookie writes, Secure cookies on https; unset = the URL this app listens at (what mails link to). */
  publicUrl?: string;
  /** TRACKING_SECRET: signs the links in mails; unset = the installation's own (db/tracking-secret.ts). */
  trackingSecret?: string;
  /** UNSUBSCRIBE_MAILTO: the mailto: of List-Unsubscribe. */
  unsubscribeMailto?: string;
  /** TRACKING_RATE_LIMIT: requests per minute per address on the public tracking and unsubscribe links. */
  trackingRateLimit?: number;
}

export interface RunningApp {
  url: string;
  worker: Worker;
  stop(): Promise<void>;
}

/**
 * Start the campaign worker and the API in this process. `stop()` closes the API first (no new
 * runs are started), then shuts the worker down gracefully (running activities get the grace
 * time to finish their page; the rest resume after a restart) and closes the mailer.
 */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const teardown = new Teardown();
  try {
    const mailer = createSmtpMailer(options.smtpUrl);
    teardown.add('mailer', () => mailer.close());
    // Without PUBLIC_URL, mails link to this app itself: on a fixed port its URL is known now; on
    // a free port (tests) once it listens (below), which the worker's links follow.
    const ownUrl = options.port > 0 ? `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}` : undefined;
    const tracking = { publicUrl: options.publicUrl ?? ownUrl, secret: options.trackingSecret };
    const worker = await createCampaignWorker({
      connection: options.temporal.nativeConnection,
      namespace: options.temporal.namespace,
      taskQueue: options.temporal.taskQueue,
      db: options.db,
      mailer,
      mailFrom: options.mailFrom,
      maxConcurrentActivities: options.workerConcurrency,
      sendConcurrency: options.sendConcurrency,
      tracking,
      unsubscribeMailto: options.unsubscribeMailto,
    });
    let stopping = false;
    const running = worker.run().catch((error: Error) => {
      if (!stopping) options.onWorkerFailure?.(error);
    });
    teardown.add('worker', async () => {
      stopping = true;
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    const app = await buildApp({
      db: options.db,
      temporal: options.temporal.client,
      taskQueue: options.temporal.taskQueue,
      outbox: options.outbox,
      designerDir: options.designerDir,
      logger: options.logger ?? false,
      bulkMode: options.bulkMode,
      publicUrl: options.publicUrl,
      linkBaseUrl: tracking.publicUrl,
      trackingSecret: options.trackingSecret,
      trackingRateLimit: options.trackingRateLimit,
      unsubscribeMailto: options.unsubscribeMailto,
      // Template test sends go out the way campaigns do: the dev outbox's SMTP when embedded, SMTP_URL otherwise.
      mailer,
      mailFrom: options.mailFrom,
    });
    teardown.add('api', () => app.close());
    const url = await startServer(app, { host: options.host, port: options.port });
    tracking.publicUrl ??= url;
    return { url, worker, stop: () => teardown.run((name, error) => console.error(`[stop] ${name}:`, error)) };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

export interface StackOptions {
  config: Config;
  /** Port for the API; defaults to config.port (0 = any free port). */
  port?: number;
  /** Seed the demo into an empty database, and give its staff of each role a password (default true). */
  seed?: boolean;
  log?: (line: string) => void;
  onWorkerFailure?: (error: Error) => void;
}

export interface RunningStack {
  url: string;
  db: Db;
  /** Which parts run embedded in this process tree (unset env var) rather than as real servers. */
  embedded: { postgres: boolean; temporal: boolean; mail: boolean };
  /** Where operators reach Temporal: its frontend, and the Web UI of the embedded dev server. */
  temporal: { address: string; namespace: string; uiUrl: string | undefined };
  /** The passwords handed out by this start: on the first start only, else empty (first-sign-ins.ts). */
  signIns: FirstSignIn[];
  stop(): Promise<void>;
}

/**
 * Everything `npm start` runs. Each part is embedded unless configured: DATABASE_URL → else
 * PGlite through pglite-socket; TEMPORAL_ADDRESS → else `temporal server start-dev`; SMTP_URL →
 * else the dev outbox. Data of the embedded parts lives under DATA_DIR, so a restart keeps the
 * database, the workflows (a running campaign carries on) and the outbox. On the first start
 * the demo's staff of each role get generated passwords, returned once in `signIns`.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { config } = options;
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(config.dataDir);
  const teardown = new Teardown();
  const embedded = { postgres: !config.databaseUrl, temporal: !config.temporalAddress, mail: !config.smtpUrl };
  try {
    // The three servers are independent: start them side by side, register their stops in a
    // fixed order (so Temporal stops before the database, the outbox last).
    const [outbox, postgres, temporal] = await Promise.allSettled([
      embedded.mail ? startDevOutbox({ dir: join(dataDir, 'outbox') }) : undefined,
      embedded.postgres ? startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite') }) : undefined,
      embedded.temporal
        ? startTemporalDevServer({
            dbFilename: join(dataDir, 'temporal.db'),
            namespace: config.temporalNamespace,
            cliPath: config.temporalCliPath,
            port: portSetting(config.temporalDevPort, 'TEMPORAL_DEV_PORT') ?? TEMPORAL_DEV_PORT,
            uiPort: portSetting(config.temporalDevUiPort, 'TEMPORAL_DEV_UI_PORT') ?? TEMPORAL_DEV_UI_PORT,
            log,
          })
        : undefined,
    ]);
    for (const [name, part] of [['outbox', outbox], ['postgres', postgres], ['temporal', temporal]] as const) {
      if (part.status === 'fulfilled' && part.value) teardown.add(name, () => part.value!.close());
    }
    const failed = [outbox, postgres, temporal].find((part) => part.status === 'rejected');
    if (failed) throw failed.reason;
    const value = <T>(part: PromiseSettledResult<T>) => (part as PromiseFulfilledResult<T>).value;

    const databaseUrl = config.databaseUrl ?? value(postgres)!.url;
    await migrate(databaseUrl);
    // PGlite is one backend: one connection, shared by the API and the worker (embedded-postgres.ts).
    const db = embedded.postgres ? createPool(databaseUrl, EMBEDDED_POOL_SIZE) : createPool(databaseUrl);
    teardown.add('database pool', () => db.end());
    const seed = options.seed ?? true;
    if (seed) await seedDemo(db);

    const address = config.temporalAddress ?? value(temporal)!.address;
    const nativeConnection = await connectWorkerWhenReady(address);
    teardown.add('temporal worker connection', () => nativeConnection.close());
    const connection = await connectClientWhenReady(address, config.temporalNamespace);
    teardown.add('temporal client connection', () => connection.close());
    const client = new Client({ connection, namespace: config.temporalNamespace });

    const app = await startApp({
      db,
      temporal: { nativeConnection, client, namespace: config.temporalNamespace, taskQueue: config.taskQueue },
      smtpUrl: config.smtpUrl ?? value(outbox)!.url,
      outbox: value(outbox),
      mailFrom: config.mailFrom,
      host: config.host,
      port: options.port ?? config.port,
      designerDir: designerDir(),
      workerConcurrency: config.workerConcurrency,
      sendConcurrency: config.sendConcurrency,
      logger: config.logLevel === 'debug' || config.logLevel === 'trace',
      onWorkerFailure: options.onWorkerFailure,
      bulkMode: embedded.postgres ? 'insert' : 'copy',
      publicUrl: config.publicUrl,
      trackingSecret: config.trackingSecret,
      unsubscribeMailto: config.unsubscribeMailto,
      trackingRateLimit: config.trackingRateLimit,
    });
    teardown.add('app', () => app.stop());
    // Last: a start that fails before this point has handed out no password that nobody saw.
    const signIns = await ensureFirstSignIns(db, { demo: seed });
    return {
      url: app.url,
      db,
      embedded,
      temporal: { address, namespace: config.temporalNamespace, uiUrl: embedded.temporal ? value(temporal)!.uiUrl : undefined },
      signIns,
      stop: () => teardown.run((name, error) => console.error(`[stop] ${name}:`, error)),
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

/** A port the operator set is kept or refused, never swapped for another. */
function portSetting(port: number | undefined, setting: string): PortChoice | undefined {
  return port === undefined ? undefined : { port, whenTaken: 'fail', setting };
}
