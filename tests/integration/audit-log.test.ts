import { parse } from 'csv-parse/sync';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../db/audit-query';
import { inTransaction } from '../../db/pool';
import { openSession } from '../../db/sessions';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../../flow/graph';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { bearer, createSignedInUser, OWN_ORIGIN, sessionCookie } from '../support/sign-in';
import { uploadFile } from '../support/upload';

/** inject's host is localhost:80: what the app's own pages send as Origin on a write. */

const EMPTY_FLOW = { type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION, nodes: [], edges: [] };

type Entry = Omit<AuditEntry, 'at'> & { at: string };

/**
 * The audit log through its own API: every write to flows, templates, campaigns, consent,
 * suppressions, imports, stores and teams leaves one row in the write's own transaction (a
 * write that fails leaves none), the database refuses to change a row, and an admin reads the
 * log filtered, paged and as CSV. The app acts as an admin through an API token unless a call
 * sends its own credentials. Each test makes the data it reads, so any one runs alone.
 */
describe('audit log', () => {
  let api: ApiOnFreshDatabase;
  let app: FastifyInstance;
  /** How rows written by the app's own token name their actor. */
  let asToken: { actorKind: 'token'; actorId: string; actorLabel: string };
  let unique = 0;
  const named = (what: string) => `${what}-${(unique += 1)}`;

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_audit_log');
    app = api.app;
    const me = (await app.inject({ method: 'GET', url: '/api/auth/me' })).json();
    asToken = { actorKind: 'token', actorId: me.id, actorLabel: `token ${me.name}` };
  });
  afterAll(() => api?.close());

  async function read(query: Record<string, string | number>): Promise<{ items: Entry[]; nextBefore: string | null }> {
    const response = await app.inject({ method: 'GET', url: '/api/audit', query: Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)])) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  /** Every row about one entity, oldest first. */
  async function trail(entityId: string): Promise<Entry[]> {
    return (await read({ entityId, limit: 500 })).items.reverse();
  }

  async function countRows(where: string, params: unknown[]): Promise<number> {
    return (await api.database.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`, params)).rows[0].n;
  }

  async function post(url: string, payload: unknown, status = 201) {
    const response = await app.inject({ method: 'POST', url, payload: payload as InjectOptions['payload'] });
    expect(response.statusCode, response.body).toBe(status);
    return response.json();
  }

  it('flows: a create and each save leave one row with the name and version, never the graph', async () => {
    const flow = await post('/api/flows', { name: 'Welcome', graph: EMPTY_FLOW });
    const renamed = await app.inject({ method: 'PUT', url: `/api/flows/${flow.id}`, payload: { name: 'Welcome back', graph: EMPTY_FLOW } });
    expect(renamed.statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: `/api/flows/${flow.id}`, payload: { graph: EMPTY_FLOW } })).statusCode).toBe(200);

    const rows = await trail(flow.id);
    expect(rows).toEqual([
      expect.objectContaining({ ...asToken, action: 'flow.create', entity: 'flow', entityId: flow.id, diff: { name: 'Welcome', version: 1 } }),
      expect.objectContaining({ ...asToken, action: 'flow.update', entity: 'flow', entityId: flow.id, diff: { name: ['Welcome', 'Welcome back'], version: [1, 2] } }),
      expect.objectContaining({ ...asToken, action: 'flow.update', entity: 'flow', entityId: flow.id, diff: { version: [2, 3] } }),
    ]);
    expect(JSON.stringify(rows)).not.toContain('nodes');
  });

  it('templates and campaigns: one row per write, with the fields that changed; a template body only as changed', async () => {
    const template = await post('/api/templates', { name: 'Hello', channel: 'email', subject: 'Hi', body: 'Dear {{contact.firstName}}' });
    const replaced = await app.inject({ method: 'PUT', url: `/api/templates/${template.id}`, payload: { name: 'Hello', channel: 'email', subject: 'Hi there', body: 'Hello {{contact.firstName}}' } });
    expect(replaced.statusCode).toBe(200);
    expect(await trail(template.id)).toEqual([
      expect.objectContaining({ ...asToken, action: 'template.create', entity: 'template', diff: { name: 'Hello', channel: 'email', language: 'en', formality: 'formal', 'subject.en': 'Hi' } }),
      expect.objectContaining({ ...asToken, action: 'template.update', entity: 'template', diff: { 'subject.en': ['Hi', 'Hi there'], bodies: 'changed: en' } }),
    ]);

    const flow = await post('/api/flows', { name: 'For a campaign', graph: EMPTY_FLOW });
    const campaign = await post('/api/campaigns', { name: 'Spring', flowId: flow.id, goal: 'Come back' });
    expect(await trail(campaign.id)).toEqual([
      expect.objectContaining({ ...asToken, action: 'campaign.create', entity: 'campaign', diff: { name: 'Spring', flowId: flow.id, kind: 'direct', goal: 'Come back', mailPurpose: 'marketing' } }),
    ]);
  });

  it('stores and teams: one row per create; a taken code or name writes neither the row nor its audit', async () => {
    const code = named('STORE');
    const store = await post('/api/stores', { code, name: 'Milan' });
    const team = await post('/api/teams', { name: named('Team'), storeId: store.id });
    expect(await trail(store.id)).toEqual([expect.objectContaining({ ...asToken, action: 'store.create', entity: 'store', diff: { code, name: 'Milan' } })]);
    expect(await trail(team.id)).toEqual([expect.objectContaining({ ...asToken, action: 'team.create', entity: 'team', diff: { name: team.name, storeId: store.id } })]);

    const before = await countRows(`action = 'store.create'`, []);
    await post('/api/stores', { code, name: 'Milan again' }, 409);
    expect(await countRows(`action = 'store.create'`, [])).toBe(before);
  });

  it('suppressions: an add, a bulk add with its counts and a delete with what was removed; re-adding a listed address writes nothing', async () => {
    const address = `${named('gone')}@example.test`;
    const added = await post('/api/suppressions', { channel: 'email', address: address.toUpperCase(), reason: 'complaint', note: 'called the store' });
    await post('/api/suppressions', { channel: 'email', address, reason: 'manual' }, 200);
    expect(await trail(added.id)).toEqual([
      expect.objectContaining({ ...asToken, action: 'suppression.create', entity: 'suppression', diff: { channel: 'email', address, reason: 'complaint' } }),
    ]);

    const bulkBefore = await countRows(`action = 'suppression.bulk_create'`, []);
    const items = [`${named('a')}@example.test`, `${named('b')}@example.test`, address].map((one) => ({ channel: 'email', address: one, reason: 'legal' }));
    expect(await post('/api/suppressions/bulk', { items }, 200)).toEqual({ created: 2, alreadySuppressed: 1 });
    const bulk = await read({ action: 'suppression.bulk_create', limit: 1 });
    expect(await countRows(`action = 'suppression.bulk_create'`, [])).toBe(bulkBefore + 1);
    expect(bulk.items[0]).toMatchObject({ ...asToken, entity: 'suppression', entityId: null, diff: { created: 2, alreadySuppressed: 1 } });

    expect((await app.inject({ method: 'DELETE', url: `/api/suppressions/${added.id}` })).statusCode).toBe(204);
    expect((await trail(added.id)).map((row) => [row.action, row.diff])).toEqual([
      ['suppression.create', { channel: 'email', address, reason: 'complaint' }],
      ['suppression.delete', { channel: 'email', address, reason: 'complaint' }],
    ]);
  });

  it('consent: a subscription, a double opt-in request confirmed by the contact through the link, an unsubscribe and a channel consent', async () => {
    const contact = await post('/api/contacts', { email: `${named('ana')}@example.test` });
    const direct = named('EVENTS');
    const confirmed = named('NEWS');
    await post('/api/topics', { code: direct, name: 'Store events', doubleOptIn: false });
    await post('/api/topics', { code: confirmed, name: 'Newsletter', doubleOptIn: true });

    await post(`/api/contacts/${contact.id}/subscriptions`, { topic: direct, source: 'counter', textShown: 'Events, please' });
    const pending = await post(`/api/contacts/${contact.id}/subscriptions`, { topic: confirmed, source: 'web_form', textShown: 'The newsletter' });
    // The person following the link has no account: no credentials at all.
    const clicked = await app.inject({ method: 'GET', url: pending.confirmUrl, headers: { cookie: '' } });
    expect(clicked.statusCode, clicked.body).toBe(200);
    await post(`/api/contacts/${contact.id}/subscriptions/${direct}/unsubscribe`, { source: 'phone_call' }, 200);
    const record = await post(`/api/contacts/${contact.id}/consent-records`, { channel: 'phone', action: 'withdrawn', source: 'phone_call' });

    const subscriptions = (await read({ entity: 'subscription', limit: 500 })).items.filter((row) => (row.diff as { contactId?: string }).contactId === contact.id).reverse();
    expect(subscriptions).toEqual([
      expect.objectContaining({ ...asToken, action: 'subscription.request', diff: { contactId: contact.id, topic: direct, status: [null, 'subscribed'] } }),
      expect.objectContaining({ ...asToken, action: 'subscription.request', diff: { contactId: contact.id, topic: confirmed, status: [null, 'pending'] } }),
      expect.objectContaining({
        actorKind: 'system',
        actorId: null,
        actorLabel: 'contact via confirmation link',
        action: 'subscription.confirm',
        diff: { contactId: contact.id, topic: confirmed, status: ['pending', 'subscribed'] },
      }),
      expect.objectContaining({ ...asToken, action: 'subscription.unsubscribe', diff: { contactId: contact.id, topic: direct, status: ['subscribed', 'unsubscribed'] } }),
    ]);
    expect(new Set(subscriptions.map((row) => row.entityId)).size).toBe(2);
    expect(await trail(record.id)).toEqual([
      expect.objectContaining({ ...asToken, action: 'consent_record.create', entity: 'consent_record', diff: { contactId: contact.id, channel: 'phone', action: 'withdrawn', source: 'phone_call' } }),
    ]);
  });

  it('imports: a row when the job is created and one when it ends, with its counts; a refused file ends as failed; customer codes with their counts', async () => {
    const done = (await uploadFile(app, '/api/imports/companies?wait=true', `code,name\n${named('C')},Acme\n${named('C')},Beta\n`, {}, 'firms.csv')).json();
    expect(done.status).toBe('completed');
    expect(await trail(done.id)).toEqual([
      expect.objectContaining({ ...asToken, action: 'import_job.create', entity: 'import_job', diff: { kind: 'companies', fileName: 'firms.csv' } }),
      expect.objectContaining({ ...asToken, action: 'import_job.complete', diff: { status: 'completed', totalRows: 2, insertedRows: 2, updatedRows: 0, errorCount: 0 } }),
    ]);

    const refused = (await uploadFile(app, '/api/imports/contacts?wait=true', 'email\nnot-an-address\n', {}, 'people.csv')).json();
    expect(refused.status).toBe('failed');
    expect((await trail(refused.id)).map((row) => [row.action, row.diff])).toEqual([
      ['import_job.create', { kind: 'contacts', fileName: 'people.csv' }],
      ['import_job.fail', { status: 'failed', totalRows: 1, insertedRows: 0, updatedRows: 0, errorCount: 1 }],
    ]);

    const code = named('K');
    await post('/api/contacts', { email: `${named('coded')}@example.test`, customerCode: code });
    const list = (await uploadFile(app, '/api/imports/customer-codes', `${code}\nNOPE-${code}\n`, {}, 'codes.txt')).json();
    expect(await trail(list.listId)).toEqual([
      expect.objectContaining({
        ...asToken,
        action: 'contact_list.import',
        entity: 'contact_list',
        diff: { name: 'Customer codes: codes.txt', source: 'customer_codes', codes: 2, matched: 1, unmatched: 1 },
      }),
    ]);
  });

  it('names a person signed in with a session cookie as the actor: kind user, their id and e-mail', async () => {
    const designer = await createSignedInUser(api.database.db, 'designer');
    const created = await app.inject({
      method: 'POST',
      url: '/api/templates',
      headers: { cookie: sessionCookie(designer), origin: OWN_ORIGIN },
      payload: { name: 'By hand', channel: 'email', subject: 'Hi', body: 'Hi' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await trail(created.json().id)).toEqual([
      expect.objectContaining({ actorKind: 'user', actorId: designer.userId, actorLabel: designer.email, action: 'template.create' }),
    ]);
  });

  it('leaves no audit row for a write the database refuses (a campaign for a flow that does not exist)', async () => {
    const before = await countRows(`action = 'campaign.create'`, []);
    const refused = await app.inject({ method: 'POST', url: '/api/campaigns', payload: { name: 'Orphan', flowId: '6f1c2a4e-0000-4000-8000-000000000000' } });
    expect(refused.statusCode).toBe(422);
    expect(await countRows(`action = 'campaign.create'`, [])).toBe(before);
  });

  it('writes the row in the transaction of the write: a save failing at commit leaves no row, and a row that cannot be written undoes its write', async () => {
    const { db } = api.database;
    const flow = await post('/api/flows', { name: 'Doomed', graph: EMPTY_FLOW });
    // A deferred constraint trigger fails the save's COMMIT, after its audit row was inserted.
    await db.query(`CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END; $$`);
    await db.query(
      `CREATE CONSTRAINT TRIGGER doomed_flow_versions AFTER INSERT ON flow_versions DEFERRABLE INITIALLY DEFERRED
       FOR EACH ROW WHEN (NEW.flow_id = '${flow.id}' AND NEW.version > 1) EXECUTE FUNCTION refuse_at_commit()`,
    );
    try {
      const save = await app.inject({ method: 'PUT', url: `/api/flows/${flow.id}`, payload: { name: 'Doomed twice', graph: EMPTY_FLOW } });
      expect(save.statusCode).toBe(500);
      expect((await app.inject({ method: 'GET', url: `/api/flows/${flow.id}` })).json()).toMatchObject({ name: 'Doomed', version: 1 });
      expect((await trail(flow.id)).map((row) => row.action)).toEqual(['flow.create']);
    } finally {
      await db.query('DROP TRIGGER doomed_flow_versions ON flow_versions');
    }

    // The other way round: the audit insert fails, and the store it describes is not created.
    const code = named('UNAUDITED');
    await db.query(
      `CREATE TRIGGER refuse_store_audit BEFORE INSERT ON audit_log FOR EACH ROW
       WHEN (NEW.action = 'store.create' AND NEW.diff->>'code' = '${code}') EXECUTE FUNCTION refuse_at_commit()`,
    );
    try {
      expect((await app.inject({ method: 'POST', url: '/api/stores', payload: { code, name: 'Nowhere' } })).statusCode).toBe(500);
      expect((await db.query('SELECT count(*)::int AS n FROM stores WHERE code = $1', [code])).rows[0].n).toBe(0);
    } finally {
      await db.query('DROP TRIGGER refuse_store_audit ON audit_log');
      await db.query('DROP FUNCTION refuse_at_commit()');
    }
  });

  it('is append-only: the database refuses to update, delete or truncate audit rows', async () => {
    const { db } = api.database;
    await post('/api/stores', { code: named('KEEP'), name: 'Kept' });
    const rows = await countRows('TRUE', []);
    await expect(db.query(`UPDATE audit_log SET actor_label = 'someone else'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await countRows('TRUE', [])).toBe(rows);
  });

  it('filters by actor, entity, entity id, action and time, newest first, and pages backwards with nextBefore', async () => {
    const designer = await createSignedInUser(api.database.db, 'designer');
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const template = await app.inject({ method: 'POST', url: '/api/templates', headers: bearer(designer), payload: { name: `Paged ${index}`, channel: 'email', subject: 'Hi', body: 'Hi' } });
      ids.push(template.json().id);
    }
    await app.inject({ method: 'PUT', url: `/api/templates/${ids[0]}`, headers: bearer(designer), payload: { name: 'Paged first', channel: 'email', subject: 'Hi', body: 'Hi' } });
    const actorId = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(designer) })).json().id;

    const all = (await read({ actorId })).items;
    expect(all.map((row) => [row.action, row.entityId])).toEqual([['template.update', ids[0]], ...ids.toReversed().map((id) => ['template.create', id])]);
    expect(all.map((row) => BigInt(row.id))).toEqual(all.map((row) => BigInt(row.id)).toSorted((a, b) => (b > a ? 1 : -1)));

    const pages: string[][] = [];
    let before: string | null | undefined;
    do {
      const page = await read({ actorId, limit: 2, ...(before ? { before } : {}) });
      pages.push(page.items.map((row) => row.id));
      before = page.nextBefore;
    } while (before);
    expect(pages).toEqual([all.slice(0, 2), all.slice(2, 4), all.slice(4, 6)].map((page) => page.map((row) => row.id)));

    expect((await read({ actorId, action: 'template.create' })).items).toHaveLength(5);
    expect((await read({ actorId, entity: 'template', entityId: ids[0]! })).items.map((row) => row.action)).toEqual(['template.update', 'template.create']);
    expect((await read({ actorId, entity: 'flow' })).items).toEqual([]);
    expect((await read({ actorId, from: all[2]!.at })).items.map((row) => row.id)).toEqual(all.slice(0, 3).map((row) => row.id));
    expect((await read({ actorId, to: new Date(Date.now() - 60_000).toISOString() })).items).toEqual([]);
    expect((await read({ actorId, from: all[5]!.at, to: new Date(Date.now() + 60_000).toISOString() })).items).toHaveLength(6);
    expect((await app.inject({ method: 'GET', url: '/api/audit?before=latest' })).statusCode).toBe(400);
  });

  it('orders by the number of the entry, not its text: entry 10 comes before entry 9', async () => {
    for (let index = 0; index < 12; index += 1) await post('/api/stores', { code: named(`ORDER${index}`), name: `Order ${index}` });
    const ids = (await read({ limit: 500 })).items.map((row) => BigInt(row.id));
    expect(ids.some((id) => id >= 10n) && ids.some((id) => id < 10n)).toBe(true);
    expect(ids).toEqual(ids.toSorted((a, b) => (b > a ? 1 : -1)));
  });

  it('exports the matching entries as CSV with formula cells neutralised, and audits the export itself', async () => {
    // A valid e-mail address (RFC 5322 allows = | ' ! in its local part) that a spreadsheet would run.
    const email = `=cmd|'/Ccalc'!A0@evil.example`;
    const user = await post('/api/users', { email, name: 'Formula', role: 'designer' });
    const session = await inTransaction(api.database.db, (client) => openSession(client, user.id, { address: 'test' }));
    const written = await app.inject({ method: 'POST', url: '/api/templates', headers: { cookie: sessionCookie({ session }), origin: OWN_ORIGIN }, payload: { name: 'X', channel: 'email', subject: 'Hi', body: 'Hi' } });
    expect(written.statusCode, written.body).toBe(201);

    const response = await app.inject({ method: 'GET', url: `/api/audit/export.csv?actorId=${user.id}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...records] = parse(response.body) as string[][];
    expect(header).toEqual(['id', 'at', 'actorKind', 'actorId', 'actorLabel', 'action', 'entity', 'entityId', 'diff']);
    expect(records).toHaveLength(1);
    expect(records[0]!.slice(2, 7)).toEqual(['user', user.id, `'${email}`, 'template.create', 'template']);
    expect(JSON.parse(records[0]![8]!)).toEqual({ name: 'X', channel: 'email', language: 'en', formality: 'formal', 'subject.en': 'Hi' });
    expect(response.body).not.toMatch(/(^|,)=cmd/m);

    const exports = (await read({ action: 'audit.export', limit: 500 })).items.filter((row) => (row.diff as { actorId?: string }).actorId === user.id);
    expect(exports).toEqual([expect.objectContaining({ ...asToken, entity: 'audit_log', entityId: null, diff: { actorId: user.id } })]);
  });

  it('is for admins: a designer, an agent and a budget owner get 403 on the list and the export', async () => {
    for (const role of ['designer', 'agent', 'budget_owner'] as const) {
      const person = await createSignedInUser(api.database.db, role);
      for (const url of ['/api/audit', '/api/audit/export.csv']) {
        const response = await app.inject({ method: 'GET', url, headers: bearer(person) });
        expect(response.statusCode, `${role} ${url}`).toBe(403);
        expect(response.json()).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
    expect((await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: '' } })).statusCode).toBe(401);
  });

  it("answers a contact's consent view with 404 to a caller outside the contact's store", async () => {
    const here = await post('/api/stores', { code: named('HERE'), name: 'Here' });
    const there = await post('/api/stores', { code: named('THERE'), name: 'There' });
    const contact = await post('/api/contacts', { email: `${named('scoped')}@example.test`, storeId: here.id });
    const local = await createSignedInUser(api.database.db, 'agent', { storeId: here.id });
    const remote = await createSignedInUser(api.database.db, 'agent', { storeId: there.id });

    const seen = await app.inject({ method: 'GET', url: `/api/contacts/${contact.id}/consent`, headers: bearer(local) });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toEqual({ subscriptions: [], records: [] });
    const hidden = await app.inject({ method: 'GET', url: `/api/contacts/${contact.id}/consent`, headers: bearer(remote) });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it("refuses a store-bound designer's consent writes for a contact of another store (404), writing nothing", async () => {
    const here = await post('/api/stores', { code: named('MINE'), name: 'Mine' });
    const there = await post('/api/stores', { code: named('THEIRS'), name: 'Theirs' });
    const contact = await post('/api/contacts', { email: `${named('theirs')}@example.test`, storeId: there.id });
    await post('/api/topics', { code: named('news'), name: 'News', doubleOptIn: false });
    const designer = await createSignedInUser(api.database.db, 'designer', { storeId: here.id });
    const writes = [
      { url: `/api/contacts/${contact.id}/subscriptions`, payload: { topic: named('news'), textShown: 'Yes, send me news', source: 'test' } },
      { url: `/api/contacts/${contact.id}/subscriptions/${named('news')}/unsubscribe`, payload: { source: 'test' } },
      { url: `/api/contacts/${contact.id}/consent-records`, payload: { channel: 'email', action: 'withdrawn', source: 'test' } },
    ];
    for (const write of writes) {
      const refused = await app.inject({ method: 'POST', url: write.url, payload: write.payload, headers: bearer(designer) });
      expect(refused.statusCode, write.url).toBe(404);
    }
    const stored = await api.database.db.query('SELECT (SELECT count(*)::int FROM subscriptions WHERE contact_id = $1) + (SELECT count(*)::int FROM consent_records WHERE contact_id = $1) AS n', [contact.id]);
    expect(stored.rows[0].n).toBe(0);
  });
});
