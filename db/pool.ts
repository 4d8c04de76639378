import pg from 'pg';

export type Db = pg.Pool;
export type DbClient = pg.PoolClient;
/** The pool or one of its clients (inside a transaction): what a function that only queries takes. */
export type Queryable = Db | DbClient;

/** One pool per process; `max` stays small because PGlite serves a single connection. */
export function createPool(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error('[db] idle client error:', error.message));
  return pool;
}

/** Run `work` in one transaction: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(db: Db, work: (client: DbClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
