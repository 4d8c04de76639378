import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

const LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * Install the Temporal runtime once per process: worker logs at `logLevel` (LOG_LEVEL), and no
 * signal handlers of its own — our launchers handle SIGINT/SIGTERM themselves so that the API
 * closes before the worker drains, and the worker before the servers stop.
 */
export function installWorkerRuntime(logLevel: string): void {
  const upper = logLevel.toUpperCase();
  const level = LEVELS.find((known) => known === upper) ?? 'INFO';
  Runtime.install({ logger: new DefaultLogger(level), shutdownSignals: [] });
}
