import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';
import { signInAsAdmin } from '../support/sign-in';

/** Seed 004: an audience from a file of customer codes, with the unmatched codes reported. */
describe('customer-code file import', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_import_codes');
    await database.db.query(`INSERT INTO contacts (email, customer_code, first_name) VALUES
      ('a@example.test', 'K-100', 'A'), ('b@example.test', 'K-200', 'B'), ('c@example.test', 'K-300', 'C')`);
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  it('makes a list of the matched contacts and reports unmatched codes with their lines, keeping no file', async () => {
    const tempBefore = await readdir(tmpdir());
    const response = await uploadFile(app, '/api/imports/customer-codes', 'K-100\n\nK-999\r\n  K-300  \nNOPE\n', {}, 'codes.txt');
    expect(response.statusCode).toBe(201);
    const result = response.json();
    expect(result).toMatchObject({ name: 'Customer codes: codes.txt', matched: 2, unmatched: [{ line: 3, code: 'K-999' }, { line: 5, code: 'NOPE' }] });
    // The upload was streamed from the request: no new file in the temp directory holds its codes
    // (other test files may create temp files meanwhile, so only new ones are read).
    const newEntries = (await readdir(tmpdir())).filter((name) => !tempBefore.includes(name));
    const holdingCodes = await Promise.all(
      newEntries.map(async (name) => (await readFile(join(tmpdir(), name), 'utf8').catch(() => '')).includes('K-999')),
    );
    expect(holdingCodes.filter(Boolean)).toEqual([]);

    const list = await database.db.query(`SELECT name, source FROM contact_lists WHERE id = $1`, [result.listId]);
    expect(list.rows).toEqual([{ name: 'Customer codes: codes.txt', source: 'customer_codes' }]);

    const exported = await app.inject({ method: 'GET', url: `/api/contact-lists/${result.listId}/export.csv` });
    expect(exported.statusCode).toBe(200);
    const emails = exported.body.trim().split('\n').slice(1).map((line) => line.split(',')[0]).sort();
    expect(emails).toEqual(['a@example.test', 'c@example.test']);
  });

  it('answers 422 "no file uploaded" without a file part, and refuses a file with no code', async () => {
    const form = new FormData();
    form.append('name', 'no file here');
    const missing = await app.inject({ method: 'POST', url: '/api/imports/customer-codes', payload: form });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: 'NO_FILE', detail: 'no file uploaded' });

    const blank = await uploadFile(app, '/api/imports/customer-codes', '\n  \n', {}, 'codes.txt');
    expect(blank.statusCode).toBe(422);
    expect(blank.json()).toMatchObject({ code: 'EMPTY_FILE' });
  });

  it('answers 404 when exporting a list that does not exist', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/contact-lists/00000000-0000-4000-8000-000000000000/export.csv' });
    expect(response.statusCode).toBe(404);
  });
});
