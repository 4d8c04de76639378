import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Db } from '../db/pool';
import { freePort } from '../scripts/free-port';
import { clickUrl, openPixelUrl, type TrackingKeys } from '../templating/tracking-links';
import { createTestDatabase } from '../tests/support/postgres';
import { startTemporal } from '../tests/support/temporal';
import { seedTrackedMessage } from '../tests/support/tracked-messages';

const SERVE_API = fileURLToPath(new URL('../scripts/serve-api.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The goals for the public links, printed beside the figures (never asserted). */
export const TRACKING_GOALS = { requestsPerSecond: 5_000, p99Ms: 20 } as const;

export interface TrackingOptions {
  /** Seconds of load per route. */
  seconds: number;
  /** Concurrent connections autocannon keeps open (each one request at a time). */
  connections: number;
  /** Distinct sent messages the requests are spread over (each click and open looks its message up). */
  messages: number;
}

export interface RouteFigures {
  route: string;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with the status the route should answer (302 for a click, 200 for the pixel). */
  expected: number;
  /** Anything else: errors, timeouts, other statuses. */
  unexpected: number;
  /** Events rows the route wrote during its run (one per request: the click or open is recorded). */
  events: number;
}

/**
 * The public mail links under load: the production API process (scripts/serve-api.ts, request
 * logging on as in production) on loopback over the machine's Postgres, autocannon from this
 * process on the click redirect and the open pixel, the requests spread over `messages` sent
 * messages. TRACKING_RATE_LIMIT is set far above the load: the bench measures the route, not the
 * limiter. Load generator and server share the machine, so the figures are a floor.
 */
export async function benchTracking(options: TrackingOptions): Promise<RouteFigures[]> {
  const database = await createTestDatabase('cs_bench_tracking');
  const temporal = await startTemporal();
  let api: ChildProcess | undefined;
  try {
    const port = await freePort();
    const keys: TrackingKeys = { publicUrl: `http://127.0.0.1:${port}`, secret: 'bench-tracking-secret-0123456789abcdef' };
    const messages: string[] = [];
    for (let i = 0; i < options.messages; i++) {
      const seeded = await seedTrackedMessage(database.db, { email: `reader${i}@example.test`, links: ['https://shop.example.com/en/office-kit', 'https://shop.example.com/en/stores'] });
      messages.push(seeded.messageId);
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: keys.publicUrl,
      TRACKING_SECRET: keys.secret,
      TRACKING_RATE_LIMIT: '1000000000',
    };
    delete env.SMTP_URL;
    delete env.LOG_LEVEL;
    api = spawn(process.execPath, ['--import', 'tsx', SERVE_API], {
      cwd: ROOT,
      env,
      // Its request log is the production cost, written where nobody reads it.
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    api.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    await listening(`${keys.publicUrl}/health`, api, () => stderr);

    const routes = [
      { route: 'click redirect  GET /t/c/:id/:index/:sig', status: 302, paths: messages.map((id) => new URL(clickUrl(keys, id, 0)).pathname), event: 'click' },
      { route: 'open pixel      GET /t/o/:id/:sig.gif', status: 200, paths: messages.map((id) => new URL(openPixelUrl(keys, id)).pathname), event: 'open' },
    ];
    const figures: RouteFigures[] = [];
    for (const { route, status, paths, event } of routes) {
      // A short warm-up so JIT and the pool's connections are not what is measured.
      await load(keys.publicUrl, paths, { ...options, seconds: 1 });
      const before = await countEvents(database.db, event);
      const result = await load(keys.publicUrl, paths, options);
      const expected = result.statusCodeStats?.[`${status}`]?.count ?? 0;
      figures.push({
        route,
        requests: result.requests.total,
        requestsPerSecond: result.requests.total / result.duration,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        expected,
        unexpected: result.requests.total - expected + result.errors,
        events: (await countEvents(database.db, event)) - before,
      });
    }
    return figures;
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api!.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    await temporal.teardown();
    await database.drop();
  }
}

function load(url: string, paths: string[], options: TrackingOptions): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    // Each request goes to the next message's link, round robin.
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
  });
}

async function countEvents(db: Db, type: string): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE type = $1', [type])).rows[0]!.n;
}

/** Wait until the API answers its health check (it migrates and connects to Temporal first). */
async function listening(healthUrl: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited (${child.exitCode}) before listening:\n${stderr()}`);
    try {
      if ((await fetch(healthUrl)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The API did not answer ${healthUrl} within 60 s:\n${stderr()}`);
}
