import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { choosePort, type PortChoice } from './free-port';
import { commandLine, livePid, processAlive, removePid, writePid } from './pid-file';
import { onPath, requireTemporalCli } from './temporal-cli';
import { connectClientWhenReady } from './temporal-connection';

export interface TemporalDevServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  namespace: string;
  /** The Temporal Web UI, opened on this namespace's workflow list. */
  uiUrl: string;
  pid: number;
  /** SIGTERM, then SIGKILL if it has not exited after the grace period. Idempotent. */
  close(): Promise<void>;
}

export interface TemporalDevServerOptions {
  /** SQLite file holding workflows across restarts (created on first start). */
  dbFilename: string;
  namespace?: string;
  /** The CLI binary; found or built by scripts/temporal-cli.ts when omitted. */
  cliPath?: string;
  ip?: string;
  /** Frontend (gRPC) port; default 7233, or a free port when 7233 is taken. */
  port?: PortChoice;
  /** Web UI port; default 8233, or a free port when 8233 is taken. */
  uiPort?: PortChoice;
  /** Server output goes here (appended); default: next to the db file as `temporal.log`. */
  logFile?: string;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  log?: (line: string) => void;
}

const PORT_ATTEMPTS = 3;

/** The CLI's own defaults: a restart finds the server, and a bookmarked UI, where they were. */
export const TEMPORAL_DEV_PORT: PortChoice = { port: 7233, whenTaken: 'any-free-port' };
export const TEMPORAL_DEV_UI_PORT: PortChoice = { port: 8233, whenTaken: 'any-free-port' };

/**
 * The embedded default's Temporal: `temporal server start-dev` (the CLI's all-in-one server,
 * SQLite in WAL mode) with its Web UI, on fixed ports when they are free. Resolves once a
 * client can connect, the namespace answers and the UI serves its page.
 *
 * The child runs in its own process group so that Ctrl-C in the terminal reaches only the
 * launcher, which stops the worker first and this server last. A launcher killed with SIGKILL
 * cannot stop it, so the kernel does (see `dyingWithLauncher`); where that is not available,
 * the pid file next to the database lets the next start clean it up.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const log = options.log ?? (() => undefined);
  const dbFilename = resolve(options.dbFilename);
  const pidFile = `${dbFilename}.pid`;
  await mkdir(dirname(dbFilename), { recursive: true });
  await stopOrphan(pidFile, dbFilename, log);
  const cli = options.cliPath ?? (await requireTemporalCli({ log })).path;
  let lastError: Error | undefined;
  const ip = options.ip ?? '127.0.0.1';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const port = await choosePort(options.port ?? TEMPORAL_DEV_PORT, ip);
    const uiPort = await choosePort(options.uiPort ?? TEMPORAL_DEV_UI_PORT, ip, [port]);
    try {
      return await startOnce(cli, dbFilename, pidFile, { ...options, ip, port, uiPort });
    } catch (error) {
      lastError = error as Error;
      // Another process took a port between our check and the server's bind: choose again.
      if (!/address already in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError ?? new Error('Temporal dev server did not start');
}

interface ChosenPorts {
  ip: string;
  port: number;
  uiPort: number;
}

async function startOnce(cli: string, dbFilename: string, pidFile: string, options: Omit<TemporalDevServerOptions, keyof ChosenPorts> & ChosenPorts): Promise<TemporalDevServer> {
  const { ip, port, uiPort } = options;
  const namespace = options.namespace ?? 'default';
  const address = `${ip}:${port}`;
  const uiUrl = `http://${ip}:${uiPort}/namespaces/${encodeURIComponent(namespace)}/workflows`;
  const args = ['server', 'start-dev', '--db-filename', dbFilename, '--ip', ip, '--port', String(port), '--ui-port', String(uiPort), '--log-level', 'warn'];
  // "default" always exists; any other namespace the app is configured for is created at launch.
  if (namespace !== 'default') args.push('--namespace', namespace);

  const logFile = createWriteStream(options.logFile ?? `${dirname(dbFilename)}/temporal.log`, { flags: 'a' });
  const [command, commandArgs] = dyingWithLauncher(cli, args);
  const child = spawn(command, commandArgs, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Output goes to the log file, and its tail into errors. Reading the pipes also means a
  // launcher that dies without cleanup leaves the server a broken pipe on its next log line.
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      logFile.write(chunk);
      tail.push(...chunk.toString().split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 20));
    });
  }
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  if (child.pid !== undefined) await writePid(pidFile, child.pid);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      process.off('exit', killOnExit);
      await stopChild(child, exited, options.stopTimeoutMs ?? 10_000);
      await removePid(pidFile);
      await new Promise<void>((done) => logFile.end(done));
    })());

  try {
    await Promise.race([
      waitUntilServing(address, namespace, uiUrl, options.startTimeoutMs ?? 60_000),
      spawnFailed,
      exited.then((code) => {
        throw new Error(`temporal server start-dev exited (code ${code}) before serving:\n  ${tail.join('\n  ')}`);
      }),
    ]);
  } catch (error) {
    await close();
    throw error;
  }
  return { address, namespace, uiUrl, pid: child.pid!, close };
}

/**
 * The server's command wrapped in util-linux `setpriv --pdeathsig` where it exists (every
 * Debian): the kernel sends the server SIGTERM when the process that started it dies, even by
 * SIGKILL, which no exit hook of ours survives. Being in its own process group, the server
 * would otherwise outlive a killed launcher, holding the SQLite file and the ports.
 */
function dyingWithLauncher(cli: string, args: string[]): [string, string[]] {
  const setpriv = process.platform === 'linux' ? onPath('setpriv') : undefined;
  return setpriv ? [setpriv, ['--pdeathsig', 'TERM', '--', cli, ...args]] : [cli, args];
}

/** Resolves once a client connects, the namespace (created by the server at launch) answers and the UI serves its page. */
async function waitUntilServing(address: string, namespace: string, uiUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const connection = await connectClientWhenReady(address, namespace, { timeoutMs, intervalMs: 200 });
  await connection.close();
  // The CLI starts the UI alongside the frontend, in the background: it may lag a moment.
  for (;;) {
    const status = await fetch(uiUrl, { signal: AbortSignal.timeout(2_000) }).then((response) => response.status, (error: Error) => error.message);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`The Temporal Web UI at ${uiUrl} did not answer (${status})`);
    await sleep(200);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // Unref'd: a server that stops in time must not keep the process alive for the grace period.
  const timer = sleep(timeoutMs, undefined, { ref: false }).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** A dev server left running by a launcher that was SIGKILLed would hold the SQLite file: stop it. */
async function stopOrphan(pidFile: string, dbFilename: string, log: (line: string) => void): Promise<void> {
  const pid = await livePid(pidFile);
  if (pid === undefined) return;
  // Pids are reused: only a Temporal dev server on this very database file is ours to stop.
  const command = `${await commandLine(pid)} `;
  if (command.includes(' server start-dev ') && command.includes(` --db-filename ${dbFilename} `)) {
    log(`Stopping a Temporal dev server left running by an earlier start (pid ${pid})`);
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 10_000 && processAlive(pid); waited += 100) await sleep(100);
    if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  await removePid(pidFile);
}
