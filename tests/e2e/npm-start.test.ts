import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Role } from '../../contracts/permissions';
import { choosePort, portInUse } from '../../scripts/free-port';
import { processAlive } from '../../scripts/pid-file';
import { DEMO_AUDIENCE_COUNT, DEMO_CALLBACK_FLOW_NAME, DEMO_FLOW_NAME, DEMO_MAILED_COUNT, demoSubjectOpening } from '../../scripts/seed-demo';
import { DEMO_BUDGET_FLOW_NAME } from '../../scripts/seed-demo-budget';
import { eventually } from '../support/campaign-env';

const START_SCRIPT = fileURLToPath(new URL('../../scripts/start.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One line of "Sign in as": what a person copies from the terminal. */
interface PrintedSignIn {
  role: Role;
  email: string;
  password: string;
}

interface Launched {
  child: ChildProcess;
  url: string;
  /** What `npm start` printed about Temporal: its address, namespace and Web UI. */
  temporal: { address: string; namespace: string; uiUrl: string };
  /** Everything it printed up to and with the Temporal line: the URL, then the sign-ins (first start) or how to reset. */
  stdout: string;
  signIns: PrintedSignIn[];
  exited: Promise<number | null>;
}

/** The "Sign in as" lines: `  <role>  <e-mail>  <password>   <name…>`. */
function printedSignIns(stdout: string): PrintedSignIn[] {
  return [...stdout.matchAll(/^ {2}(admin|designer|agent|budget_owner) +(\S+@\S+) +(\S+)/gm)].map(([, role, email, password]) => ({ role: role as Role, email: email!, password: password! }));
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
  const printed = await new Promise<Omit<Launched, 'child' | 'exited' | 'signIns'>>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(stdout);
      const temporal = /Temporal at (\S+) \(namespace (\S+)\), Web UI at (http:\/\/\S+)/.exec(stdout);
      if (url && temporal) resolve({ url: url[1]!, temporal: { address: temporal[1]!, namespace: temporal[2]!, uiUrl: temporal[3]! }, stdout });
    });
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before printing its URLs:\n${stderr}`)));
  });
  return { child, exited, ...printed, signIns: printedSignIns(printed.stdout) };
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

/** A signed-in browser's credentials: its session cookie, and the Origin its writes carry (the CSRF check). */
interface Session {
  cookie: string;
  origin: string;
}

const json = async <T>(url: string, session: Session, init?: RequestInit): Promise<T> => {
  const headers = { accept: 'application/json', 'content-type': 'application/json', cookie: session.cookie, origin: session.origin, ...init?.headers };
  const response = await fetch(url, { ...init, headers });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

/** Sign in through the API as the sign-in page does; the session cookie it sets. */
async function signIn(baseUrl: string, person: PrintedSignIn): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email: person.email, password: person.password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${person.email}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]!).join('; ');
  return { cookie, origin: baseUrl };
}

interface DemoContactRow {
  email: string;
  lastName: string;
  language: string;
  storeId: string | null;
}

/** Every contact `session` may read, paged as the contacts screen pages. */
async function allContacts(baseUrl: string, session: Session): Promise<DemoContactRow[]> {
  const contacts: DemoContactRow[] = [];
  for (let after: string | null = null, first = true; first || after; first = false) {
    const query: string = after ? `&after=${encodeURIComponent(after)}` : '';
    const page: { items: DemoContactRow[]; nextCursor: string | null } = await json(`${baseUrl}/api/contacts?limit=100${query}`, session);
    contacts.push(...page.items);
    after = page.nextCursor;
  }
  return contacts;
}

interface OutboxList {
  items: { to: string; subject: string; text: string; html?: string; messageId: string; messageRef: string | null; headers: Record<string, string>; events: { type: string }[] }[];
}

describe('npm start: the embedded default (PGlite, Temporal dev server, dev outbox)', () => {
  const dirs: string[] = [];
  const running: Launched[] = [];
  afterAll(async () => {
    for (const launched of running) killGroup(launched);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('prints the demo sign-ins once, serves the demo to them by role, runs the demo campaign across a restart, and mails every subscriber once, in their language, with a working unsubscribe link', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cs-start-'));
    dirs.push(dataDir);
    let app = await launch(dataDir);
    running.push(app);

    // One sign-in per role beside the URL, each with its own generated password.
    expect(app.signIns.map((person) => person.role)).toEqual(['admin', 'designer', 'agent', 'budget_owner']);
    expect(new Set(app.signIns.map((person) => person.password)).size).toBe(4);
    for (const person of app.signIns) expect(person.password.length).toBeGreaterThanOrEqual(16);
    const printed = (role: Role) => app.signIns.find((person) => person.role === role)!;
    const admin = await signIn(app.url, printed('admin'));

    expect(await json<{ status: string }>(`${app.url}/health`, admin)).toMatchObject({ status: 'ok' });
    const page = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('<div id="root">');
    // Nothing of the product answers without signing in.
    expect((await fetch(`${app.url}/api/flows`)).status).toBe(401);
    const flows = await json<{ id: string; name: string }[]>(`${app.url}/api/flows`, admin);
    expect(flows.map((flow) => flow.name).sort()).toEqual([DEMO_BUDGET_FLOW_NAME, DEMO_CALLBACK_FLOW_NAME, DEMO_FLOW_NAME].sort());
    const welcome = flows.find((flow) => flow.name === DEMO_FLOW_NAME)!;
    const campaigns = await json<{ id: string; flowId: string }[]>(`${app.url}/api/campaigns`, admin);
    const campaign = campaigns.find((c) => c.flowId === welcome.id)!;
    const { runId } = await json<{ runId: string }>(`${app.url}/api/campaigns/${campaign.id}/runs`, admin, { method: 'POST', body: '{}' });

    // The agent: "My tasks" and the contacts of their store, nothing else.
    const agent = await signIn(app.url, printed('agent'));
    const me = await json<{ role: string; scopeStoreId: string | null; permissions: string[] }>(`${app.url}/api/auth/me`, agent);
    expect(me.role).toBe('agent');
    expect([...me.permissions].sort()).toEqual([...ROLE_PERMISSIONS.agent].sort());
    expect(me.permissions).not.toContain('flows:read');
    expect((await fetch(`${app.url}/api/flows`, { headers: { cookie: agent.cookie } })).status).toBe(403);
    expect(me.scopeStoreId).not.toBeNull();
    const everyone = await allContacts(app.url, admin);
    const theirs = await allContacts(app.url, agent);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.length).toBeLessThan(everyone.length);
    expect(theirs.every((contact) => contact.storeId === me.scopeStoreId)).toBe(true);
    expect(theirs.map((contact) => contact.email).sort()).toEqual(everyone.filter((contact) => contact.storeId === me.scopeStoreId).map((contact) => contact.email).sort());

    // Stop in the middle of sending, as a person pressing Ctrl-C would.
    await eventually(async () => (await json<OutboxList>(`${app.url}/outbox`, admin)).items.length >= 50, 60_000, 'first mails in the outbox');
    expect(await stop(app)).toBe(0);
    const beforeRestart = (await json<OutboxList>(`${app.url}/outbox`, admin).catch(() => ({ items: [] }))).items.length;
    expect(beforeRestart).toBe(0); // the server is really gone

    const firstSignIns = app.signIns;
    app = await launch(dataDir);
    running.push(app);
    // The passwords were shown once: the second start prints none, only how to reset one.
    expect(app.signIns).toEqual([]);
    for (const person of firstSignIns) expect(app.stdout).not.toContain(person.password);
    expect(app.stdout).toContain('npm run user -- reset-password EMAIL');
    // Sessions live in the database: the admin is still signed in. The data is still there and the
    // campaign carries on where it stood.
    expect((await json<{ name: string }[]>(`${app.url}/api/flows`, admin)).map((flow) => flow.name).sort()).toEqual([DEMO_BUDGET_FLOW_NAME, DEMO_CALLBACK_FLOW_NAME, DEMO_FLOW_NAME].sort());
    const done = await eventually(async () => {
      const run = await json<{ run: { status: string }; members: number; finished: number }>(`${app.url}/api/runs/${runId}`, admin);
      return run.run.status === 'completed' ? run : undefined;
    }, 120_000, 'the demo run to complete after the restart');
    // The audience is the Offers subscribers; the one whose address is suppressed is refused at generate.
    expect(done.members).toBe(DEMO_AUDIENCE_COUNT);
    expect(done.finished).toBe(DEMO_AUDIENCE_COUNT);

    const outbox = (await json<OutboxList>(`${app.url}/outbox`, admin)).items;
    const recipients = new Set(outbox.map((mail) => mail.to));
    expect(recipients.size).toBe(DEMO_MAILED_COUNT);
    // At most the page in flight at Ctrl-C may have gone twice, under the same Message-ID.
    expect(new Set(outbox.map((mail) => mail.messageId)).size).toBe(DEMO_MAILED_COUNT);
    // Each mail opens with a greeting naming its own contact, in the contact's language.
    const people = new Map((await allContacts(app.url, admin)).map((contact) => [contact.email, contact]));
    for (const mail of outbox) {
      const greeting = mail.text.split('\n')[0]!;
      expect(greeting, mail.to).toContain(people.get(mail.to)!.lastName);
      expect(mail.subject.startsWith(demoSubjectOpening(people.get(mail.to)!.language)), `${mail.to}: ${mail.subject}`).toBe(true);
      // The one-click unsubscribe: in the headers (RFC 8058) and in the footer of both parts.
      const link = /<(https?:\/\/[^>]+\/u\/[^>]+)>/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1];
      expect(link, mail.to).toBeDefined();
      expect(mail.headers['list-unsubscribe-post'], mail.to).toBe('List-Unsubscribe=One-Click');
      expect(mail.html, mail.to).toContain(link);
      expect(mail.text, mail.to).toContain(link);
    }
    // The link works on the running product (no session): GET asks, POST unsubscribes. PORT=0 gave
    // this start another port than the first, so the link's path is followed on today's URL.
    const mail = outbox.find((candidate) => candidate.messageRef !== null)!;
    const path = new URL(/<(https?:\/\/[^>]+)>/.exec(mail.headers['list-unsubscribe']!)![1]!).pathname;
    const confirmation = await fetch(`${app.url}${path}`);
    expect(confirmation.status).toBe(200);
    expect(confirmation.headers.get('content-type')).toMatch(/^text\/html/);
    const unsubscribed = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(unsubscribed.status).toBe(200);
    const listed = (await json<OutboxList>(`${app.url}/outbox`, admin)).items.find((candidate) => candidate.messageRef === mail.messageRef)!;
    expect(listed.events.map((event) => event.type)).toEqual(['unsubscribe']);

    expect(await stop(app)).toBe(0);
  }, 300_000); // two starts, the first creating PGlite and seeding the demo, and a campaign of some 230 mails

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
    const uiNamespaces = (await (await fetch(`${new URL(app.temporal.uiUrl).origin}/api/v1/namespaces`)).json()) as { namespaces: { namespaceInfo: { name: string } }[] };
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
