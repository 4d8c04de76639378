import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Bring the schema up to date. Runs at start-up of the API and in tests; node-pg-migrate
 * keeps its own table so each migration runs once, in order, inside a transaction.
 */
export async function migrate(databaseUrl: string, options: { log?: (msg: string) => void } = {}): Promise<void> {
  await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    migrationsTable: 'schema_migrations',
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    log: options.log ?? (() => undefined),
  });
}
