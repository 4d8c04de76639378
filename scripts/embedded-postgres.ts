import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { livePid, removePid, writePid } from './pid-file';

export interface EmbeddedPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: what `pg` and node-pg-migrate connect to. */
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** PGlite's data directory (created on first start, reused after). */
  dataDir: string;
  host?: string;
  /** 0 (default) = a free port. */
  port?: number;
}

/**
 * Connections the socket server accepts at once. PGlite is ONE Postgres backend: the server's
 * multiplexer queues each wire-protocol *message* separately, so two clients running
 * extended-protocol queries at the same time interleave their Parse/Bind/Execute on the one
 * session and get each other's statements (seen here with pg and two pool clients: "bind
 * message supplies 2 parameters, but prepared statement "" requires 1"). The app therefore
 * talks to PGlite through ONE pooled connection (see EMBEDDED_POOL_SIZE); the second slot only
 * lets a fresh connection in while the previous one (an idle pool client closing, the migration
 * runner's) is still being torn down.
 */
const MAX_SOCKET_CONNECTIONS = 2;

/** The pg pool size that is safe against PGlite through pglite-socket: one connection. */
export const EMBEDDED_POOL_SIZE = 1;

/**
 * Postgres for the embedded default: PGlite (real Postgres compiled to WASM, data in
 * `dataDir`) served on a loopback port by pglite-socket, so the very same `pg` code, migrations
 * and SQL run against it as against a real server.
 *
 * Known limits: one connection at a time (above); `COPY ... FROM STDIN` breaks the connection,
 * so bulk paths use `INSERT ... SELECT FROM jsonb_to_recordset($1)`; one process per data dir
 * (enforced with a lock file next to it).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dirname(dataDir), { recursive: true });
  const lock = await acquireLock(`${dataDir}.lock`);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create({ dataDir });
    const server = new PGLiteSocketServer({
      db,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      maxConnections: MAX_SOCKET_CONNECTIONS,
    });
    await server.start();
    const pglite = db;
    let closing: Promise<void> | undefined;
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      dataDir,
      close: () =>
        (closing ??= (async () => {
          await server.stop();
          await pglite.close();
          await lock.release();
        })()),
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
}

/**
 * Two processes opening one PGlite directory corrupt it: the second start fails with a clear
 * message instead. A lock left by a killed process (its pid is gone) is taken over.
 */
async function acquireLock(path: string): Promise<{ release(): Promise<void> }> {
  const holder = await livePid(path);
  if (holder !== undefined && holder !== process.pid) {
    throw new Error(`${path.replace(/\.lock$/, '')} is in use by another Campaign Studio process (pid ${holder}); stop it first.`);
  }
  await writePid(path, process.pid);
  return { release: () => removePid(path) };
}
