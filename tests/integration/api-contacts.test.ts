import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { countContacts } from '../../db/contacts';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

/** Contacts need no Temporal: the client points at a closed port and is never called. */
describe('contacts API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_api_contacts');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

  it('creates a contact and reads it back in camelCase, language defaulting to en', async () => {
    const created = await post('/api/contacts', {
      email: 'ana.popescu@example.test',
      firstName: 'Ana',
      lastName: 'Popescu',
      gender: 'female',
      city: 'Cluj',
      attributes: { tier: 'gold', visits: 3 },
    });
    expect(created.statusCode).toBe(201);
    const contact = created.json();
    expect(contact).toMatchObject({ email: 'ana.popescu@example.test', firstName: 'Ana', language: 'en', gender: 'female', phone: null, attributes: { tier: 'gold', visits: 3 } });
    expect(new Date(contact.createdAt).toString()).not.toBe('Invalid Date');

    const read = await app.inject({ method: 'GET', url: `/api/contacts/${contact.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ ...contact, companyName: null, ownerName: null, storeName: null });
  });

  it('refuses a contact without a valid e-mail as problem+json naming the field, writing nothing', async () => {
    const before = await countContacts(database.db);
    const invalid = await post('/api/contacts', { email: 'not-an-address', firstName: 'X' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(invalid.json()).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', errors: [{ field: 'email', message: 'must be a valid e-mail address' }] });

    // Every bad field at once, each named as the client wrote it.
    const several = await post('/api/contacts', { firstName: 'Nobody', gender: 'robot', first_name: 'typo', attributes: { 'bad key': 1 } });
    expect(several.statusCode).toBe(422);
    expect(several.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'email', message: 'is required' },
        { field: 'gender', message: 'must be one of: female, male, other' },
        { field: 'first_name', message: 'is not a known field' },
        { field: 'attributes', message: 'has an invalid key "bad key": keys are identifiers (letters, digits, _)' },
      ]),
    );
    expect(several.json().errors).toHaveLength(4);
    expect(await countContacts(database.db)).toBe(before);
  });

  it('answers a second contact with the same e-mail, in any case, with 409 naming email', async () => {
    expect((await post('/api/contacts', { email: 'dup@example.test' })).statusCode).toBe(201);
    const again = await post('/api/contacts', { email: 'DUP@Example.test' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'DUPLICATE_EMAIL', errors: [{ field: 'email' }] });
  });

  it('bulk: one bad row refuses the whole batch, listing every bad row, and writes nothing', async () => {
    const before = await countContacts(database.db);
    const contacts = Array.from({ length: 10 }, (_, i) => ({ email: `bulk-bad-${i}@example.test` })) as Record<string, unknown>[];
    contacts[3] = { email: 'three-at-nowhere' };
    contacts[7] = { firstName: 'No e-mail' };
    const response = await post('/api/contacts/bulk', { contacts });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { field: 'contacts[3].email', message: 'must be a valid e-mail address' },
      { field: 'contacts[7].email', message: 'is required' },
    ]);
    expect(await countContacts(database.db)).toBe(before);
  });

  it('bulk: an e-mail already on file or repeated in the batch refuses the batch and names the rows', async () => {
    expect((await post('/api/contacts', { email: 'on-file@example.test' })).statusCode).toBe(201);
    const before = await countContacts(database.db);
    const onFile = await post('/api/contacts/bulk', { contacts: [{ email: 'fresh-1@example.test' }, { email: 'On-File@example.test' }] });
    expect(onFile.statusCode).toBe(409);
    expect(onFile.json().errors).toEqual([{ field: 'contacts[1].email', message: 'is already used by another contact' }]);

    const repeated = await post('/api/contacts/bulk', { contacts: [{ email: 'twice@example.test' }, { email: 'TWICE@example.test' }] });
    expect(repeated.statusCode).toBe(422);
    expect(repeated.json().errors).toEqual([{ field: 'contacts[1].email', message: 'repeats the e-mail of contacts[0]' }]);
    expect(await countContacts(database.db)).toBe(before);
  });

  it('bulk-creates 2,500 contacts in one request; paging returns every contact exactly once', async () => {
    const contacts = Array.from({ length: 2_500 }, (_, i) => ({ email: `page-${i}@example.test`, firstName: `P${i}`, language: 'de' }));
    const created = await post('/api/contacts/bulk', { contacts });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ created: 2_500 });

    const total = await countContacts(database.db);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const query: string = after ? `limit=300&after=${encodeURIComponent(after)}` : 'limit=300';
      const page = await app.inject({ method: 'GET', url: `/api/contacts?${query}` });
      expect(page.statusCode).toBe(200);
      const body = page.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((item) => item.id));
      after = body.nextCursor;
      pages++;
    } while (after);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 300));
  });

  it('searches by e-mail or name', async () => {
    expect((await post('/api/contacts', { email: 'ilie.searched@example.test', lastName: 'Vasilescu' })).statusCode).toBe(201);
    const byName = await app.inject({ method: 'GET', url: '/api/contacts?q=vasilescu' });
    expect(byName.json().items.map((c: { email: string }) => c.email)).toEqual(['ilie.searched@example.test']);
    const byEmail = await app.inject({ method: 'GET', url: '/api/contacts?q=ILIE.SEARCHED' });
    expect(byEmail.json().items.map((c: { email: string }) => c.email)).toEqual(['ilie.searched@example.test']);
    // LIKE wildcards in the search are literal characters.
    expect((await app.inject({ method: 'GET', url: '/api/contacts?q=%25' })).json().items).toEqual([]);
  });

  it('answers bad URLs and unknown ids with problem+json', async () => {
    const badCursor = await app.inject({ method: 'GET', url: '/api/contacts?after=garbage' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors).toEqual([{ field: 'after', message: 'is not a cursor returned by this API' }]);

    const badLimit = await app.inject({ method: 'GET', url: '/api/contacts?limit=100000' });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().errors[0].field).toBe('limit');

    const badId = await app.inject({ method: 'GET', url: '/api/contacts/123' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].field).toBe('id');

    const unknown = await app.inject({ method: 'GET', url: '/api/contacts/00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not Found' });

    const malformed = await app.inject({ method: 'POST', url: '/api/contacts', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);

    const noRoute = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('publishes an OpenAPI document listing the routes at /docs/json, and the UI at /docs', async () => {
    const doc = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of ['/health', '/api/contacts', '/api/contacts/bulk', '/api/contacts/{id}', '/api/flows/{id}', '/api/campaigns/{id}/runs', '/api/runs/{id}/pause', '/api/outbox']) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
    expect(spec.paths['/api/contacts'].post.requestBody.content['application/json'].schema.required).toContain('email');
    const ui = await app.inject({ method: 'GET', url: '/docs/' });
    expect([200, 302]).toContain(ui.statusCode);
  });
});
