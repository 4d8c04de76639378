import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { countContacts } from '../../db/contacts';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Contacts as CRM records: company, customer code, owner, store, time zone, PATCH, ABC class.
 * Each test starts with no contact (the company, owner and store stay) and creates the ones it
 * reads, so any one runs alone or in any order.
 */
describe('contacts: CRM fields, partial updates and ABC class', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;
  let companyId: string;
  let ownerId: string;
  let storeId: string;

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_contacts');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
    companyId = (await send('POST', '/api/companies', { name: 'Acme Networks', kind: 'client' })).json().id;
    ownerId = (await send('POST', '/api/users', { email: 'owner@example.test', name: 'Olga Owner', role: 'agent' })).json().id;
    storeId = (await send('POST', '/api/stores', { code: 'CLJ', name: 'Cluj' })).json().id;
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await database.db.query('TRUNCATE contacts CASCADE');
  });

  function send(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
    return app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  }
  const fields = (response: { json(): { errors?: { field: string }[] } }) => (response.json().errors ?? []).map((error) => error.field);
  /** Ion, the customer with code C-100. */
  const customerIon = async () => expect((await send('POST', '/api/contacts', { email: 'ion.popescu@example.test', customerCode: 'C-100' })).statusCode).toBe(201);

  it('creates a contact with company, customer code, position, time zone, owner and store, and reads them back', async () => {
    const created = await send('POST', '/api/contacts', {
      email: 'ion.popescu@example.test',
      firstName: 'Ion',
      lastName: 'Popescu',
      companyId,
      customerCode: 'C-100',
      position: 'Head of IT',
      timeZone: 'Europe/Bucharest',
      ownerId,
      storeId,
    });
    expect(created.statusCode).toBe(201);
    const contact = created.json();
    expect(contact).toMatchObject({ companyId, customerCode: 'C-100', position: 'Head of IT', timeZone: 'Europe/Bucharest', ownerId, storeId, abcClass: null, abcComputedAt: null });
    // Read back, it also names its company, owner and store (people read names, not ids), as the rows of the list do.
    expect((await send('GET', `/api/contacts/${contact.id}`)).json()).toEqual({ ...contact, companyName: 'Acme Networks', ownerName: 'Olga Owner', storeName: 'Cluj' });
    expect((await send('GET', '/api/contacts?q=ion.popescu@')).json().items).toEqual([expect.objectContaining({ id: contact.id, ownerName: 'Olga Owner', storeName: 'Cluj' })]);
  });

  it('names every unknown company, owner and store (422) and writes nothing', async () => {
    const before = await countContacts(database.db);
    const refused = await send('POST', '/api/contacts', { email: 'orphan@example.test', companyId: UNKNOWN_ID, ownerId: UNKNOWN_ID, storeId: UNKNOWN_ID });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { field: 'companyId', message: 'names no company' },
      { field: 'ownerId', message: 'names no user' },
      { field: 'storeId', message: 'names no store' },
    ]);
    expect(fields(await send('POST', '/api/contacts', { email: 'orphan@example.test', storeId: 'not-a-uuid' }))).toEqual(['storeId']);
    expect(await countContacts(database.db)).toBe(before);
  });

  it('accepts IANA time zones only (422 naming timeZone)', async () => {
    for (const timeZone of ['Mars/Olympus', '+02:00', 'Bucharest time']) {
      const refused = await send('POST', '/api/contacts', { email: 'zone@example.test', timeZone });
      expect(refused.statusCode, timeZone).toBe(422);
      expect(fields(refused)).toEqual(['timeZone']);
    }
    expect((await send('POST', '/api/contacts', { email: 'zone@example.test', timeZone: 'America/Argentina/Buenos_Aires' })).statusCode).toBe(201);
  });

  it('answers a customer code already on file with 409 naming customerCode', async () => {
    await customerIon();
    const again = await send('POST', '/api/contacts', { email: 'other@example.test', customerCode: 'C-100' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'DUPLICATE_CUSTOMER_CODE', errors: [{ field: 'customerCode' }] });
  });

  it('bulk: new fields are checked per row; repeated and known customer codes are named', async () => {
    await customerIon();
    const before = await countContacts(database.db);
    const refused = await send('POST', '/api/contacts/bulk', {
      contacts: [
        { email: 'b0@example.test', customerCode: 'B-1' },
        { email: 'b1@example.test', storeId: UNKNOWN_ID },
        { email: 'b2@example.test', customerCode: 'B-1', timeZone: 'Nowhere' },
      ],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { field: 'contacts[1].storeId', message: 'names no store' },
      { field: 'contacts[2].timeZone', message: 'must be an IANA time zone such as Europe/Bucharest' },
      { field: 'contacts[2].customerCode', message: 'repeats the customer code of contacts[0]' },
    ]);
    const known = await send('POST', '/api/contacts/bulk', { contacts: [{ email: 'b0@example.test' }, { email: 'b1@example.test', customerCode: 'C-100' }] });
    expect(known.statusCode).toBe(409);
    expect(known.json().errors).toEqual([{ field: 'contacts[1].customerCode', message: 'is already used by another contact' }]);
    expect(await countContacts(database.db)).toBe(before);
  });

  describe('PATCH /api/contacts/:id', () => {
    let id: string;
    let createdUpdatedAt: string;

    beforeEach(async () => {
      const contact = (await send('POST', '/api/contacts', { email: 'ana@example.test', firstName: 'Ana', lastName: 'Pop', city: 'Cluj', language: 'ro', companyId, attributes: { tier: 'gold' } })).json();
      id = contact.id;
      createdUpdatedAt = contact.updatedAt;
    });

    it('changes only the fields given, empties those set to null, and bumps updatedAt', async () => {
      const patched = await send('PATCH', `/api/contacts/${id}`, { lastName: 'Popa', city: null, companyId, position: 'Buyer', timeZone: 'Europe/Paris' });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ email: 'ana@example.test', firstName: 'Ana', lastName: 'Popa', city: null, language: 'ro', companyId, position: 'Buyer', timeZone: 'Europe/Paris', attributes: { tier: 'gold' } });
      expect(new Date(patched.json().updatedAt).getTime()).toBeGreaterThan(new Date(createdUpdatedAt).getTime());
      const { rows } = await database.db.query('SELECT city, last_name FROM contacts WHERE id = $1', [id]);
      expect(rows).toEqual([{ city: null, last_name: 'Popa' }]);
    });

    it('answers an e-mail of another contact (any case) with 409 naming email, a customer code with 409 naming customerCode', async () => {
      await customerIon();
      const email = await send('PATCH', `/api/contacts/${id}`, { email: 'ION.Popescu@example.test' });
      expect(email.statusCode).toBe(409);
      expect(email.json()).toMatchObject({ code: 'DUPLICATE_EMAIL', errors: [{ field: 'email' }] });
      const code = await send('PATCH', `/api/contacts/${id}`, { customerCode: 'C-100' });
      expect(code.statusCode).toBe(409);
      expect(fields(code)).toEqual(['customerCode']);
      expect((await send('GET', `/api/contacts/${id}`)).json()).toMatchObject({ email: 'ana@example.test', customerCode: null });
      // Its own address in another case is no conflict.
      expect((await send('PATCH', `/api/contacts/${id}`, { email: 'Ana@Example.test' })).json().email).toBe('Ana@Example.test');
    });

    it('names unknown references, a bad zone, an unknown field; 404 for an unknown contact', async () => {
      expect((await send('PATCH', `/api/contacts/${id}`, { timeZone: 'Europe/Paris' })).statusCode).toBe(200);
      const refused = await send('PATCH', `/api/contacts/${id}`, { ownerId: UNKNOWN_ID, storeId: UNKNOWN_ID, timeZone: 'Atlantis/Capital' });
      expect(refused.statusCode).toBe(422);
      expect(fields(refused)).toEqual(['timeZone', 'ownerId', 'storeId']);
      expect(fields(await send('PATCH', `/api/contacts/${id}`, { first_name: 'typo' }))).toEqual(['first_name']);
      expect(fields(await send('PATCH', `/api/contacts/${id}`, { email: null }))).toEqual(['email']);
      expect((await send('PATCH', `/api/contacts/${UNKNOWN_ID}`, { firstName: 'Nobody' })).statusCode).toBe(404);
      expect((await send('GET', `/api/contacts/${id}`)).json()).toMatchObject({ ownerId: null, storeId: null, timeZone: 'Europe/Paris' });
    });

    it('links owner and store, then unlinks the company with null', async () => {
      const linked = await send('PATCH', `/api/contacts/${id}`, { ownerId, storeId, companyId: null });
      expect(linked.statusCode).toBe(200);
      expect(linked.json()).toMatchObject({ ownerId, storeId, companyId: null });
      expect((await send('GET', `/api/contacts/${id}`)).json()).toMatchObject({ companyId: null, companyName: null, ownerName: 'Olga Owner', storeName: 'Cluj' });
    });
  });

  it('lists contacts with their company name and ABC class, computed by POST /api/abc/recompute', async () => {
    const customers: Record<string, string> = {};
    for (const [email, amount] of [['big@abc.test', 800], ['mid@abc.test', 150], ['small@abc.test', 50]] as const) {
      const contact = (await send('POST', '/api/contacts', { email, companyId })).json();
      customers[email] = contact.id;
      await database.db.query(`INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount) VALUES ($1, $2, now(), $3)`, [`O-${email}`, contact.id, amount]);
    }
    const recomputed = await send('POST', '/api/abc/recompute');
    expect(recomputed.statusCode).toBe(200);

    const big = (await send('GET', `/api/contacts/${customers['big@abc.test']}`)).json();
    expect(big.abcClass).toBe('A');
    expect(new Date(big.abcComputedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const page = (await send('GET', '/api/contacts?q=abc.test')).json();
    expect(page.items.map((item: { email: string; abcClass: string; companyName: string }) => [item.email, item.abcClass, item.companyName])).toEqual([
      ['big@abc.test', 'A', 'Acme Networks'],
      ['mid@abc.test', 'B', 'Acme Networks'],
      ['small@abc.test', 'C', 'Acme Networks'],
    ]);
    expect((await send('POST', '/api/contacts', { email: 'loner@example.test' })).statusCode).toBe(201);
    const withoutCompany = (await send('GET', '/api/contacts?q=loner@')).json().items;
    expect(withoutCompany).toEqual([expect.objectContaining({ email: 'loner@example.test', companyName: null, abcClass: null })]);
  });
});
