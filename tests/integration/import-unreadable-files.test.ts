import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countContacts } from '../../db/contacts';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import type { TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';

/**
 * Files that break the reader or the database rather than a rule: every job still ends (failed,
 * naming the line), the API answers as for any refused file, and nothing is written.
 */
describe('imports of files the reader or the database cannot take', () => {
  let database: TestDatabase;
  let api: ApiOnFreshDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_import_unreadable');
    ({ database, app } = api);
  });
  afterAll(() => api?.close());

  const stillRunning = async () => (await database.db.query(`SELECT id FROM import_jobs WHERE status = 'running'`)).rows;

  for (const kind of ['contacts', 'companies', 'sales'] as const) {
    it(`fails a ${kind} file with a malformed quote, naming its line, and leaves no job running`, async () => {
      const header = { contacts: 'email,firstName', companies: 'code,name', sales: 'orderNumber,email,orderedAt,quantity,amount' }[kind];
      const good = { contacts: 'a@example.test,Ann', companies: 'C-1,One', sales: 'S-1,a@example.test,2024-01-02,1,10' }[kind];
      const response = await uploadFile(app, `/api/imports/${kind}?wait=true`, `${header}\n${good}\n"broken"quote,x\n`);
      expect(response.statusCode).toBe(200);
      const job = response.json();
      expect(job).toMatchObject({ status: 'failed', progressPercent: 100 });
      expect(job.report.message).toBe('Line 3 cannot be read as CSV; nothing was imported');
      expect(job.report.errors).toEqual([{ line: 3, column: null, value: null, message: expect.stringMatching(/quote/i) }]);
      expect(await stillRunning()).toEqual([]);
    });
  }

  it('answers a job id at once for a malformed file sent without wait, and the job ends failed', async () => {
    const response = await uploadFile(app, '/api/imports/contacts', 'email\n"x"y\n');
    expect(response.statusCode).toBe(202);
    const job = (await app.inject({ url: `/api/imports/${response.json().jobId}` })).json();
    expect(job).toMatchObject({ status: 'failed', report: { errors: [{ line: 2 }] } });
  });

  it('fails a file whose bad value holds a NUL, reporting it readably (Postgres stores no NUL)', async () => {
    const before = await countContacts(database.db);
    const csv = 'email,firstName\nnot-an\u0000address,Nul\nok@example.test,Ok\n';
    const job = (await uploadFile(app, '/api/imports/contacts?wait=true', csv)).json();
    expect(job.status).toBe('failed');
    expect(job.report.errors).toEqual([{ line: 2, column: 'email', value: 'not-an\ufffdaddress', message: 'must not contain a NUL character (\\u0000)' }]);
    expect(await countContacts(database.db)).toBe(before);
    expect(await stillRunning()).toEqual([]);
  });

  it('fails a file whose header names an unknown column holding a NUL', async () => {
    const response = await uploadFile(app, '/api/imports/contacts?wait=true', 'email,shoe\u0000size\na@example.test,42\n');
    expect(response.statusCode).toBe(200);
    expect(response.json().report.errors).toEqual([{ line: 1, column: 'shoe\ufffdsize', value: null, message: 'is not a known column' }]);
    expect(await stillRunning()).toEqual([]);
  });

  it('refuses a NUL in an otherwise good company cell, naming line and column', async () => {
    const job = (await uploadFile(app, '/api/imports/companies?wait=true', 'code,name\nN-1,Nul\u0000Co\n')).json();
    expect(job).toMatchObject({ status: 'failed', report: { errors: [{ line: 2, column: 'name', message: 'must not contain a NUL character (\\u0000)' }] } });
  });
});
