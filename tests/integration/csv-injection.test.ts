/**
 * Every CSV the product hands out (the contacts export, a contact list's and a segment's export,
 * an import's report of bad lines) reaches a spreadsheet with its formula cells neutralised:
 * a leading `'` and quoted (OWASP CSV injection), while a plain number stays a number.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { uploadFile } from '../support/upload';

const CALC = "=cmd|' /C calc'!A0";
const PLUS = '+1+2';
const MINUS = '-2+3';
const AT = '@SUM(A1)';
const TABBED = '\t=1+2';
const CARRIAGE_RETURN = '\r=1+2';

/** Rows of a CSV body as objects keyed by its header, the way a spreadsheet lays them out. */
function rowsOf(body: string): Record<string, string>[] {
  return parse(body, { columns: true });
}

describe('CSV exports neutralise formula cells', () => {
  let api: ApiOnFreshDatabase;

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_csv_injection');
    const definitions = [
      { key: 'nickname', label: 'Nickname', type: 'string' },
      { key: 'balance', label: 'Balance', type: 'number' },
    ];
    for (const definition of definitions) {
      expect((await api.app.inject({ method: 'POST', url: '/api/attribute-definitions', payload: definition })).statusCode).toBe(201);
    }
    const contacts = [
      { email: 'calc@csv.test', customerCode: 'CSV-1', firstName: CALC, lastName: PLUS, city: AT, phone: '+40721234567', attributes: { nickname: MINUS, balance: -5 } },
      { email: 'blank@csv.test', customerCode: 'CSV-2', firstName: TABBED, lastName: CARRIAGE_RETURN, city: 'Cluj', attributes: { nickname: '-5', balance: -0.25 } },
    ];
    for (const contact of contacts) {
      const created = await api.app.inject({ method: 'POST', url: '/api/contacts', payload: contact });
      expect(created.statusCode, created.body).toBe(201);
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  const get = (url: string) => api.app.inject({ method: 'GET', url });

  /** The contact export's cells for both contacts, by e-mail. */
  async function contactRows(url: string): Promise<Record<string, Record<string, string>>> {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    // Neutralised cells stay quoted, as OWASP asks, so no reader splits them differently.
    expect(response.body).toContain(`"'${CALC}"`);
    return Object.fromEntries(rowsOf(response.body).map((row) => [row.email, row]));
  }

  it('the contacts export prefixes formula cells with a quote and leaves plain numbers alone', async () => {
    const rows = await contactRows('/api/contacts/export.csv');
    expect(rows['calc@csv.test']).toMatchObject({
      firstName: `'${CALC}`,
      lastName: `'${PLUS}`,
      city: `'${AT}`,
      'attributes.nickname': `'${MINUS}`,
      // A number and nothing else cannot be a formula: a number column stays numbers, an E.164
      // phone number stays importable (api/csv-output.ts says why).
      'attributes.balance': '-5',
      phone: '+40721234567',
    });
    expect(rows['blank@csv.test']).toMatchObject({
      firstName: `'${TABBED}`,
      lastName: `'${CARRIAGE_RETURN}`,
      city: 'Cluj',
      'attributes.nickname': '-5',
      'attributes.balance': '-0.25',
    });
  });

  it("a contact list's export does the same", async () => {
    const list = await uploadFile(api.app, '/api/imports/customer-codes', 'CSV-1\nCSV-2\n', {}, 'codes.txt');
    expect(list.statusCode).toBe(201);
    const rows = await contactRows(`/api/contact-lists/${list.json().listId}/export.csv`);
    expect(rows['calc@csv.test']).toMatchObject({ firstName: `'${CALC}`, lastName: `'${PLUS}`, city: `'${AT}`, 'attributes.nickname': `'${MINUS}`, 'attributes.balance': '-5' });
    expect(rows['blank@csv.test']).toMatchObject({ firstName: `'${TABBED}`, lastName: `'${CARRIAGE_RETURN}`, 'attributes.nickname': '-5' });
  });

  it("a segment's export does the same", async () => {
    const segment = await api.app.inject({
      method: 'POST',
      url: '/api/segments',
      payload: { name: 'CSV injection', rule: { field: 'language', operator: 'eq', value: 'en' } },
    });
    expect(segment.statusCode).toBe(201);
    const response = await get(`/api/segments/${segment.json().id}/export.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.body).toContain(`"'${CALC}"`);
    const rows = Object.fromEntries(rowsOf(response.body).map((row) => [row.email, row]));
    expect(rows['calc@csv.test']).toMatchObject({ first_name: `'${CALC}`, last_name: `'${PLUS}`, city: `'${AT}`, phone: '+40721234567', customer_code: 'CSV-1' });
    expect(rows['blank@csv.test']).toMatchObject({ first_name: `'${TABBED}`, last_name: `'${CARRIAGE_RETURN}`, city: 'Cluj' });
  });

  it("an import's report of bad lines quotes the file's formula cells neutralised, in file order", async () => {
    const file = ['email,firstName,gender', `"${CALC}",Eve,female`, `ok@csv.test,Ok,${AT}`, `${PLUS},Plus,male`].join('\n');
    const job = await uploadFile(api.app, '/api/imports/contacts?wait=true', file);
    expect(job.json()).toMatchObject({ status: 'failed', errorCount: 3 });

    const report = await get(`/api/imports/${job.json().id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    expect(report.headers['content-disposition']).toBe(`attachment; filename="import-problems-${job.json().id}.csv"`);
    expect(rowsOf(report.body).map(({ line, column, value }) => ({ line, column, value }))).toEqual([
      { line: '2', column: 'email', value: `'${CALC}` },
      { line: '3', column: 'gender', value: `'${AT}` },
      { line: '4', column: 'email', value: `'${PLUS}` },
    ]);
  });

  it('answers 404 problem+json for the report of an unknown job', async () => {
    const response = await get('/api/imports/00000000-0000-4000-8000-000000000000/report.csv');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
