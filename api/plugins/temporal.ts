import type { Client } from '@temporalio/client';
import fp from 'fastify-plugin';

/** What routes need to drive campaign workflows. */
export interface TemporalAccess {
  /** A connected client, owned by whoever built the app: `app.close()` does not close it. */
  client: Client;
  /** The task queue campaign workers poll; runs are started there. */
  taskQueue: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    temporal: TemporalAccess;
  }
}

/** Shares the Temporal client and task queue with every route as `app.temporal`. */
export const temporalPlugin = fp<TemporalAccess>(
  (app, options, done) => {
    app.decorate('temporal', { client: options.client, taskQueue: options.taskQueue });
    done();
  },
  { name: 'temporal', fastify: '5.x' },
);

/**
 * Every call to the Temporal service gets a deadline: without one a client waits forever for a
 * server that is down, and an HTTP request would hang with it.
 */
export function withTemporalDeadline<T>(client: Client, ms: number, call: () => Promise<T>): Promise<T> {
  return client.withDeadline(Date.now() + ms, call);
}
