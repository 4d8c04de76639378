import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import type { BulkMode } from '../../db/imports-contacts';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';
import { signInAsAdmin } from '../support/sign-in';

const CONTACTS_SQL = `SELECT email, customer_code, first_name, last_name, gender, city, language, attributes
  FROM contacts ORDER BY email`;

/**
 * The first file of the story, under its own column names: merges into Ana, adds Bob (C-2) and
 * Carol (C-3).
 */
const FIRST_FILE = [
  'E-mail,Code,First,Gender,Shoe,Born,Notes',
  'ana@example.test,,Anamaria,female,38,,x',
  'bob@example.test,C-2,Bob,male,44,1980-05-17,y',
  '"carol@example.test",C-3,"Carol, Jr.",,,,z',
].join('\n');
const FIRST_MAPPING = { 'E-mail': 'email', Code: 'customerCode', First: 'firstName', Gender: 'gender', Shoe: 'attributes.shoe_size', Born: 'attributes.birthday', Notes: 'ignore' };

/**
 * Good files, through COPY (real Postgres) and through batched INSERTs (the PGlite path). Each
 * test starts with Ana alone on file and imports what it reads, so any one runs alone or in any order.
 */
describe.each<BulkMode>(['copy', 'insert'])('contacts import in %s mode', (bulkMode) => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase(`cs_import_${bulkMode}`);
    await database.db.query(`INSERT INTO attribute_definitions (key, label, type) VALUES
      ('birthday', 'Birthday', 'date'), ('shoe_size', 'Shoe size', 'number')`);
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused', bulkMode });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await database.db.query('TRUNCATE contacts CASCADE');
    await database.db.query(`INSERT INTO contacts (email, first_name, last_name, city, attributes)
      VALUES ('Ana@Example.test', 'Ana', 'Popescu', 'Cluj', '{"colour": "blue"}')`);
  });

  const contacts = async () => (await database.db.query(CONTACTS_SQL)).rows;
  const importFirstFile = () => uploadFile(app, '/api/imports/contacts?wait=true', FIRST_FILE, { mapping: JSON.stringify(FIRST_MAPPING) });

  it('imports new contacts and merges one already on file by e-mail (case-insensitive)', async () => {
    const response = await importFirstFile();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'completed', totalRows: 3, processedRows: 3, progressPercent: 100, insertedRows: 2, updatedRows: 1, errorCount: 0 });
    expect(await contacts()).toEqual([
      // Merged into Ana@Example.test: the file's non-empty fields win (its spelling of the e-mail too), attributes are merged, untouched fields stay.
      { email: 'ana@example.test', customer_code: null, first_name: 'Anamaria', last_name: 'Popescu', gender: 'female', city: 'Cluj', language: 'en', attributes: { colour: 'blue', shoe_size: 38 } },
      { email: 'bob@example.test', customer_code: 'C-2', first_name: 'Bob', last_name: null, gender: 'male', city: null, language: 'en', attributes: { shoe_size: 44, birthday: '1980-05-17' } },
      { email: 'carol@example.test', customer_code: 'C-3', first_name: 'Carol, Jr.', last_name: null, gender: null, city: null, language: 'en', attributes: {} },
    ]);
  });

  it('merges by customer code, runs as a job (202 then poll) and reports progress', async () => {
    expect((await importFirstFile()).json().status).toBe('completed');
    const started = await uploadFile(app, '/api/imports/contacts', 'customerCode,city\nC-2,Iasi\nC-9,Arad\n');
    expect(started.statusCode).toBe(202);
    const { jobId } = started.json();
    let job = (await app.inject({ method: 'GET', url: `/api/imports/${jobId}` })).json();
    for (let tries = 0; job.status === 'running' && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await app.inject({ method: 'GET', url: `/api/imports/${jobId}` })).json();
    }
    expect(job).toMatchObject({ id: jobId, kind: 'contacts', fileName: 'upload.csv', status: 'completed', insertedRows: 1, updatedRows: 1, progressPercent: 100 });
    const rows = await database.db.query(`SELECT email, city FROM contacts WHERE customer_code IN ('C-2', 'C-9') ORDER BY customer_code`);
    expect(rows.rows).toEqual([{ email: 'bob@example.test', city: 'Iasi' }, { email: null, city: 'Arad' }]);
  });

  it('exports every contact as CSV that imports back with no change', async () => {
    expect((await importFirstFile()).json().status).toBe('completed');
    const before = await contacts();
    const exported = await app.inject({ method: 'GET', url: '/api/contacts/export.csv' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const lines = exported.body.trim().split('\n');
    expect(lines[0]).toBe('email,customerCode,firstName,lastName,gender,title,position,language,timeZone,phone,addressLine,postalCode,city,country,attributes.birthday,attributes.colour,attributes.shoe_size');
    expect(lines).toHaveLength(1 + before.length);
    expect(lines).toContain('carol@example.test,C-3,"Carol, Jr.",,,,,en,,,,,,,,,');

    const reimported = await uploadFile(app, '/api/imports/contacts?wait=true', exported.body);
    expect(reimported.json()).toMatchObject({ status: 'completed', insertedRows: 0, updatedRows: before.length });
    expect(await contacts()).toEqual(before);
  });

  it('answers 404 for an unknown job', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/imports/00000000-0000-4000-8000-000000000000' });
    expect(response.statusCode).toBe(404);
  });
});
