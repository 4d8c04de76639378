import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';
import { signInAsAdmin } from '../support/sign-in';

/** Companies files: merged by code, every bad line reported, all or nothing. Each test starts with Acme alone on file. */
describe('companies import', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_import_companies');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await database.db.query('TRUNCATE companies CASCADE');
    await database.db.query(`INSERT INTO companies (code, name, kind, city) VALUES ('ACME', 'Acme', 'client', 'Cluj')`);
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

  it('refuses the company e-mails the API refuses, with their lines', async () => {
    const csv = 'code,name,email\nE-1,Comma,"y@a.test,victim5"\nE-2,Angle,Name<victim4@evil.test>\n';
    const job = (await uploadFile(app, '/api/imports/companies?wait=true', csv)).json();
    expect(job.report.errors).toEqual([
      { line: 2, column: 'email', value: 'y@a.test,victim5', message: 'is not a valid e-mail address' },
      { line: 3, column: 'email', value: 'Name<victim4@evil.test>', message: 'is not a valid e-mail address' },
    ]);
  });

  it('inserts new companies and merges by code', async () => {
    const job = (await uploadFile(app, '/api/imports/companies?wait=true', 'code,name,city\nACME,Acme Corp,\nBETA,Beta,Iasi\n')).json();
    expect(job).toMatchObject({ status: 'completed', insertedRows: 1, updatedRows: 1 });
    expect(await companies()).toEqual([
      { code: 'ACME', name: 'Acme Corp', kind: 'client', city: 'Cluj' },
      { code: 'BETA', name: 'Beta', kind: 'prospect', city: 'Iasi' },
    ]);
  });
  it('reads a file under its own column names through the mapping, ignoring a column, and reports bad cells by those names', async () => {
    const header = 'Company code,Company name,Type,Notes';
    const mapping = JSON.stringify({ 'Company code': 'code', 'Company name': 'name', Type: 'kind', Notes: 'ignore' });
    const refused = (await uploadFile(app, '/api/imports/companies?wait=true', `${header}\nM-1,Mapped One,vendor,x\nM-2,,client,\n`, { mapping })).json();
    expect(refused.report.errors).toEqual([
      { line: 2, column: 'Type', value: 'vendor', message: 'must be one of: client, prospect, partner, competitor' },
      { line: 3, column: 'Company name', value: null, message: 'is required' },
    ]);

    const job = (await uploadFile(app, '/api/imports/companies?wait=true', `${header}\nM-1,Mapped One,partner,call first\nM-2,Mapped Two,,\n`, { mapping })).json();
    expect(job).toMatchObject({ status: 'completed', insertedRows: 2, updatedRows: 0 });
    const { rows } = await database.db.query(`SELECT code, name, kind FROM companies WHERE code LIKE 'M-%' ORDER BY code`);
    expect(rows).toEqual([
      { code: 'M-1', name: 'Mapped One', kind: 'partner' },
      { code: 'M-2', name: 'Mapped Two', kind: 'prospect' },
    ]);
  });

  it('names a column mapped to an unknown field, one the mapping leaves out, and two columns into one field', async () => {
    const before = await companies();
    const mapping = JSON.stringify({ 'Company name': 'name', Sector: 'sector', Firm: 'name' });
    const job = (await uploadFile(app, '/api/imports/companies?wait=true', 'Company name,Sector,Extra,Firm\nNova,Retail,x,Nova SA\n', { mapping })).json();
    expect(job).toMatchObject({ status: 'failed', report: { message: '1 line is not valid; nothing was imported' } });
    expect(job.report.errors).toEqual([
      { line: 1, column: 'Sector', value: null, message: 'is mapped to unknown field "sector"' },
      { line: 1, column: 'Extra', value: null, message: 'is not a known column' },
      { line: 1, column: 'Firm', value: null, message: 'fills field "name" as column "Company name" does already' },
    ]);
    expect(await companies()).toEqual(before);

    const malformed = await uploadFile(app, '/api/imports/companies', 'name\nNova\n', { mapping: '["name"]' });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json()).toMatchObject({ errors: [{ field: 'mapping' }] });
  });
});
