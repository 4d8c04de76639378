import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevOutbox, type DevOutbox } from '../../channels/dev-outbox';
import type { Db } from '../../db/pool';
import { seedDemo, type DemoSeedResult } from '../../scripts/seed-demo';
import { designerDir, startApp, Teardown } from '../../scripts/stack';
import { createTestDatabase } from './postgres';
import { createSignedInUser, type TestCredentials } from './sign-in';
import { startTemporal } from './temporal';

export interface TestStack {
  /** The API (and the built designer at `/`) on a free loopback port. */
  url: string;
  db: Db;
  outbox: DevOutbox;
  taskQueue: string;
  demo: DemoSeedResult;
  /** A signed-in admin: `signedInPage(browser, url, admin)` for pages, `bearer(admin)` for fetch. */
  admin: TestCredentials;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Seed the demo contacts, template and flow (default true). */
  seed?: boolean;
}

/**
 * The product as `npm start` wires it (scripts/stack.ts#startApp: worker + API + designer in
 * one process), on real parts: a fresh database on the machine's Postgres, a Temporal dev
 * server, the dev outbox in a temporary directory. For browser tests; `stop()` removes it all.
 */
export async function startStack(options: TestStackOptions = {}): Promise<TestStack> {
  const teardown = new Teardown();
  try {
    const outboxDir = await mkdtemp(join(tmpdir(), 'cs-stack-outbox-'));
    teardown.add('outbox dir', () => rm(outboxDir, { recursive: true, force: true }));
    const [database, temporal, outbox] = await Promise.all([createTestDatabase('cs_stack'), startTemporal(), startDevOutbox({ dir: outboxDir })]);
    teardown.add('database', () => database.drop());
    teardown.add('temporal', () => temporal.teardown());
    teardown.add('outbox', () => outbox.close());
    const demo = options.seed === false ? { seeded: false, contacts: 0 } : await seedDemo(database.db);
    const taskQueue = `campaigns-${randomUUID()}`;
    const app = await startApp({
      db: database.db,
      temporal: { nativeConnection: temporal.nativeConnection, client: temporal.client, namespace: temporal.namespace ?? 'default', taskQueue },
      smtpUrl: outbox.url,
      outbox,
      mailFrom: 'Campaign Studio <campaigns@example.test>',
      host: '127.0.0.1',
      port: 0,
      designerDir: designerDir(),
    });
    teardown.add('app', () => app.stop());
    const admin = await createSignedInUser(database.db, 'admin');
    return { url: app.url, db: database.db, outbox, taskQueue, demo, admin, stop: () => teardown.run((name, error) => console.error(`[stack] ${name}:`, error)) };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}
