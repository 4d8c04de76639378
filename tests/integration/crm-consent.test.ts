import { createHash } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { SYSTEM_ACTOR } from '../../db/audit';
import { insertConsentRecord } from '../../db/consent-records';
import { requestSubscription } from '../../db/subscriptions';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

interface ConsentRecordBody {
  id: string;
  topicCode: string | null;
  channel: string;
  action: string;
  source: string;
  textShown: string | null;
  ipAddress: string | null;
  recordedBy: string | null;
  recordedAt: string;
  viaLeadId: string | null;
}

const NEWSLETTER_TEXT = 'Yes, send me the monthly Campaign Studio newsletter. I can unsubscribe at any time.';

/**
 * Topics, subscriptions with double opt-in and consent records need no Temporal: the client is
 * never called. Each test starts with no topic, contact or lead and makes the ones it uses, so any
 * one runs alone or in any order.
 */
describe('topics, subscriptions and consent records API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_consent');
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
    await database.db.query('TRUNCATE topics, contacts, leads CASCADE');
  });

  async function newContact(email: string): Promise<string> {
    const { rows } = await database.db.query<{ id: string }>('INSERT INTO contacts (email) VALUES ($1) RETURNING id', [email]);
    return rows[0]!.id;
  }

  async function newTopic(payload: object): Promise<{ id: string; code: string }> {
    const created = await app.inject({ method: 'POST', url: '/api/topics', payload });
    expect(created.statusCode).toBe(201);
    return created.json();
  }

  const subscribe = (contactId: string, payload: object, remoteAddress?: string) =>
    app.inject({ method: 'POST', url: `/api/contacts/${contactId}/subscriptions`, payload, ...(remoteAddress ? { remoteAddress } : {}) });

  const consentOf = async (contactId: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/contacts/${contactId}/consent` });
    expect(response.statusCode).toBe(200);
    return response.json() as { subscriptions: { topicCode: string; status: string; confirmedAt: string | null; unsubscribedAt: string | null; viaLeadId: string | null }[]; records: ConsentRecordBody[] };
  };

  const tokenOf = (confirmUrl: string) => new URL(confirmUrl, 'http://x').searchParams.get('token')!;

  it('creates topics with double opt-in on by default, refuses a repeated code naming it, reads and patches them', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/topics', payload: { code: 'NEWS', name: 'Monthly newsletter', description: 'What is new' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'NEWS', name: 'Monthly newsletter', description: 'What is new', doubleOptIn: true, subscriberCount: 0 });

    const twice = await app.inject({ method: 'POST', url: '/api/topics', payload: { code: 'NEWS', name: 'Again' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.headers['content-type']).toContain('application/problem+json');
    expect(twice.json().errors).toEqual([expect.objectContaining({ field: 'code' })]);

    const nameless = await app.inject({ method: 'POST', url: '/api/topics', payload: { code: 'X' } });
    expect(nameless.statusCode).toBe(422);
    expect(nameless.json().errors).toEqual([expect.objectContaining({ field: 'name' })]);

    const id = created.json().id as string;
    const patched = await app.inject({ method: 'PATCH', url: `/api/topics/${id}`, payload: { name: 'The newsletter', description: null } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ code: 'NEWS', name: 'The newsletter', description: null, doubleOptIn: true });

    // Saved segments name topics by code: it cannot be changed.
    const recoded = await app.inject({ method: 'PATCH', url: `/api/topics/${id}`, payload: { code: 'NEWS2' } });
    expect(recoded.statusCode).toBe(422);
    expect(recoded.json().errors).toEqual([expect.objectContaining({ field: 'code' })]);

    expect((await app.inject({ method: 'GET', url: `/api/topics/${id}` })).json()).toMatchObject({ name: 'The newsletter' });
    const missing = await app.inject({ method: 'GET', url: '/api/topics/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect((await app.inject({ method: 'PATCH', url: '/api/topics/00000000-0000-4000-8000-000000000000', payload: { name: 'x' } })).statusCode).toBe(404);
  });

  it('runs double opt-in: request, confirm once, withdraw, request again — every step a record, in order', async () => {
    const contactId = await newContact('ana@example.test');
    const topic = await newTopic({ code: 'OFFERS', name: 'Offers' });

    const requested = await subscribe(contactId, { topic: 'OFFERS', source: 'web_form', textShown: NEWSLETTER_TEXT, ipAddress: '198.51.100.4' });
    expect(requested.statusCode).toBe(201);
    const request = requested.json();
    expect(request).toMatchObject({ topicId: topic.id, topicCode: 'OFFERS', status: 'pending', confirmedAt: null });
    expect(request.confirmUrl).toMatch(/^\/api\/subscriptions\/confirm\?token=[A-Za-z0-9_-]{43}$/);
    expect(request.record).toMatchObject({ action: 'requested', source: 'web_form', textShown: NEWSLETTER_TEXT, ipAddress: '198.51.100.4' });
    const week = Date.parse(request.confirmExpiresAt) - Date.parse(request.requestedAt);
    expect(week).toBeGreaterThan(6.9 * 86_400_000);
    expect(week).toBeLessThan(7.1 * 86_400_000);

    // Only the token's sha256 is kept: the database alone cannot confirm anyone.
    const token = tokenOf(request.confirmUrl);
    const stored = await database.db.query<{ hash: string }>('SELECT confirm_token_hash AS hash FROM subscriptions WHERE contact_id = $1', [contactId]);
    expect(stored.rows[0]!.hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(stored.rows[0]!.hash).not.toContain(token);

    // Pending does not count as a subscriber.
    expect((await app.inject({ method: 'GET', url: `/api/topics/${topic.id}` })).json().subscriberCount).toBe(0);

    const confirmed = await app.inject({ method: 'GET', url: request.confirmUrl, remoteAddress: '203.0.113.7' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ topicCode: 'OFFERS', status: 'subscribed' });
    expect(confirmed.json().confirmedAt).not.toBeNull();
    expect((await app.inject({ method: 'GET', url: `/api/topics/${topic.id}` })).json().subscriberCount).toBe(1);

    const again = await app.inject({ method: 'GET', url: request.confirmUrl, remoteAddress: '203.0.113.7' });
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ code: 'TOKEN_USED', errors: [expect.objectContaining({ field: 'token' })] });

    const unknown = await app.inject({ method: 'GET', url: '/api/subscriptions/confirm?token=not-a-token-we-made' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('UNKNOWN_TOKEN');

    const already = await subscribe(contactId, { topic: topic.id, source: 'web_form', textShown: NEWSLETTER_TEXT });
    expect(already.statusCode).toBe(409);
    expect(already.json().errors).toEqual([expect.objectContaining({ field: 'topic' })]);

    const withdrawn = await app.inject({ method: 'POST', url: `/api/contacts/${contactId}/subscriptions/OFFERS/unsubscribe`, payload: { source: 'unsubscribe_link', ipAddress: '203.0.113.8' } });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'unsubscribed' });
    expect(withdrawn.json().unsubscribedAt).not.toBeNull();
    expect((await app.inject({ method: 'GET', url: `/api/topics/${topic.id}` })).json().subscriberCount).toBe(0);

    const twice = await app.inject({ method: 'POST', url: `/api/contacts/${contactId}/subscriptions/OFFERS/unsubscribe`, payload: { source: 'unsubscribe_link' } });
    expect(twice.statusCode).toBe(409);

    // Re-subscribing starts a new request with a new link; the old records stay as they were.
    const second = await subscribe(contactId, { topic: 'OFFERS', source: 'counter', textShown: 'Offers by e-mail, signed at the counter', recordedBy: 'mara' });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ status: 'pending', unsubscribedAt: null });
    expect(second.json().confirmUrl).not.toBe(request.confirmUrl);
    const reconfirmed = await app.inject({ method: 'POST', url: second.json().confirmUrl, remoteAddress: '203.0.113.9' });
    expect(reconfirmed.statusCode).toBe(200);
    expect(reconfirmed.json().status).toBe('subscribed');

    const consent = await consentOf(contactId);
    expect(consent.subscriptions).toEqual([expect.objectContaining({ topicCode: 'OFFERS', status: 'subscribed', viaLeadId: null })]);
    expect(consent.records.map((record) => [record.action, record.source, record.textShown, record.ipAddress, record.recordedBy])).toEqual([
      ['requested', 'web_form', NEWSLETTER_TEXT, '198.51.100.4', null],
      ['confirmed', 'double_opt_in_link', NEWSLETTER_TEXT, '203.0.113.7', null],
      ['withdrawn', 'unsubscribe_link', null, '203.0.113.8', null],
      ['requested', 'counter', 'Offers by e-mail, signed at the counter', null, 'mara'],
      ['confirmed', 'double_opt_in_link', 'Offers by e-mail, signed at the counter', '203.0.113.9', null],
    ]);
    expect(consent.records.every((record) => record.topicCode === 'OFFERS' && record.viaLeadId === null)).toBe(true);
    const times = consent.records.map((record) => Date.parse(record.recordedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Proof is never rewritten: the database refuses to change a record.
    await expect(database.db.query("UPDATE consent_records SET text_shown = 'something else' WHERE contact_id = $1", [contactId])).rejects.toThrow(/append-only/);
  });

  it('answers 410 for an expired link and leaves the subscription pending', async () => {
    await newTopic({ code: 'OFFERS', name: 'Offers' });
    const contactId = await newContact('late@example.test');
    const requested = await subscribe(contactId, { topic: 'OFFERS', source: 'web_form', textShown: NEWSLETTER_TEXT });
    expect(requested.statusCode).toBe(201);
    await database.db.query(`UPDATE subscriptions SET confirm_token_expires_at = now() - interval '1 minute' WHERE contact_id = $1`, [contactId]);

    const expired = await app.inject({ method: 'GET', url: requested.json().confirmUrl });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('TOKEN_EXPIRED');
    const consent = await consentOf(contactId);
    expect(consent.subscriptions).toEqual([expect.objectContaining({ topicCode: 'OFFERS', status: 'pending', confirmedAt: null })]);
    expect(consent.records.map((record) => record.action)).toEqual(['requested']);
  });

  it('subscribes at once with a granted record when the topic has no double opt-in', async () => {
    const contactId = await newContact('quick@example.test');
    await newTopic({ code: 'STORE_EVENTS', name: 'Store events', doubleOptIn: false });
    const subscribed = await subscribe(contactId, { topic: 'STORE_EVENTS', channel: 'sms', source: 'sms_keyword', textShown: 'Reply YES for store events' });
    expect(subscribed.statusCode).toBe(201);
    expect(subscribed.json()).toMatchObject({ status: 'subscribed', record: { action: 'granted', channel: 'sms', source: 'sms_keyword' } });
    expect(subscribed.json()).not.toHaveProperty('confirmUrl');
    const stored = await database.db.query('SELECT confirm_token_hash FROM subscriptions WHERE contact_id = $1', [contactId]);
    expect(stored.rows[0]).toEqual({ confirm_token_hash: null });
  });

  it('names the field of a bad subscription request and answers 404 for an unknown contact or topic', async () => {
    await newTopic({ code: 'OFFERS', name: 'Offers' });
    const contactId = await newContact('bad@example.test');
    const unknownTopic = await subscribe(contactId, { topic: 'NOPE', source: 'web_form', textShown: NEWSLETTER_TEXT });
    expect(unknownTopic.statusCode).toBe(422);
    expect(unknownTopic.json().errors).toEqual([expect.objectContaining({ field: 'topic' })]);

    const noText = await subscribe(contactId, { topic: 'OFFERS', source: 'web_form' });
    expect(noText.statusCode).toBe(422);
    expect(noText.json().errors).toEqual([expect.objectContaining({ field: 'textShown' })]);

    const badIp = await subscribe(contactId, { topic: 'OFFERS', source: 'web_form', textShown: NEWSLETTER_TEXT, ipAddress: 'localhost' });
    expect(badIp.statusCode).toBe(422);
    expect(JSON.stringify(badIp.json().errors)).toContain('ipAddress');

    const nobody = await subscribe('00000000-0000-4000-8000-000000000000', { topic: 'OFFERS', source: 'web_form', textShown: NEWSLETTER_TEXT });
    expect(nobody.statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/contacts/${contactId}/subscriptions/NOPE/unsubscribe`, payload: { source: 'x' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/contacts/${contactId}/subscriptions/OFFERS/unsubscribe`, payload: { source: 'x' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/contacts/00000000-0000-4000-8000-000000000000/consent' })).statusCode).toBe(404);
    // Nothing was written for the refused requests.
    expect((await consentOf(contactId)).records).toEqual([]);
  });

  it('records channel-level consent not tied to a topic', async () => {
    const contactId = await newContact('calls@example.test');
    const granted = await app.inject({
      method: 'POST',
      url: `/api/contacts/${contactId}/consent-records`,
      payload: { channel: 'letter', action: 'granted', source: 'paper_form', textShown: 'You may send me offers by post', recordedBy: 'ion' },
    });
    expect(granted.statusCode).toBe(201);
    expect(granted.json()).toMatchObject({ topicCode: null, channel: 'letter', action: 'granted', recordedBy: 'ion' });
    const refused = await app.inject({ method: 'POST', url: `/api/contacts/${contactId}/consent-records`, payload: { channel: 'phone', action: 'withdrawn', source: 'phone_call' } });
    expect(refused.statusCode).toBe(201);

    const badAction = await app.inject({ method: 'POST', url: `/api/contacts/${contactId}/consent-records`, payload: { channel: 'phone', action: 'requested', source: 'x' } });
    expect(badAction.statusCode).toBe(422);
    expect(JSON.stringify(badAction.json().errors)).toContain('action');
    const nobody = await app.inject({ method: 'POST', url: '/api/contacts/00000000-0000-4000-8000-000000000000/consent-records', payload: { channel: 'email', action: 'granted', source: 'x' } });
    expect(nobody.statusCode).toBe(404);

    expect((await consentOf(contactId)).records.map((record) => [record.channel, record.action, record.topicCode])).toEqual([
      ['letter', 'granted', null],
      ['phone', 'withdrawn', null],
    ]);
  });

  it('shows the consent a person gave as a lead once the lead is converted into the contact', async () => {
    await newTopic({ code: 'OFFERS', name: 'Offers' });
    const lead = await database.db.query<{ id: string }>(`INSERT INTO leads (first_name, email, source) VALUES ('Dan', 'dan@example.test', 'fair') RETURNING id`);
    const leadId = lead.rows[0]!.id;
    const asLead = await requestSubscription(database.db, SYSTEM_ACTOR, { leadId }, { topic: 'OFFERS', source: 'fair_booth', textShown: 'Offers, signed at the fair', channel: 'email' });
    if (!('ok' in asLead)) throw new Error('subscribing the lead was refused');
    await insertConsentRecord(database.db, { leadId }, { channel: 'sms', action: 'granted', source: 'fair_booth', textShown: 'Texts about the fair' });
    // The lead follows its link before it is converted.
    const confirmed = await app.inject({ method: 'GET', url: `/api/subscriptions/confirm?token=${asLead.ok.confirmToken}`, remoteAddress: '192.0.2.10' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ viaLeadId: leadId, status: 'subscribed' });

    const contactId = await newContact('dan@example.test');
    await app.inject({ method: 'POST', url: `/api/contacts/${contactId}/consent-records`, payload: { channel: 'phone', action: 'withdrawn', source: 'phone_call' } });
    expect((await consentOf(contactId)).records.map((record) => record.viaLeadId)).toEqual([null]);

    // The conversion endpoint is built elsewhere; what it leaves behind is this link.
    await database.db.query(`UPDATE leads SET status = 'converted', converted_contact_id = $2, converted_at = now() WHERE id = $1`, [leadId, contactId]);

    const consent = await consentOf(contactId);
    expect(consent.records.map((record) => [record.action, record.channel, record.topicCode, record.viaLeadId])).toEqual([
      ['requested', 'email', 'OFFERS', leadId],
      ['granted', 'sms', null, leadId],
      ['confirmed', 'email', 'OFFERS', leadId],
      ['withdrawn', 'phone', null, null],
    ]);
    expect(consent.records[2]).toMatchObject({ ipAddress: '192.0.2.10', textShown: 'Offers, signed at the fair' });
    expect(consent.subscriptions).toEqual([expect.objectContaining({ topicCode: 'OFFERS', status: 'subscribed', viaLeadId: leadId })]);
  });
});
