import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';

/** Companies files: merged by code, every bad line reported, all or nothing. */
describe('companies import', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_import_companies');
    await database.db.query(`INSERT INTO companies (code, name, kind, city) VALUES ('ACME', 'Acme', 'client', 'Cluj')`);
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  const companies = async () => (await database.db.query('SELECT code, name, kind, city FROM companies ORDER BY name')).rows;

  it('reports bad kinds, missing names and repeated codes with their lines, writing nothing', async () => {
    const before = await companies();
    const csv = 'code,name,kind\nN-1,Nova,client\nN-2,,partner\nN-1,Nova Two,vendor\n';
    const job = (await uploadFile(app, '/api/imports/companies?wait=true', csv)).json();
    expect(job).toMatchObject({ status: 'failed', report: { message: '2 lines are not valid; nothing was imported' } });
    expect(job.report.errors).toEqual([
      { line: 3, column: 'name', value: null, message: 'is required' },
      { line: 4, column: 'kind', value: 'vendor', message: 'must be one of: client, prospect, partner, competitor' },
      { line: 4, column: 'code', value: 'N-1', message: 'repeats the code of line 2' },
    ]);
    expect(await companies()).toEqual(before);
  });

  it('inserts new companies and merges by code', async () => {
    const job = (await uploadFile(app, '/api/imports/companies?wait=true', 'code,name,city\nACME,Acme Corp,\nBETA,Beta,Iasi\n')).json();
    expect(job).toMatchObject({ status: 'completed', insertedRows: 1, updatedRows: 1 });
    expect(await companies()).toEqual([
      { code: 'ACME', name: 'Acme Corp', kind: 'client', city: 'Cluj' },
      { code: 'BETA', name: 'Beta', kind: 'prospect', city: 'Iasi' },
    ]);
  });
});
