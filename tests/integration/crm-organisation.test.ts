import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

/**
 * Stores need no Temporal: the client points at a closed port and is never called. Each test
 * starts with no stores, teams, users, companies or contacts, so any one runs alone or in any order.
 */
describe('stores, teams, users, companies and contact events API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_stores');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  beforeEach(async () => {
    await database.db.query('TRUNCATE stores, teams, users, companies, contacts CASCADE');
    // The truncation took the signed-in admin with it.
    await signInAsAdmin(app, database.db);
  });

  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/stores', payload: payload as object });

  it('creates stores and lists them by code', async () => {
    expect((await post({ code: 'CLJ', name: 'Cluj' })).statusCode).toBe(201);
    expect((await post({ code: 'BUC', name: 'Bucharest' })).statusCode).toBe(201);
    const listed = await app.inject({ method: 'GET', url: '/api/stores' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((store: { code: string }) => store.code)).toEqual(['BUC', 'CLJ']);
  });

  it('answers 409 naming the code when it is already used', async () => {
    expect((await post({ code: 'CLJ', name: 'Cluj' })).statusCode).toBe(201);
    const again = await post({ code: 'CLJ', name: 'Cluj again' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().errors).toEqual([expect.objectContaining({ field: 'code' })]);
  });

  it('answers 422 naming the field when the name is missing', async () => {
    const bad = await post({ code: 'TM' });
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json().errors)).toContain('name');
  });

  it('creates a team in a store, and names storeId when the store does not exist', async () => {
    const cluj = (await post({ code: 'CLJ', name: 'Cluj' })).json() as { id: string };
    const team = await app.inject({ method: 'POST', url: '/api/teams', payload: { name: 'Cluj callers', storeId: cluj.id } });
    expect(team.statusCode).toBe(201);
    expect(team.json()).toMatchObject({ name: 'Cluj callers', storeId: cluj.id });

    const orphan = await app.inject({ method: 'POST', url: '/api/teams', payload: { name: 'Nowhere', storeId: '00000000-0000-4000-8000-000000000000' } });
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json().errors).toEqual([expect.objectContaining({ field: 'storeId' })]);

    const twice = await app.inject({ method: 'POST', url: '/api/teams', payload: { name: 'Cluj callers' } });
    expect(twice.statusCode).toBe(409);
    const listed = (await app.inject({ method: 'GET', url: '/api/teams' })).json().items;
    expect(listed.map((item: { name: string }) => item.name)).toEqual(['Cluj callers']);
  });

  it('creates users with a role, refuses an unknown role and a repeated e-mail', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/users', payload: { email: 'Mara@Example.test', name: 'Mara', role: 'agent' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Mara', role: 'agent', teamId: null });

    const badRole = await app.inject({ method: 'POST', url: '/api/users', payload: { email: 'ion@example.test', name: 'Ion', role: 'boss' } });
    expect(badRole.statusCode).toBe(422);
    expect(JSON.stringify(badRole.json().errors)).toContain('role');

    const twice = await app.inject({ method: 'POST', url: '/api/users', payload: { email: 'mara@example.test', name: 'Mara 2', role: 'admin' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors).toEqual([expect.objectContaining({ field: 'email' })]);
    const listed = (await app.inject({ method: 'GET', url: '/api/users' })).json().items;
    // Beside the signed-in admin of the test.
    expect(listed.filter((user: { role: string }) => user.role !== 'admin').map((user: { name: string }) => user.name)).toEqual(['Mara']);
  });

  it('stores an explicit null as null, not as an empty string', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/companies', payload: { name: 'Null Industries', industry: null, email: null } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ industry: null, email: null });
    const { rows } = await database.db.query('SELECT industry, email FROM companies WHERE name = $1', ['Null Industries']);
    expect(rows).toEqual([{ industry: null, email: null }]);
  });

  it('creates companies, searches them by name and kind, and names the field of a bad one', async () => {
    const acme = await app.inject({ method: 'POST', url: '/api/companies', payload: { name: 'Acme Networks', kind: 'client', code: 'C-1' } });
    expect(acme.statusCode).toBe(201);
    await app.inject({ method: 'POST', url: '/api/companies', payload: { name: 'Beta Routers', kind: 'competitor' } });
    await app.inject({ method: 'POST', url: '/api/companies', payload: { name: 'Acme Partners', kind: 'partner' } });

    const search = (await app.inject({ method: 'GET', url: '/api/companies?q=acme&limit=1' })).json();
    expect(search.total).toBe(2);
    expect(search.items.map((company: { name: string }) => company.name)).toEqual(['Acme Networks']);
    const competitors = (await app.inject({ method: 'GET', url: '/api/companies?kind=competitor' })).json();
    expect(competitors.items.map((company: { name: string }) => company.name)).toEqual(['Beta Routers']);
    const one = await app.inject({ method: 'GET', url: `/api/companies/${acme.json().id}` });
    expect(one.json()).toMatchObject({ name: 'Acme Networks', kind: 'client', code: 'C-1' });

    const badKind = await app.inject({ method: 'POST', url: '/api/companies', payload: { name: 'X', kind: 'friend' } });
    expect(badKind.statusCode).toBe(422);
    expect(JSON.stringify(badKind.json().errors)).toContain('kind');
    const sameCode = await app.inject({ method: 'POST', url: '/api/companies', payload: { name: 'Acme again', code: 'C-1' } });
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json().errors).toEqual([expect.objectContaining({ field: 'code' })]);
  });

  it('logs events on a contact and lists them newest first; an unknown contact is 404', async () => {
    const contact = (await app.inject({ method: 'POST', url: '/api/contacts', payload: { email: 'ev@example.test', firstName: 'Eva' } })).json();
    await app.inject({ method: 'POST', url: `/api/contacts/${contact.id}/events`, payload: { kind: 'call', title: 'First call' } });
    const second = await app.inject({ method: 'POST', url: `/api/contacts/${contact.id}/events`, payload: { kind: 'visit', title: 'Store visit', body: 'Asked about routers' } });
    expect(second.statusCode).toBe(201);
    const timeline = (await app.inject({ method: 'GET', url: `/api/contacts/${contact.id}/events` })).json().items;
    expect(timeline.map((event: { title: string }) => event.title)).toEqual(['Store visit', 'First call']);

    const badKind = await app.inject({ method: 'POST', url: `/api/contacts/${contact.id}/events`, payload: { kind: 'Bad Kind', title: 'x' } });
    expect(badKind.statusCode).toBe(422);
    const missing = await app.inject({ method: 'POST', url: '/api/contacts/00000000-0000-4000-8000-000000000000/events', payload: { kind: 'call', title: 'x' } });
    expect(missing.statusCode).toBe(404);
  });
});
