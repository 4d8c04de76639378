import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../db/migrate';
import { createPool, type Db } from '../../db/pool';

/** The machine's real Postgres (trust auth). Override with TEST_DATABASE_ADMIN_URL. */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database per test file, dropped afterwards: tests never share rows. */
export async function createTestDatabase(prefix = 'cs_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const db = createPool(url.toString());
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.end();
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
