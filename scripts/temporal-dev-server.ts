import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port';
import { commandLine, livePid, processAlive, removePid, writePid } from './pid-file';
import { requireTemporalCli } from './temporal-cli';
import { connectClientWhenReady } from './temporal-connection';

export interface TemporalDevServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  namespace: string;
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
  /** Server output goes here (appended); default: next to the db file as `temporal.log`. */
  logFile?: string;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  log?: (line: string) => void;
}

const PORT_ATTEMPTS = 3;

/**
 * The embedded default's Temporal: `temporal server start-dev` (the CLI's all-in-one server,
 * SQLite in WAL mode) on free ports, headless. Resolves once a client can connect and the
 * namespace answers.
 *
 * The child runs in its own process group so that Ctrl-C in the terminal reaches only the
 * launcher, which stops the worker first and this server last. A launcher killed with SIGKILL
 * cannot stop it: the pid file next to the database lets the next start clean it up.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const log = options.log ?? (() => undefined);
  const dbFilename = resolve(options.dbFilename);
  const pidFile = `${dbFilename}.pid`;
  await mkdir(dirname(dbFilename), { recursive: true });
  await stopOrphan(pidFile, dbFilename, log);
  const cli = options.cliPath ?? (await requireTemporalCli({ log })).path;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    try {
      return await startOnce(cli, dbFilename, pidFile, options);
    } catch (error) {
      lastError = error as Error;
      // Another process took the free port between our check and the server's bind: try another.
      if (!/address already in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError ?? new Error('Temporal dev server did not start');
}

async function startOnce(cli: string, dbFilename: string, pidFile: string, options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const namespace = options.namespace ?? 'default';
  const port = await freePort(ip);
  const address = `${ip}:${port}`;
  const args = ['server', 'start-dev', '--headless', '--db-filename', dbFilename, '--ip', ip, '--port', String(port), '--log-level', 'warn'];
  // "default" always exists; any other namespace the app is configured for is created at launch.
  if (namespace !== 'default') args.push('--namespace', namespace);

  const logFile = createWriteStream(options.logFile ?? `${dirname(dbFilename)}/temporal.log`, { flags: 'a' });
  const child = spawn(cli, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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
      waitUntilServing(address, namespace, options.startTimeoutMs ?? 60_000),
      spawnFailed,
      exited.then((code) => {
        throw new Error(`temporal server start-dev exited (code ${code}) before serving:\n  ${tail.join('\n  ')}`);
      }),
    ]);
  } catch (error) {
    await close();
    throw error;
  }
  return { address, namespace, pid: child.pid!, close };
}

/** Resolves once a client connects and the namespace (created by the server at launch) answers. */
async function waitUntilServing(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const connection = await connectClientWhenReady(address, namespace, { timeoutMs, intervalMs: 200 });
  await connection.close();
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
  if ((await commandLine(pid)).includes(`start-dev --headless --db-filename ${dbFilename}`)) {
    log(`Stopping a Temporal dev server left running by an earlier start (pid ${pid})`);
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; waited < 10_000 && processAlive(pid); waited += 100) await sleep(100);
    if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  await removePid(pidFile);
}
