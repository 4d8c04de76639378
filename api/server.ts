import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  host: string;
  /** 0 = any free port. */
  port: number;
}

/**
 * Listen and return the URL the API answers on (with the real port when `port` was 0).
 * Signals belong to the launcher: it calls `app.close()`, which stops accepting connections,
 * answers requests in flight, then resolves. The db pool and Temporal client are the
 * launcher's to close after that.
 */
export async function startServer(app: FastifyInstance, options: ListenOptions): Promise<string> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  if (address === null || typeof address === 'string') return `http://${options.host}:${options.port}`;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
