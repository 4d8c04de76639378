import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { countContacts } from '../../db/contacts';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';
import { signInAsAdmin } from '../support/sign-in';

/** Every way a contacts file can be wrong: the whole report, and not one row written. */
describe('contacts import: error paths', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_import_errors');
    await database.db.query(`INSERT INTO attribute_definitions (key, label, type) VALUES ('birthday', 'Birthday', 'date')`);
    await database.db.query(`INSERT INTO contacts (email, first_name) VALUES ('kept@example.test', 'Kept')`);
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  /** Import and expect failure with nothing written; returns the job the user would see. */
  async function failedImport(csv: string, fields: Record<string, string> = {}) {
    const before = await countContacts(database.db);
    const response = await uploadFile(app, '/api/imports/contacts?wait=true', csv, fields);
    expect(response.statusCode).toBe(200);
    const job = response.json();
    expect(job.status).toBe('failed');
    expect(await countContacts(database.db)).toBe(before);
    const kept = await database.db.query(`SELECT first_name FROM contacts WHERE email = 'kept@example.test'`);
    expect(kept.rows).toEqual([{ first_name: 'Kept' }]);
    return job;
  }

  const pick = (errors: { line: number; column: string | null }[]) => errors.map(({ line, column }) => ({ line, column }));

  it('reports every bad e-mail with its line and column', async () => {
    const job = await failedImport('email,firstName\nok@example.test,Ok\nnot-an-address,Bad\nkept@example.test,Changed\nalso@bad,Bad\n');
    expect(pick(job.report.errors)).toEqual([{ line: 3, column: 'email' }, { line: 5, column: 'email' }]);
    expect(job.report.errors[0]).toMatchObject({ value: 'not-an-address', message: 'is not a valid e-mail address' });
    expect(job.report.message).toBe('2 lines are not valid; nothing was imported');
  });

  it('refuses the e-mails the API refuses, with their lines (one rule for both)', async () => {
    const job = await failedImport('email,firstName\nok@example.test,Ok\n"y@a.test,victim5",Comma\nName<victim4@evil.test>,Angle\n');
    expect(job.report.errors).toEqual([
      { line: 3, column: 'email', value: 'y@a.test,victim5', message: 'is not a valid e-mail address' },
      { line: 4, column: 'email', value: 'Name<victim4@evil.test>', message: 'is not a valid e-mail address' },
    ]);
    for (const email of ['y@a.test,victim5', 'Name<victim4@evil.test>']) {
      const refused = await app.inject({ method: 'POST', url: '/api/contacts', payload: { email } });
      expect(refused.json()).toMatchObject({ status: 422, errors: [{ field: 'email', message: 'must be a valid e-mail address' }] });
    }
  });

  it('names an unknown column (no mapping) and a mapping to an unknown field', async () => {
    const job = await failedImport('email,shoeSize\na@example.test,42\n');
    expect(job.report.errors).toEqual([{ line: 1, column: 'shoeSize', value: null, message: 'is not a known column' }]);

    const mapped = await failedImport('E-mail,Shoe\na@example.test,42\n', { mapping: JSON.stringify({ 'E-mail': 'email', Shoe: 'shoe_size' }) });
    expect(mapped.report.errors).toEqual([{ line: 1, column: 'Shoe', value: null, message: 'is mapped to unknown field "shoe_size"' }]);
  });

  it('refuses a wrong date in a date attribute, naming line and column', async () => {
    const job = await failedImport('email,attributes.birthday\na@example.test,1990-02-01\nb@example.test,31/12/1990\nc@example.test,1990-02-30\n');
    expect(pick(job.report.errors)).toEqual([{ line: 3, column: 'attributes.birthday' }, { line: 4, column: 'attributes.birthday' }]);
    expect(job.report.errors[0].message).toBe('must be a date written YYYY-MM-DD');
  });

  it('refuses a duplicate key within the file, naming both lines', async () => {
    const job = await failedImport('email,customerCode\na@example.test,C1\nb@example.test,C2\nA@Example.test,C3\nc@example.test,C2\n');
    expect(job.report.errors).toEqual([
      { line: 4, column: 'email', value: 'a@example.test', message: 'repeats the email of line 2' },
      { line: 5, column: 'customerCode', value: 'C2', message: 'repeats the customerCode of line 3' },
    ]);
  });

  it('fails an empty file, or a header without data, with a clear message', async () => {
    expect((await failedImport('')).report).toEqual({ message: 'The file is empty: no header line and no data', errors: [] });
    expect((await failedImport('email,firstName\n')).report.message).toBe('The file has a header line but no data lines');
  });

  it('reports bad gender, missing key and short lines together', async () => {
    const job = await failedImport('email,gender,city\na@example.test,robot,Cluj\n,female,Iasi\nb@example.test,male\n');
    expect(job.report.errors).toEqual([
      { line: 2, column: 'gender', value: 'robot', message: 'must be one of: female, male, other' },
      { line: 3, column: null, value: null, message: 'needs an e-mail or a customer code' },
      { line: 4, column: null, value: null, message: 'has 2 values where the header has 3' },
    ]);
    expect(job.errorCount).toBe(3);
  });

  it('answers 422 "no file uploaded" when the request carries no file', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/imports/contacts', payload: { email: 'x' } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'NO_FILE', detail: 'no file uploaded' });
  });
});
