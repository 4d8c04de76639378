import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { choosePort, portInUse } from '../../scripts/free-port';
import { processAlive } from '../../scripts/pid-file';
import { DEMO_CONTACT_COUNT, DEMO_FLOW_NAME } from '../../scripts/seed-demo';
import { eventually } from '../support/campaign-env';

const START_SCRIPT = fileURLToPath(new URL('../../scripts/start.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Launched {
  child: ChildProcess;
  url: string;
  /** What `npm start` printed about Temporal: its address, namespace and Web UI. */
  temporal: { address: string; namespace: string; uiUrl: string };
  exited: Promise<number | null>;
}

/**
 * `npm start` as a user runs it (minus the designer build, which `npm test` has done): the
 * embedded default. The node process running scripts/start.ts leads its own process group, as
 * it would in a terminal, so a test can kill the group.
 */
async function launch(dataDir: string, settings: NodeJS.ProcessEnv = {}): Promise<Launched> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', ...settings };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'LOG_LEVEL']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', START_SCRIPT], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const printed = await new Promise<Omit<Launched, 'child' | 'exited'>>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(stdout);
      const temporal = /Temporal at (\S+) \(namespace (\S+)\), Web UI at (http:\/\/\S+)/.exec(stdout);
      if (url && temporal) resolve({ url: url[1]!, temporal: { address: temporal[1]!, namespace: temporal[2]!, uiUrl: temporal[3]! } });
    });
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before printing its URLs:\n${stderr}`)));
  });
  return { child, exited, ...printed };
}

/** SIGKILL to every process of the launch's group: nothing in it can clean up. */
function killGroup(launched: Launched): void {
  try {
    process.kill(-launched.child.pid!, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}

async function stop(launched: Launched): Promise<number | null> {
  launched.child.kill('SIGINT');
  return launched.exited;
}

const json = async <T>(url: string, init?: RequestInit): Promise<T> => {
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', 'content-type': 'application/json', ...init?.headers } });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

interface OutboxList {
  items: { to: string; subject: string; text: string; messageId: string }[];
}

describe('npm start: the embedded default (PGlite, Temporal dev server, dev outbox)', () => {
  const dirs: string[] = [];
  const running: Launched[] = [];
  afterAll(async () => {
    for (const launched of running) killGroup(launched);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('serves the demo, runs the demo campaign across a restart, and mails every demo contact once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cs-start-'));
    dirs.push(dataDir);
    let app = await launch(dataDir);
    running.push(app);

    expect(await json<{ status: string }>(`${app.url}/health`)).toMatchObject({ status: 'ok' });
    const page = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('<div id="root">');
    const flows = await json<{ id: string; name: string }[]>(`${app.url}/api/flows`);
    expect(flows.map((flow) => flow.name)).toEqual([DEMO_FLOW_NAME]);
    const campaigns = await json<{ id: string; flowId: string }[]>(`${app.url}/api/campaigns`);
    const campaign = campaigns.find((c) => c.flowId === flows[0]!.id)!;
    const { runId } = await json<{ runId: string }>(`${app.url}/api/campaigns/${campaign.id}/runs`, { method: 'POST', body: '{}' });

    // Stop in the middle of sending, as a person pressing Ctrl-C would.
    await eventually(async () => (await json<OutboxList>(`${app.url}/outbox`)).items.length >= 50, 60_000, 'first mails in the outbox');
    expect(await stop(app)).toBe(0);
    const beforeRestart = (await json<OutboxList>(`${app.url}/outbox`).catch(() => ({ items: [] }))).items.length;
    expect(beforeRestart).toBe(0); // the server is really gone

    app = await launch(dataDir);
    running.push(app);
    // The data is still there and the campaign carries on where it stood.
    expect((await json<{ name: string }[]>(`${app.url}/api/flows`)).map((flow) => flow.name)).toEqual([DEMO_FLOW_NAME]);
    const done = await eventually(async () => {
      const run = await json<{ run: { status: string }; finished: number }>(`${app.url}/api/runs/${runId}`);
      return run.run.status === 'completed' ? run : undefined;
    }, 120_000, 'the demo run to complete after the restart');
    expect(done.finished).toBe(DEMO_CONTACT_COUNT);

    const outbox = (await json<OutboxList>(`${app.url}/outbox`)).items;
    const recipients = new Set(outbox.map((mail) => mail.to));
    expect(recipients.size).toBe(DEMO_CONTACT_COUNT);
    // At most the page in flight at Ctrl-C may have gone twice, under the same Message-ID.
    expect(new Set(outbox.map((mail) => mail.messageId)).size).toBe(DEMO_CONTACT_COUNT);
    // Each mail opens with a greeting naming its own contact.
    const names = new Map<string, string>();
    for (let after: string | null = null, first = true; first || after; first = false) {
      const query: string = after ? `&after=${encodeURIComponent(after)}` : '';
      const contactsPage: { items: { email: string; lastName: string }[]; nextCursor: string | null } = await json(`${app.url}/api/contacts?limit=100${query}`);
      for (const contact of contactsPage.items) names.set(contact.email, contact.lastName);
      after = contactsPage.nextCursor;
    }
    for (const mail of outbox) {
      const greeting = mail.text.split('\n')[0]!;
      expect(greeting, mail.to).toContain(names.get(mail.to)!);
    }

    expect(await stop(app)).toBe(0);
  });

  it('prints where Temporal and its Web UI are, on the ports set, and leaves no dev server behind when killed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cs-start-temporal-'));
    dirs.push(dataDir);
    const port = await choosePort({ port: 0, whenTaken: 'any-free-port' });
    const uiPort = await choosePort({ port: 0, whenTaken: 'any-free-port' }, '127.0.0.1', [port]);
    const settings = { TEMPORAL_DEV_PORT: String(port), TEMPORAL_DEV_UI_PORT: String(uiPort) };
    const devServerPid = async () => Number(await readFile(join(dataDir, 'temporal.db.pid'), 'utf8'));
    const gone = (pid: number, what: string) => eventually(async () => !processAlive(pid), 5_000, what);

    let app = await launch(dataDir, settings);
    running.push(app);
    expect(app.temporal).toEqual({ address: `127.0.0.1:${port}`, namespace: 'default', uiUrl: `http://127.0.0.1:${uiPort}/namespaces/default/workflows` });
    expect((await fetch(app.temporal.uiUrl)).status).toBe(200);
    // The API the UI's page calls answers with this server's namespaces: the UI is wired to it.
    const uiNamespaces = await json<{ namespaces: { namespaceInfo: { name: string } }[] }>(`${new URL(app.temporal.uiUrl).origin}/api/v1/namespaces`);
    expect(uiNamespaces.namespaces.map((namespace) => namespace.namespaceInfo.name)).toContain('default');
    const connection = await Connection.connect({ address: app.temporal.address });
    const { namespaceInfo } = await connection.workflowService.describeNamespace({ namespace: app.temporal.namespace });
    expect(namespaceInfo?.name).toBe('default');
    await connection.close();

    // kill -9 of the node process alone: it cannot stop its children, yet the dev server goes.
    let pid = await devServerPid();
    process.kill(app.child.pid!, 'SIGKILL');
    await gone(pid, 'the Temporal dev server to stop after its launcher was SIGKILLed');
    expect(await portInUse(port)).toBe(false);
    expect(await portInUse(uiPort)).toBe(false);

    // A restart gets the same ports; then kill -9 of the whole process group.
    app = await launch(dataDir, settings);
    running.push(app);
    expect(app.temporal.address).toBe(`127.0.0.1:${port}`);
    expect((await fetch(app.temporal.uiUrl)).status).toBe(200);
    pid = await devServerPid();
    killGroup(app);
    await gone(pid, 'the Temporal dev server to stop after its process group was SIGKILLed');
  }, 240_000); // two starts, the first seeding the demo into PGlite
});
