import { createServer, type Server } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePort, freePort, type PortChoice } from '../../scripts/free-port';
import { processAlive } from '../../scripts/pid-file';
import { startTemporalDevServer, type TemporalDevServer } from '../../scripts/temporal-dev-server';
import { eventually } from '../support/campaign-env';

/** `temporal server start-dev` as `npm start` runs it: its Web UI, steady ports, SQLite file, clean stop. */
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

  const start = async (ports: { port?: PortChoice; uiPort?: PortChoice } = {}) => {
    const server = await startTemporalDevServer({ dbFilename: join(dir, 'temporal.db'), ...ports });
    started.push(server);
    return server;
  };

  /**
   * Ports that play the part of the defaults (7233, 8233): free when the test starts, kept while
   * free, given up for any free port when taken. The real defaults may be held by someone's
   * `npm start` on this machine.
   */
  async function defaultLikePorts(): Promise<{ port: PortChoice; uiPort: PortChoice }> {
    const port = await freePort();
    const uiPort = await choosePort({ port: 0, whenTaken: 'any-free-port' }, '127.0.0.1', [port]);
    return { port: { port, whenTaken: 'any-free-port' }, uiPort: { port: uiPort, whenTaken: 'any-free-port' } };
  }

  async function withClient<T>(address: string, use: (client: Client) => Promise<T>): Promise<T> {
    const connection = await Connection.connect({ address });
    try {
      return await use(new Client({ connection }));
    } finally {
      await connection.close();
    }
  }

  /** The workflow ids the Web UI lists, read from the API its page calls: proof it serves this server. */
  async function workflowsInUi(uiUrl: string): Promise<string[]> {
    const response = await fetch(`${new URL(uiUrl).origin}/api/v1/namespaces/default/workflows`);
    const { executions } = (await response.json()) as { executions?: { execution: { workflowId: string } }[] };
    return (executions ?? []).map((run) => run.execution.workflowId);
  }

  async function occupy(port: number): Promise<Server> {
    const server = createServer();
    await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
    return server;
  }

  it('serves its Web UI and keeps its ports and workflows across a restart', async () => {
    const ports = await defaultLikePorts();
    const first = await start(ports);
    expect(first.address).toBe(`127.0.0.1:${ports.port.port}`);
    expect(first.uiUrl).toBe(`http://127.0.0.1:${ports.uiPort.port}/namespaces/default/workflows`);
    expect((await fetch(first.uiUrl)).status).toBe(200);

    const workflowId = `kept-${Date.now()}`;
    // No worker needed: a started workflow simply stays running in the server's SQLite file.
    await withClient(first.address, (client) => client.workflow.start('campaignWorkflow', { workflowId, taskQueue: 'nobody-polls-this', args: [] }));
    // Visibility (the list the UI shows) follows a start by a moment.
    await eventually(async () => (await workflowsInUi(first.uiUrl)).includes(workflowId), 10_000, 'the Web UI to list the workflow');
    await first.close();
    expect(processAlive(first.pid)).toBe(false);

    const second = await start(ports);
    expect([second.address, second.uiUrl]).toEqual([first.address, first.uiUrl]);
    expect((await fetch(second.uiUrl)).status).toBe(200);
    await eventually(async () => (await workflowsInUi(second.uiUrl)).includes(workflowId), 10_000, 'the restarted Web UI to list the workflow');
    const status = await withClient(second.address, async (client) => (await client.workflow.getHandle(workflowId).describe()).status.name);
    expect(status).toBe('RUNNING');
    expect(await readFile(join(dir, 'temporal.db.pid'), 'utf8')).toBe(`${second.pid}\n`);
    await second.close();
    expect(processAlive(second.pid)).toBe(false);
  });

  it('gives way to free ports when its default ports are taken, but refuses a port that was set', async () => {
    const ports = await defaultLikePorts();
    const holders = await Promise.all([occupy(ports.port.port), occupy(ports.uiPort.port)]);
    try {
      const server = await start(ports);
      expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(server.address).not.toBe(`127.0.0.1:${ports.port.port}`);
      expect(server.uiUrl).not.toContain(`:${ports.uiPort.port}/`);
      expect((await fetch(server.uiUrl)).status).toBe(200);
      await server.close();

      await expect(start({ port: { ...ports.port, whenTaken: 'fail', setting: 'TEMPORAL_DEV_PORT' } })).rejects.toThrow(
        `TEMPORAL_DEV_PORT: port ${ports.port.port} on 127.0.0.1 is already in use`,
      );
      await expect(start({ uiPort: { ...ports.uiPort, whenTaken: 'fail', setting: 'TEMPORAL_DEV_UI_PORT' } })).rejects.toThrow(
        `TEMPORAL_DEV_UI_PORT: port ${ports.uiPort.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await Promise.all(holders.map((holder) => new Promise((closed) => holder.close(closed))));
    }
  });

  it('stops a server left behind by a launcher that died without cleaning up', async () => {
    const ports = await defaultLikePorts();
    const orphan = await start(ports);
    // A second start on the same file finds the pid file of a live dev server and stops it,
    // which frees the ports for the new one.
    const next = await start(ports);
    expect(processAlive(orphan.pid)).toBe(false);
    expect(processAlive(next.pid)).toBe(true);
    expect(next.address).toBe(orphan.address);
    await next.close();
  });
});
