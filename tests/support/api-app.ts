import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from './postgres';
import { signInAsAdmin, type TestCredentials } from './sign-in';

export interface ApiOnFreshDatabase {
  database: TestDatabase;
  /** Its `inject` acts as `admin` (a bearer token) unless a call sets its own credentials. */
  app: FastifyInstance;
  admin: TestCredentials;
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
  const admin = await signInAsAdmin(app, database.db);
  return {
    database,
    app,
    admin,
    async close() {
      await app.close();
      await temporal.connection.close();
      await database.drop();
    },
  };
}
