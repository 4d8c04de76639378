import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export interface WaitOptions {
  /** Give up after this long (default 60 s: a Temporal server coming up with its database). */
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Connect a client once the server answers for `namespace`. A freshly started server (the dev
 * server, or auto-setup registering the namespace in docker-compose) refuses or errors for a
 * while: retry instead of failing the process that just started.
 */
export async function connectClientWhenReady(address: string, namespace: string, options: WaitOptions = {}): Promise<Connection> {
  return retry(`Temporal at ${address} (namespace ${namespace})`, options, async () => {
    const connection = await Connection.connect({ address, connectTimeout: '2 seconds' });
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return connection;
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  });
}

/** The worker's native connection, with the same patience. */
export async function connectWorkerWhenReady(address: string, options: WaitOptions = {}): Promise<NativeConnection> {
  return retry(`Temporal at ${address}`, options, () => NativeConnection.connect({ address }));
}

async function retry<T>(what: string, options: WaitOptions, attempt: () => Promise<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline) {
        throw new Error(`${what} did not answer within ${timeoutMs / 1000} s: ${(error as Error).message}`, { cause: error });
      }
      await sleep(options.intervalMs ?? 250);
    }
  }
}
