import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countContacts } from '../../db/contacts';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import type { TestDatabase } from '../support/postgres';

/**
 * Requests the API must refuse as the client's mistake (4xx problem+json naming what is wrong),
 * for every route alike: text Postgres cannot store, values of the wrong type, bodies that are
 * not JSON and methods a path does not have.
 */
describe('input the API refuses on every route', () => {
  let database: TestDatabase;
  let api: ApiOnFreshDatabase;
  let app: FastifyInstance;
  let contactId: string;

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_refused_input');
    ({ database, app } = api);
    const created = await app.inject({ method: 'POST', url: '/api/contacts', payload: { email: 'kept@example.test', firstName: 'Kept' } });
    contactId = created.json().id;
  });
  afterAll(() => api?.close());

  /** Send a body as JSON text: JSON.stringify writes a lone surrogate as its `\ud800` escape. */
  const sendJson = (method: 'POST' | 'PATCH', url: string, body: unknown) =>
    app.inject({ method, url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';
  const SURROGATE_MESSAGE = 'must not contain a lone surrogate (broken UTF-16)';

  it.each([
    ['a NUL in a name', { email: 'nul@example.test', firstName: 'Ann\u0000e' }, 'firstName', NUL_MESSAGE],
    ['a lone surrogate in a name', { email: 'half@example.test', lastName: 'Half\ud800' }, 'lastName', SURROGATE_MESSAGE],
    ['a NUL in an attribute', { email: 'attr@example.test', attributes: { note: 'a\u0000b' } }, 'attributes.note', NUL_MESSAGE],
    ['a lone low surrogate in a nested attribute', { email: 'deep@example.test', attributes: { tags: ['ok', '\udc00'] } }, 'attributes.tags[1]', SURROGATE_MESSAGE],
  ])('refuses %s with 422 naming the field, writing nothing', async (_case, body, field, message) => {
    const before = await countContacts(database.db);
    const response = await sendJson('POST', '/api/contacts', body);
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field, message }] });
    expect(await countContacts(database.db)).toBe(before);
  });

  it('names the contact of a bulk request and the field of a patch', async () => {
    const bulk = await sendJson('POST', '/api/contacts/bulk', { contacts: [{ email: 'b1@example.test' }, { email: 'b2@example.test', city: 'Cl\u0000uj' }] });
    expect(bulk.statusCode).toBe(422);
    expect(bulk.json().errors).toEqual([{ field: 'contacts[1].city', message: NUL_MESSAGE }]);

    const patch = await sendJson('PATCH', `/api/contacts/${contactId}`, { firstName: 'Still\u0000' });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().errors).toEqual([{ field: 'firstName', message: NUL_MESSAGE }]);
    expect((await app.inject({ url: `/api/contacts/${contactId}` })).json().firstName).toBe('Kept');
  });

  it('refuses a NUL in the query string with 400 naming the parameter', async () => {
    const response = await app.inject({ url: '/api/contacts?q=a%00b' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'q', message: NUL_MESSAGE }]);
  });

  it('refuses a number, a boolean or an object where text is expected instead of storing it as text', async () => {
    const response = await sendJson('POST', '/api/contacts', { email: 'typed@example.test', firstName: 42, city: true, lastName: { x: 1 } });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { field: 'firstName', message: 'must be string' },
      { field: 'lastName', message: 'must be string' },
      { field: 'city', message: 'must be string' },
    ]);
    expect((await database.db.query(`SELECT 1 FROM contacts WHERE email = 'typed@example.test'`)).rows).toEqual([]);
  });

  it('still reads numbers and booleans from the query string', async () => {
    const response = await app.inject({ url: '/api/contacts?limit=1' });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toHaveLength(1);
  });

  it('answers 415 problem+json to a text/plain body', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/contacts', headers: { 'content-type': 'text/plain' }, payload: 'email=x@example.test' });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 415, detail: expect.stringContaining('text/plain') });
  });

  it('answers 405 with an Allow header to a method a known path does not have', async () => {
    const put = await app.inject({ method: 'PUT', url: '/api/contacts', payload: {} });
    expect(put.statusCode).toBe(405);
    expect(put.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(put.headers.allow).toBe('GET, HEAD, POST');
    expect(put.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', detail: 'PUT is not allowed on /api/contacts; use GET, HEAD or POST' });

    const remove = await app.inject({ method: 'DELETE', url: `/api/contacts/${contactId}` });
    expect(remove.statusCode).toBe(405);
    expect(remove.headers.allow).toBe('GET, HEAD, PATCH');
  });

  it('still answers 404 for a path that does not exist at all', async () => {
    const response = await app.inject({ method: 'PUT', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
  });
});
