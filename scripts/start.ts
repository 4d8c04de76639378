/**
 * `npm start`: the whole product in one process tree, nothing to install beyond npm. Each part
 * is embedded unless its variable is set (DATABASE_URL, TEMPORAL_ADDRESS, SMTP_URL); see
 * scripts/stack.ts. Prints the URL and, on the first start only, the demo sign-ins (one per
 * role, generated passwords; later starts say how to reset one), then where Temporal and its
 * Web UI are; Ctrl-C (or SIGTERM) stops everything in order.
 */
import { ConfigError, loadConfig, type Config } from '../config/config';
import { describeSignIns } from './first-sign-ins';
import { portInUse } from './free-port';
import { startStack, type RunningStack } from './stack';
import { installWorkerRuntime } from './worker-runtime';

const STOP_TIMEOUT_MS = 45_000;
const DUPLICATE_SIGNAL_MS = 1_000;

const config = readConfig();

// The worker logs every state change at INFO: the launcher shows warnings and errors only,
// unless LOG_LEVEL asks for more.
installWorkerRuntime(process.env.LOG_LEVEL ? config.logLevel : 'warn');

// The default port may be taken by something else: then any free port, since the URL is printed.
const port = !process.env.PORT && (await portInUse(config.port, config.host)) ? 0 : config.port;

let stopping: Promise<void> | undefined;

const starting: Promise<RunningStack> = startStack({
  config,
  port,
  log: (line) => console.error(line),
  onWorkerFailure: (error) => {
    console.error('The campaign worker stopped:', error);
    void stop(1);
  },
});

/** Stop everything in order, then exit. A stop requested while starting waits for the start. */
function stop(code: number): Promise<void> {
  stopping ??= (async () => {
    const force = setTimeout(() => {
      console.error(`Campaign Studio did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting anyway.`);
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    force.unref();
    const stack = await starting.catch(() => undefined);
    await stack?.stop();
    // The Temporal runtime keeps native threads alive: leave explicitly once everything is closed.
    process.exit(code);
  })();
  return stopping;
}

let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!stopping) {
      firstSignalAt = Date.now();
      void stop(0);
      return;
    }
    // Wrappers (npm, tsx, timeout) may deliver one Ctrl-C twice: only a later one, a person
    // insisting, means "now". The exit hook still kills the Temporal child.
    if (Date.now() - firstSignalAt > DUPLICATE_SIGNAL_MS) {
      console.error('Stopping now, without waiting for running work.');
      process.exit(130);
    }
  });
}

try {
  const stack = await starting;
  if (!stopping) {
    const parts = [
      stack.embedded.postgres ? 'PGlite' : 'Postgres',
      stack.embedded.temporal ? 'Temporal dev server' : 'Temporal',
      stack.embedded.mail ? 'dev outbox' : 'SMTP',
    ];
    console.log(`Campaign Studio is running at ${stack.url} (${parts.join(', ')}; data in ${config.dataDir}) — Ctrl-C to stop`);
    for (const line of describeSignIns(stack.signIns)) console.log(line);
    const { address, namespace, uiUrl } = stack.temporal;
    console.log(`Temporal at ${address} (namespace ${namespace})${uiUrl ? `, Web UI at ${uiUrl}` : ''}`);
  } else if (stack.signIns.length > 0) {
    // Stopped while starting: the passwords are set all the same, and shown nowhere else.
    for (const line of describeSignIns(stack.signIns)) console.log(line);
  }
} catch (error) {
  // startStack has already stopped whatever had started.
  console.error('Campaign Studio could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}
