import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { countContacts } from '../../db/contacts';
import { migrate } from '../../db/migrate';
import { createPool, type Db } from '../../db/pool';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/embedded-postgres';
import { uploadFile } from '../support/upload';
import { signInAsAdmin } from '../support/sign-in';

/** `npm start`'s database: PGlite through pglite-socket, one pooled connection, no COPY. */
describe('contacts import on embedded Postgres (bulkMode insert)', () => {
  let dir: string;
  let postgres: EmbeddedPostgres;
  let db: Db;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cs-pglite-import-'));
    postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'pglite') });
    await migrate(postgres.url);
    db = createPool(postgres.url, EMBEDDED_POOL_SIZE);
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db, temporal, taskQueue: 'unused', bulkMode: 'insert' });
    await signInAsAdmin(app, db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await db?.end();
    await postgres?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a bad file whole, then imports and merges the fixed one', async () => {
    const bad = (await uploadFile(app, '/api/imports/contacts?wait=true', 'email,city\na@example.test,Cluj\nnope,Iasi\n')).json();
    expect(bad).toMatchObject({ status: 'failed', report: { errors: [{ line: 3, column: 'email' }] } });
    expect(await countContacts(db)).toBe(0);

    const rows = ['email,city', ...Array.from({ length: 2500 }, (_, i) => `u${i}@example.test,City ${i}`)];
    const good = (await uploadFile(app, '/api/imports/contacts?wait=true', rows.join('\n'))).json();
    expect(good).toMatchObject({ status: 'completed', insertedRows: 2500, updatedRows: 0 });

    const again = (await uploadFile(app, '/api/imports/contacts?wait=true', 'email,city\nU7@example.test,Arad\n')).json();
    expect(again).toMatchObject({ status: 'completed', insertedRows: 0, updatedRows: 1 });
    expect(await countContacts(db)).toBe(2500);
  });
});
