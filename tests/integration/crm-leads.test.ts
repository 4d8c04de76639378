import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { countContacts } from '../../db/contacts';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Leads apart from customers, and their one-call conversion into a contact (and company). */
describe('leads and lead conversion', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_leads');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  const fields = (response: { json(): { errors?: { field: string }[] } }) => (response.json().errors ?? []).map((error) => error.field);
  const newLead = async (payload: Record<string, unknown>) => {
    const response = await send('POST', '/api/leads', payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; status: string };
  };
  /** Log an activity, then set its time to `at` so the copy's original time can be checked. */
  const activity = async (leadId: string, payload: Record<string, unknown>, at: string) => {
    const response = await send('POST', `/api/leads/${leadId}/activities`, payload);
    expect(response.statusCode, response.body).toBe(201);
    await database.db.query('UPDATE lead_activities SET created_at = $2 WHERE id = $1', [response.json().id, at]);
    return response.json() as { id: string };
  };
  const count = async (table: 'companies' | 'contact_events') => Number((await database.db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const topic = async (code: string) => (await database.db.query<{ id: string }>(`INSERT INTO topics (code, name) VALUES ($1, $1) RETURNING id`, [code])).rows[0]!.id;

  describe('records', () => {
    it('records a lead with little data; a given e-mail must be valid', async () => {
      const lead = await newLead({ firstName: 'Card', companyName: 'Fair Ltd', source: 'business card' });
      expect(lead).toMatchObject({ firstName: 'Card', email: null, companyName: 'Fair Ltd', source: 'business card', language: 'en', status: 'open', convertedContactId: null });

      const bad = await send('POST', '/api/leads', { email: 'not-an-address' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([{ field: 'email', message: 'must be a valid e-mail address' }]);
      expect(fields(await send('POST', '/api/leads', { lastName: 'X', ownerId: UNKNOWN_ID }))).toEqual(['ownerId']);
      expect(fields(await send('POST', '/api/leads', { lastName: 'X', status: 'converted' }))).toEqual(['status']);
    });

    it('reads, edits, discards; a discarded lead no longer changes', async () => {
      const lead = await newLead({ lastName: 'Edit', email: 'edit@lead.test', phone: '0700' });
      expect((await send('GET', `/api/leads/${lead.id}`)).json()).toMatchObject({ lastName: 'Edit', phone: '0700' });
      const patched = await send('PATCH', `/api/leads/${lead.id}`, { phone: null, title: 'Dr' });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ lastName: 'Edit', phone: null, title: 'Dr', email: 'edit@lead.test' });

      const discarded = await send('POST', `/api/leads/${lead.id}/discard`);
      expect(discarded.json()).toMatchObject({ status: 'discarded' });
      expect((await send('POST', `/api/leads/${lead.id}/discard`)).statusCode).toBe(200);
      const closed = await send('PATCH', `/api/leads/${lead.id}`, { title: 'Prof' });
      expect(closed.statusCode).toBe(409);
      expect(closed.json()).toMatchObject({ code: 'LEAD_NOT_OPEN', errors: [{ field: 'status', message: 'is discarded' }] });
      expect((await send('POST', `/api/leads/${lead.id}/convert`, {})).statusCode).toBe(409);
      expect((await send('GET', `/api/leads/${UNKNOWN_ID}`)).statusCode).toBe(404);
      expect((await send('PATCH', `/api/leads/${UNKNOWN_ID}`, { title: 'x' })).statusCode).toBe(404);
    });

    it('pages leads by status with a cursor, each seen once', async () => {
      const dropped = await newLead({ lastName: 'Dropped' });
      expect((await send('POST', `/api/leads/${dropped.id}/discard`)).statusCode).toBe(200);
      for (let i = 0; i < 5; i++) await newLead({ lastName: `Paged ${i}` });
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const query: string = after ? `&after=${encodeURIComponent(after)}` : '';
        const page = await send('GET', `/api/leads?status=open&limit=2${query}`);
        expect(page.statusCode).toBe(200);
        const body = page.json() as { items: { id: string; status: string }[]; nextCursor: string | null };
        expect(body.items.every((item) => item.status === 'open')).toBe(true);
        seen.push(...body.items.map((item) => item.id));
        after = body.nextCursor;
      } while (after);
      const open = await database.db.query(`SELECT id FROM leads WHERE status = 'open' ORDER BY created_at, id`);
      expect(seen).toEqual(open.rows.map((row) => row.id));
      const discarded = (await send('GET', '/api/leads?status=discarded')).json().items as { id: string; status: string }[];
      expect(discarded.map((item) => item.id)).toContain(dropped.id);
      expect(discarded.every((item) => item.status === 'discarded')).toBe(true);
      expect(fields(await send('GET', '/api/leads?status=won'))).toEqual(['status']);
      expect(fields(await send('GET', '/api/leads?after=garbage'))).toEqual(['after']);
    });

    it('logs quotes, reminders and meeting notes, listed oldest first', async () => {
      const lead = await newLead({ lastName: 'Busy' });
      await activity(lead.id, { kind: 'meeting_note', body: 'Met at the fair' }, '2024-03-01T09:00:00Z');
      await activity(lead.id, { kind: 'reminder', body: 'Call back', dueAt: '2024-03-10T08:00:00Z', author: 'Olga' }, '2024-03-02T09:00:00Z');
      const listed = (await send('GET', `/api/leads/${lead.id}/activities`)).json().items;
      expect(listed).toEqual([
        expect.objectContaining({ kind: 'meeting_note', body: 'Met at the fair', dueAt: null }),
        expect.objectContaining({ kind: 'reminder', author: 'Olga', dueAt: '2024-03-10T08:00:00.000Z' }),
      ]);
      expect(fields(await send('POST', `/api/leads/${lead.id}/activities`, { kind: 'gossip', body: 'x' }))).toEqual(['kind']);
      expect((await send('GET', `/api/leads/${UNKNOWN_ID}/activities`)).statusCode).toBe(404);
    });
  });

  describe('conversion', () => {
    it('creates the contact and the company, copies activities at their times, moves subscriptions', async () => {
      const lead = await newLead({ firstName: 'Ion', lastName: 'Popescu', email: 'ion@acme.test', phone: '0722', companyName: 'Acme Networks', title: 'Eng.', position: 'CTO', gender: 'male', language: 'ro', attributes: { budget: 'high' } });
      const quote = await activity(lead.id, { kind: 'quote', body: 'Quote 12 routers' }, '2024-01-10T10:00:00Z');
      const note = await activity(lead.id, { kind: 'note', body: 'Prefers mornings', author: 'Olga' }, '2024-01-12T15:30:00Z');
      const newsletter = await topic('newsletter');
      await database.db.query(`INSERT INTO subscriptions (topic_id, lead_id, status) VALUES ($1, $2, 'subscribed')`, [newsletter, lead.id]);

      // No body at all: every option has a default.
      const converted = await send('POST', `/api/leads/${lead.id}/convert`);
      expect(converted.statusCode, converted.body).toBe(200);
      const { contact, company, merged, lead: after } = converted.json();
      expect(merged).toBe(false);
      expect(company).toMatchObject({ name: 'Acme Networks', kind: 'client' });
      expect(contact).toMatchObject({ email: 'ion@acme.test', firstName: 'Ion', lastName: 'Popescu', phone: '0722', title: 'Eng.', position: 'CTO', gender: 'male', language: 'ro', companyId: company.id, attributes: { budget: 'high' } });
      expect(after).toMatchObject({ id: lead.id, status: 'converted', convertedContactId: contact.id, convertedCompanyId: company.id });
      expect(new Date(after.convertedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      // The lead row is kept, pointing at what it became.
      expect((await send('GET', `/api/leads/${lead.id}`)).json()).toMatchObject({ status: 'converted', convertedContactId: contact.id, firstName: 'Ion' });

      const timeline = (await send('GET', `/api/contacts/${contact.id}/events`)).json().items as { kind: string; title: string; body: string; occurredAt: string }[];
      expect(timeline.map(({ kind, title, body, occurredAt }) => ({ kind, title, body, occurredAt }))).toEqual([
        expect.objectContaining({ kind: 'lead_converted', title: 'Converted from lead' }),
        { kind: 'lead_activity', title: 'Note', body: 'Prefers mornings', occurredAt: '2024-01-12T15:30:00.000Z' },
        { kind: 'lead_activity', title: 'Quote', body: 'Quote 12 routers', occurredAt: '2024-01-10T10:00:00.000Z' },
      ]);
      const data = await database.db.query(`SELECT data, actor FROM contact_events WHERE contact_id = $1 AND kind = 'lead_activity' ORDER BY occurred_at`, [contact.id]);
      expect(data.rows).toEqual([
        { data: expect.objectContaining({ leadId: lead.id, activityId: quote.id }), actor: null },
        { data: expect.objectContaining({ leadId: lead.id, activityId: note.id }), actor: 'Olga' },
      ]);
      const subscriptions = await database.db.query('SELECT contact_id, lead_id FROM subscriptions WHERE topic_id = $1', [newsletter]);
      expect(subscriptions.rows).toEqual([{ contact_id: contact.id, lead_id: null }]);

      const again = await send('POST', `/api/leads/${lead.id}/convert`, {});
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'LEAD_NOT_OPEN', errors: [{ field: 'status', message: 'is converted' }] });
      expect((await send('POST', `/api/leads/${lead.id}/activities`, { kind: 'note', body: 'late' })).statusCode).toBe(409);
    });

    it('merges into the contact with the same e-mail (any case), filling only its empty fields', async () => {
      const existing = (await send('POST', '/api/contacts', { email: 'maria@globex.test', firstName: 'Maria', phone: '111', attributes: { tier: 'gold' } })).json();
      const globex = (await send('POST', '/api/companies', { name: 'Globex', kind: 'prospect' })).json();
      const companiesBefore = await count('companies');
      const offers = await topic('offers');
      const events = await topic('events');
      await database.db.query(`INSERT INTO subscriptions (topic_id, contact_id, status) VALUES ($1, $2, 'unsubscribed')`, [offers, existing.id]);
      const lead = await newLead({ email: 'MARIA@Globex.test', firstName: 'Mary', lastName: 'Ionescu', phone: '222', title: 'Dr', companyName: 'GLOBEX', attributes: { tier: 'silver', region: 'north' } });
      await database.db.query(`INSERT INTO subscriptions (topic_id, lead_id, status) VALUES ($1, $3, 'subscribed'), ($2, $3, 'subscribed')`, [offers, events, lead.id]);

      const converted = await send('POST', `/api/leads/${lead.id}/convert`, {});
      expect(converted.statusCode, converted.body).toBe(200);
      const { contact, company, merged } = converted.json();
      expect(merged).toBe(true);
      expect(company.id).toBe(globex.id);
      expect(await count('companies')).toBe(companiesBefore);
      expect(contact).toMatchObject({ id: existing.id, email: 'maria@globex.test', firstName: 'Maria', lastName: 'Ionescu', phone: '111', title: 'Dr', companyId: globex.id, attributes: { tier: 'gold', region: 'north' } });
      expect((await database.db.query(`SELECT count(*)::int AS n FROM contacts WHERE lower(email) = 'maria@globex.test'`)).rows[0].n).toBe(1);

      // The contact's own choice for `offers` stands; the lead's `events` subscription moves over.
      const subscriptions = await database.db.query(
        `SELECT t.code, s.contact_id, s.lead_id, s.status FROM subscriptions s JOIN topics t ON t.id = s.topic_id WHERE t.code IN ('offers', 'events') ORDER BY t.code, s.lead_id NULLS FIRST`,
      );
      expect(subscriptions.rows).toEqual([
        { code: 'events', contact_id: existing.id, lead_id: null, status: 'subscribed' },
        { code: 'offers', contact_id: existing.id, lead_id: null, status: 'unsubscribed' },
        { code: 'offers', contact_id: null, lead_id: lead.id, status: 'subscribed' },
      ]);
    });

    it('uses the company given, and converts a lead with no company and no e-mail', async () => {
      const partner = (await send('POST', '/api/companies', { name: 'Partner Co', kind: 'partner' })).json();
      const named = await newLead({ lastName: 'Linked', companyName: 'Ignored Inc' });
      const linked = (await send('POST', `/api/leads/${named.id}/convert`, { companyId: partner.id })).json();
      expect(linked.company.id).toBe(partner.id);
      expect(linked.contact.companyId).toBe(partner.id);

      const bare = await newLead({ firstName: 'Walk-in' });
      const converted = await send('POST', `/api/leads/${bare.id}/convert`, { companyKind: 'prospect' });
      expect(converted.statusCode).toBe(200);
      expect(converted.json()).toMatchObject({ company: null, merged: false, contact: { email: null, firstName: 'Walk-in', companyId: null } });

      const unknown = await newLead({ lastName: 'Unknown company' });
      expect(fields(await send('POST', `/api/leads/${unknown.id}/convert`, { companyId: UNKNOWN_ID, ownerId: UNKNOWN_ID }))).toEqual(['companyId', 'ownerId']);
      expect((await send('POST', `/api/leads/${UNKNOWN_ID}/convert`, {})).statusCode).toBe(404);
    });

    it('a refused conversion writes nothing: no company, contact, event or subscription move', async () => {
      // The lead was recorded before shoeSize was declared a number; conversion checks it against the definition.
      const lead = await newLead({ email: 'late@newco.test', lastName: 'Late', companyName: 'Brand New Co', attributes: { shoeSize: 'big' } });
      await activity(lead.id, { kind: 'quote', body: 'Quote' }, '2024-02-01T10:00:00Z');
      const topicId = await topic('late-news');
      await database.db.query(`INSERT INTO subscriptions (topic_id, lead_id, status) VALUES ($1, $2, 'subscribed')`, [topicId, lead.id]);
      expect((await send('POST', '/api/attribute-definitions', { key: 'shoeSize', label: 'Shoe size', type: 'number' })).statusCode).toBe(201);
      const before = { contacts: await countContacts(database.db), companies: await count('companies'), events: await count('contact_events') };

      const refused = await send('POST', `/api/leads/${lead.id}/convert`, {});
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'LEAD_ATTRIBUTES_INVALID', errors: [{ field: 'attributes.shoeSize', message: 'must be a number' }] });
      expect({ contacts: await countContacts(database.db), companies: await count('companies'), events: await count('contact_events') }).toEqual(before);
      expect((await database.db.query(`SELECT count(*)::int AS n FROM companies WHERE name = 'Brand New Co'`)).rows[0].n).toBe(0);
      expect((await send('GET', `/api/leads/${lead.id}`)).json()).toMatchObject({ status: 'open', convertedContactId: null });
      expect((await database.db.query('SELECT lead_id FROM subscriptions WHERE topic_id = $1', [topicId])).rows).toEqual([{ lead_id: lead.id }]);

      // Fixed on the lead (now checked against the definition), it converts.
      expect(fields(await send('PATCH', `/api/leads/${lead.id}`, { attributes: { shoeSize: 'still big' } }))).toEqual(['attributes.shoeSize']);
      expect((await send('PATCH', `/api/leads/${lead.id}`, { attributes: { shoeSize: 44 } })).statusCode).toBe(200);
      const converted = await send('POST', `/api/leads/${lead.id}/convert`, {});
      expect(converted.statusCode).toBe(200);
      expect(converted.json()).toMatchObject({ company: { name: 'Brand New Co' }, contact: { attributes: { shoeSize: 44 } } });
    });
  });
});
