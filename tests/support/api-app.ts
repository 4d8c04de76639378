import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from './postgres';

export interface ApiOnFreshDatabase {
  database: TestDatabase;
  app: FastifyInstance;
  /** Close the app and the client, and drop the database. */
  close(): Promise<void>;
}

/**
 * The API on a fresh, migrated database, for routes that start no workflow: its Temporal client
 * is lazy and points nowhere, so a route that did reach for Temporal would fail loudly.
 */
export async function apiOnFreshDatabase(prefix: string): Promise<ApiOnFreshDatabase> {
  const database = await createTestDatabase(prefix);
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
  return {
    database,
    app,
    async close() {
      await app.close();
      await temporal.connection.close();
      await database.drop();
    },
  };
}
