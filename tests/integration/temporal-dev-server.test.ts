import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from '../../scripts/pid-file';
import { startTemporalDevServer, type TemporalDevServer } from '../../scripts/temporal-dev-server';

/** `temporal server start-dev` as `npm start` runs it: free ports, SQLite file, clean stop. */
describe('Temporal dev server (embedded)', () => {
  let dir: string;
  const started: TemporalDevServer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cs-temporal-'));
  });
  afterAll(async () => {
    await Promise.all(started.map((server) => server.close()));
    await rm(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const server = await startTemporalDevServer({ dbFilename: join(dir, 'temporal.db') });
    started.push(server);
    return server;
  };

  async function withClient<T>(address: string, use: (client: Client) => Promise<T>): Promise<T> {
    const connection = await Connection.connect({ address });
    try {
      return await use(new Client({ connection }));
    } finally {
      await connection.close();
    }
  }

  it('starts on a free port, keeps workflows across a restart and stops its process', async () => {
    const first = await start();
    expect(first.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(first.address).not.toBe('127.0.0.1:7233');
    const workflowId = `kept-${Date.now()}`;
    // No worker needed: a started workflow simply stays running in the server's SQLite file.
    await withClient(first.address, (client) => client.workflow.start('campaignWorkflow', { workflowId, taskQueue: 'nobody-polls-this', args: [] }));
    await first.close();
    expect(processAlive(first.pid)).toBe(false);

    const second = await start();
    const status = await withClient(second.address, async (client) => (await client.workflow.getHandle(workflowId).describe()).status.name);
    expect(status).toBe('RUNNING');
    expect(await readFile(join(dir, 'temporal.db.pid'), 'utf8')).toBe(`${second.pid}\n`);
    await second.close();
    expect(processAlive(second.pid)).toBe(false);
  });

  it('stops a server left behind by a launcher that died without cleaning up', async () => {
    const orphan = await start();
    // A second start on the same file finds the pid file of a live dev server and stops it.
    const next = await start();
    expect(processAlive(orphan.pid)).toBe(false);
    expect(processAlive(next.pid)).toBe(true);
    await next.close();
  });
});
