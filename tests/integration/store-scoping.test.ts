/**
 * Store scoping, enforced in SQL: an agent (or any person or API token bound to a store) sees,
 * searches, pages, counts and exports only the contacts of their store — and a contact of another
 * store answers 404, as if it did not exist. Two stores (Cluj, Brașov), an agent of each (the
 * Brașov one placed through their team's store), a store-bound designer of each for the counts and
 * exports agents may not use, an agent placed nowhere, and the admin who sees everyone.
 */
import { parse } from 'csv-parse/sync';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addContactEvent, listContactEvents } from '../../db/contact-events';
import { contactHistory } from '../../db/contact-history';
import type { Scope } from '../../db/scope';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { bearer, createSignedInUser, OWN_ORIGIN, sessionCookie, type TestCredentials } from '../support/sign-in';

const CALC = "=cmd|' /C calc'!A0";
const PAGE = 3;

/** How a request is signed in: the person's session cookie (as the designer does) or their API token. */
type Via = 'session' | 'token';

interface ContactBody {
  id: string;
  email: string;
  storeId: string | null;
  city: string | null;
}

describe('store scoping of contacts, their history, events, counts and exports', () => {
  let api: ApiOnFreshDatabase;
  let cluj: string;
  let brasov: string;
  let sibiu: string;
  let agentCluj: TestCredentials;
  let agentBrasov: TestCredentials;
  let agentNowhere: TestCredentials;
  let designerCluj: TestCredentials;
  let designerBrasov: TestCredentials;
  let designerSibiu: TestCredentials;
  /** E-mails of each store's contacts, oldest first (the listing's order). */
  const emails: Record<'cluj' | 'brasov' | 'none', string[]> = { cluj: [], brasov: [], none: [] };
  const ids = new Map<string, string>();
  const namedPopescu = new Set<string>();
  let popescuSegment: string;
  let mixedList: string;

  const request = (credentials: TestCredentials, via: Via, method: InjectOptions['method'], url: string, payload?: object) => {
    const writes = method !== 'GET';
    const headers = via === 'token' ? bearer(credentials) : { cookie: sessionCookie(credentials), ...(writes ? { origin: OWN_ORIGIN } : {}) };
    return api.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  };
  const asAdmin = (method: InjectOptions['method'], url: string, payload?: object) => api.app.inject({ method, url, ...(payload === undefined ? {} : { payload }) });

  /** Every contact the caller is shown, following `nextCursor` to the last page; and how many pages it took. */
  async function everyPage(credentials: TestCredentials | 'admin', via: Via, query = ''): Promise<{ emails: string[]; pages: number }> {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const url = `/api/contacts?limit=${PAGE}${query}${after ? `&after=${after}` : ''}`;
      const response = credentials === 'admin' ? await asAdmin('GET', url) : await request(credentials, via, 'GET', url);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as { items: ContactBody[]; nextCursor: string | null };
      pages += 1;
      seen.push(...body.items.map((contact) => contact.email));
      after = body.nextCursor;
      expect(pages).toBeLessThan(50);
    } while (after);
    return { emails: seen, pages };
  }

  /** The `contacts.export` audit rows written for `actorId`, oldest first. */
  async function exportAudits(actorId: string) {
    const { rows } = await api.database.db.query<{ actorKind: string; entity: string; entityId: string | null; diff: { filters: Record<string, unknown>; rows: number } }>(
      `SELECT actor_kind AS "actorKind", entity, entity_id AS "entityId", diff FROM audit_log
       WHERE action = 'contacts.export' AND actor_id = $1 ORDER BY id`,
      [actorId],
    );
    return rows;
  }

  const csvRows = (body: string) => parse(body, { columns: true }) as Record<string, string>[];

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_store_scoping');
    const store = async (code: string, name: string) => {
      const created = await asAdmin('POST', '/api/stores', { code, name });
      expect(created.statusCode, created.body).toBe(201);
      return created.json().id as string;
    };
    cluj = await store('CLJ', 'Cluj');
    brasov = await store('BRV', 'Brașov');
    sibiu = await store('SBU', 'Sibiu');
    const team = await asAdmin('POST', '/api/teams', { name: 'Brașov call centre', storeId: brasov });
    expect(team.statusCode, team.body).toBe(201);

    const db = api.database.db;
    agentCluj = await createSignedInUser(db, 'agent', { storeId: cluj });
    // No store of their own: the agent works in their team's store (api/principal.ts scopeFor).
    agentBrasov = await createSignedInUser(db, 'agent', { teamId: team.json().id as string });
    agentNowhere = await createSignedInUser(db, 'agent');
    designerCluj = await createSignedInUser(db, 'designer', { storeId: cluj });
    designerBrasov = await createSignedInUser(db, 'designer', { storeId: brasov });
    designerSibiu = await createSignedInUser(db, 'designer', { storeId: sibiu });

    // One contact per request, so the (created_at, id) order is the order written here.
    const people = [
      ...Array.from({ length: 7 }, (_, i) => ({ key: 'cluj' as const, email: `ana${i}@cluj.test`, lastName: i % 2 === 0 ? 'Popescu' : 'Ionescu', storeId: cluj })),
      ...Array.from({ length: 5 }, (_, i) => ({ key: 'brasov' as const, email: `bogdan${i}@brasov.test`, lastName: i % 2 === 0 ? 'Popescu' : 'Marin', storeId: brasov })),
      ...Array.from({ length: 2 }, (_, i) => ({ key: 'none' as const, email: `nobody${i}@nowhere.test`, lastName: 'Popescu', storeId: null })),
    ];
    for (const [index, person] of people.entries()) {
      const attributes = person.key === 'brasov' && index % 2 === 0 ? { brasovOnly: 'yes' } : {};
      const firstName = person.email === 'ana1@cluj.test' ? CALC : 'Test';
      const created = await asAdmin('POST', '/api/contacts', { email: person.email, firstName, lastName: person.lastName, storeId: person.storeId, attributes });
      expect(created.statusCode, created.body).toBe(201);
      emails[person.key].push(person.email);
      if (person.lastName === 'Popescu') namedPopescu.add(person.email);
      ids.set(person.email, created.json().id as string);
    }

    const segment = await asAdmin('POST', '/api/segments', { name: 'Popescu', rule: { field: 'lastName', operator: 'eq', value: 'Popescu' } });
    expect(segment.statusCode, segment.body).toBe(201);
    popescuSegment = segment.json().id as string;
    const { rows } = await db.query<{ id: string }>(`INSERT INTO contact_lists (name, source) VALUES ('Fair visitors', 'manual') RETURNING id`);
    mixedList = rows[0]!.id;
    const members = ['ana0@cluj.test', 'ana3@cluj.test', 'bogdan1@brasov.test', 'nobody0@nowhere.test'].map((email) => ids.get(email));
    await db.query('INSERT INTO contact_list_members (list_id, contact_id) SELECT $1, unnest($2::uuid[])', [mixedList, members]);
  });
  afterAll(async () => {
    await api?.close();
  });

  /** The e-mails of a store's contacts named Popescu, oldest first. */
  const popescus = (key: keyof typeof emails) => emails[key].filter((email) => namedPopescu.has(email));

  it('each agent pages through exactly their own store, following cursors to the end; the admin sees everyone', async () => {
    const cluj = await everyPage(agentCluj, 'session');
    expect(cluj.emails).toEqual(emails.cluj);
    expect(cluj.pages).toBe(3); // 3 + 3 + 1
    const brasov = await everyPage(agentBrasov, 'session');
    expect(brasov.emails).toEqual(emails.brasov);
    expect(brasov.pages).toBe(2);
    expect((await everyPage('admin', 'token')).emails).toEqual([...emails.cluj, ...emails.brasov, ...emails.none]);
  });

  it('a cursor made from one store never leads into another', async () => {
    // Brașov's contacts were written after Cluj's: a cursor past Cluj's last still shows Cluj nothing more.
    const first = await request(agentCluj, 'session', 'GET', `/api/contacts?limit=${emails.cluj.length}`);
    expect(first.json().nextCursor).toBeNull();
    const adminFirst = await asAdmin('GET', `/api/contacts?limit=${emails.cluj.length}`);
    const pastCluj = adminFirst.json().nextCursor as string;
    const next = await request(agentCluj, 'session', 'GET', `/api/contacts?limit=${PAGE}&after=${pastCluj}`);
    expect(next.statusCode).toBe(200);
    expect(next.json()).toEqual({ items: [], nextCursor: null });
  });

  it("search finds only the searcher's store, across every page", async () => {
    expect((await everyPage(agentCluj, 'session', '&q=popescu')).emails).toEqual(popescus('cluj'));
    expect((await everyPage(agentBrasov, 'session', '&q=popescu')).emails).toEqual(popescus('brasov'));
    expect((await everyPage(agentCluj, 'session', '&q=bogdan')).emails).toEqual([]);
    expect((await everyPage('admin', 'token', '&q=popescu')).emails).toEqual([...popescus('cluj'), ...popescus('brasov'), ...popescus('none')]);
  });

  it("another store's contact is 404 to read, change, log an event on, or read the events and history of", async () => {
    const theirs = ids.get('bogdan0@brasov.test')!;
    for (const [method, url, payload] of [
      ['GET', `/api/contacts/${theirs}`],
      ['PATCH', `/api/contacts/${theirs}`, { city: 'Cluj' }],
      ['POST', `/api/contacts/${theirs}/events`, { kind: 'note', title: 'Peeked' }],
      ['GET', `/api/contacts/${theirs}/events`],
      ['GET', `/api/contacts/${theirs}/history`],
    ] as const) {
      for (const via of ['session', 'token'] as const) {
        const response = await request(agentCluj, via, method, url, payload);
        expect(response.statusCode, `${via} ${method} ${url}`).toBe(404);
        // The same answer as for a contact that does not exist: nothing says it is there.
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    // Nothing was changed or logged.
    expect((await asAdmin('GET', `/api/contacts/${theirs}`)).json()).toMatchObject({ city: null, storeId: brasov });
    expect((await asAdmin('GET', `/api/contacts/${theirs}/events`)).json()).toEqual({ items: [] });
    // Their own agent may do all of it.
    expect((await request(agentBrasov, 'session', 'POST', `/api/contacts/${theirs}/events`, { kind: 'call', title: 'Called' })).statusCode).toBe(201);
    expect((await request(agentBrasov, 'session', 'GET', `/api/contacts/${theirs}/events`)).json().items).toHaveLength(1);
    const history = await request(agentBrasov, 'session', 'GET', `/api/contacts/${theirs}/history`);
    expect(history.json().items.map((item: { kind: string }) => item.kind)).toEqual(['call']);
  });

  it("the history and event queries themselves hold the scope, behind the routes' 404", async () => {
    const db = api.database.db;
    const theirs = ids.get('bogdan2@brasov.test')!;
    const clujOnly: Scope = { kind: 'store', storeId: cluj };
    const brasovOnly: Scope = { kind: 'store', storeId: brasov };
    expect(await addContactEvent(db, theirs, { kind: 'note', title: 'Not mine' }, clujOnly)).toBeUndefined();
    expect(await addContactEvent(db, theirs, { kind: 'note', title: 'Mine' }, brasovOnly)).toMatchObject({ title: 'Mine' });
    expect(await listContactEvents(db, theirs, clujOnly)).toEqual([]);
    expect((await listContactEvents(db, theirs, brasovOnly)).map((event) => event.title)).toEqual(['Mine']);
    expect((await contactHistory(db, theirs, { order: 'desc', limit: 10 }, clujOnly)).items).toEqual([]);
    expect((await contactHistory(db, theirs, { order: 'desc', limit: 10 }, brasovOnly)).items.map((item) => item.title)).toEqual(['Mine']);
  });

  it('an agent edits their own contacts but cannot move one to another store (422 naming storeId)', async () => {
    const own = ids.get('ana2@cluj.test')!;
    const edited = await request(agentCluj, 'session', 'PATCH', `/api/contacts/${own}`, { city: 'Cluj-Napoca' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ city: 'Cluj-Napoca', storeId: cluj });
    for (const storeId of [brasov, null]) {
      const moved = await request(agentCluj, 'token', 'PATCH', `/api/contacts/${own}`, { storeId, city: 'Brașov' });
      expect(moved.statusCode, moved.body).toBe(422);
      expect(moved.json().errors).toEqual([expect.objectContaining({ field: 'storeId' })]);
    }
    expect((await asAdmin('GET', `/api/contacts/${own}`)).json()).toMatchObject({ city: 'Cluj-Napoca', storeId: cluj });
  });

  it('an agent placed in no store sees no one', async () => {
    expect(await everyPage(agentNowhere, 'session')).toEqual({ emails: [], pages: 1 });
    expect(await everyPage(agentNowhere, 'session', '&q=nowhere')).toEqual({ emails: [], pages: 1 });
    // Not even the contacts that have no store.
    expect((await request(agentNowhere, 'session', 'GET', `/api/contacts/${ids.get('nobody0@nowhere.test')}`)).statusCode).toBe(404);
    expect((await request(agentNowhere, 'token', 'GET', `/api/contacts/${ids.get('ana0@cluj.test')}/history`)).statusCode).toBe(404);
  });

  it("a store-bound API token is scoped as its person's session is", async () => {
    expect((await everyPage(agentCluj, 'token')).emails).toEqual(emails.cluj);
    expect((await everyPage(agentCluj, 'token', '&q=popescu')).emails).toEqual(popescus('cluj'));
    expect((await request(agentCluj, 'token', 'GET', `/api/contacts/${ids.get('ana0@cluj.test')}`)).statusCode).toBe(200);
    expect((await request(agentCluj, 'token', 'GET', `/api/contacts/${ids.get('bogdan1@brasov.test')}`)).statusCode).toBe(404);
    const preview = await request(designerBrasov, 'token', 'POST', '/api/segments/preview', { segmentId: popescuSegment });
    expect(preview.json().count).toBe(popescus('brasov').length);
  });

  it('agents may not export at all (403), and no export is recorded', async () => {
    const refused = await request(agentCluj, 'session', 'GET', '/api/contacts/export.csv');
    expect(refused.statusCode).toBe(403);
    expect(await exportAudits(agentCluj.userId)).toEqual([]);
  });

  it("a store-bound designer's counts agree with what they page through, and with their previews", async () => {
    for (const [designer, key] of [[designerCluj, 'cluj'], [designerBrasov, 'brasov']] as const) {
      const seen = await everyPage(designer, 'session');
      expect(seen.emails).toEqual(emails[key]);
      const everyone = await request(designer, 'session', 'POST', '/api/segments/preview', { rule: { op: 'and', rules: [] } });
      expect(everyone.json().count).toBe(seen.emails.length);
      const byRule = await request(designer, 'session', 'POST', '/api/segments/preview', { rule: { field: 'lastName', operator: 'eq', value: 'Popescu' } });
      expect(byRule.json().count).toBe(popescus(key).length);
      expect(byRule.json().sample.map((contact: { email: string }) => contact.email)).toEqual(popescus(key));
      const saved = await request(designer, 'session', 'GET', `/api/segments/${popescuSegment}/preview`);
      expect(saved.json()).toEqual(byRule.json());
      const flat = await request(designer, 'session', 'POST', '/api/segments/preview', { match: 'all', rules: [{ field: 'lastName', operator: 'eq', value: 'Popescu' }] });
      expect(flat.json().count).toBe(popescus(key).length);
      const list = await request(designer, 'session', 'POST', '/api/segments/preview', { listId: mixedList });
      expect(list.json().count).toBe(key === 'cluj' ? 2 : 1);
    }
    const all = await asAdmin('POST', '/api/segments/preview', { segmentId: popescuSegment });
    expect(all.json().count).toBe(popescus('cluj').length + popescus('brasov').length + popescus('none').length);
  });

  it('each store-bound designer exports only their store (contacts, segment, list), formula-neutralised, each export audited with its rows', async () => {
    for (const [designer, key, store] of [[designerCluj, 'cluj', cluj], [designerBrasov, 'brasov', brasov]] as const) {
      const contacts = await request(designer, 'session', 'GET', '/api/contacts/export.csv');
      expect(contacts.statusCode).toBe(200);
      const contactRows = csvRows(contacts.body);
      expect(contactRows.map((row) => row.email).sort()).toEqual([...emails[key]].sort());
      // The attribute columns are drawn from the same contacts: another store's keys do not show.
      expect(Object.keys(contactRows[0]!).includes('attributes.brasovOnly')).toBe(key === 'brasov');

      const segment = await request(designer, 'session', 'GET', `/api/segments/${popescuSegment}/export.csv`);
      expect(segment.statusCode).toBe(200);
      const segmentRows = csvRows(segment.body);
      expect(segmentRows.map((row) => row.email)).toEqual(popescus(key));

      const list = await request(designer, 'token', 'GET', `/api/contact-lists/${mixedList}/export.csv`);
      expect(list.statusCode).toBe(200);
      const listRows = csvRows(list.body);
      expect(listRows.map((row) => row.email).sort()).toEqual(key === 'cluj' ? ['ana0@cluj.test', 'ana3@cluj.test'] : ['bogdan1@brasov.test']);

      const filters = { scope: { store } };
      expect(await exportAudits(designer.userId)).toEqual([
        { actorKind: 'user', entity: 'contacts', entityId: null, diff: { filters, rows: contactRows.length } },
        { actorKind: 'user', entity: 'segment', entityId: popescuSegment, diff: { filters: { ...filters, segmentId: popescuSegment }, rows: segmentRows.length } },
      ]);
    }
    // The list exports went through the designers' API tokens: audited against the token.
    const { rows } = await api.database.db.query<{ actorKind: string; entityId: string; rows: number }>(
      `SELECT actor_kind AS "actorKind", entity_id AS "entityId", (diff ->> 'rows')::int AS rows FROM audit_log
       WHERE action = 'contacts.export' AND entity = 'contact_list' ORDER BY id`,
    );
    expect(rows).toEqual([
      { actorKind: 'token', entityId: mixedList, rows: 2 },
      { actorKind: 'token', entityId: mixedList, rows: 1 },
    ]);
    // Cluj's export holds the formula cell, neutralised as in every CSV the product writes.
    const clujCsv = await request(designerCluj, 'session', 'GET', '/api/contacts/export.csv');
    expect(csvRows(clujCsv.body).find((row) => row.email === 'ana1@cluj.test')?.firstName).toBe(`'${CALC}`);
  });

  it('the admin exports everyone, and the audit row says so', async () => {
    const response = await asAdmin('GET', '/api/contacts/export.csv');
    expect(response.statusCode).toBe(200);
    const total = emails.cluj.length + emails.brasov.length + emails.none.length;
    expect(csvRows(response.body)).toHaveLength(total);
    const { rows } = await api.database.db.query<{ diff: unknown }>(
      `SELECT diff FROM audit_log WHERE action = 'contacts.export' AND entity = 'contacts' AND actor_kind = 'token' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]?.diff).toEqual({ filters: { scope: 'all' }, rows: total });
  });

  it('a store-bound designer creates contacts in their own store only: another store is 422 naming storeId, none given is theirs', async () => {
    const elsewhere = await request(designerSibiu, 'session', 'POST', '/api/contacts', { email: 'new@sibiu.test', storeId: cluj });
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().errors).toEqual([expect.objectContaining({ field: 'storeId' })]);
    const bulk = await request(designerSibiu, 'token', 'POST', '/api/contacts/bulk', {
      contacts: [{ email: 'one@sibiu.test', storeId: sibiu }, { email: 'two@sibiu.test', storeId: brasov }, { email: 'three@sibiu.test' }],
    });
    expect(bulk.statusCode).toBe(422);
    expect(bulk.json().errors).toEqual([expect.objectContaining({ field: 'contacts[1].storeId' })]);
    expect(await everyPage(designerSibiu, 'session')).toEqual({ emails: [], pages: 1 });

    const unplaced = await request(designerSibiu, 'session', 'POST', '/api/contacts', { email: 'new@sibiu.test' });
    expect(unplaced.statusCode, unplaced.body).toBe(201);
    expect(unplaced.json().storeId).toBe(sibiu);
    const placed = await request(designerSibiu, 'token', 'POST', '/api/contacts/bulk', { contacts: [{ email: 'one@sibiu.test', storeId: sibiu }, { email: 'two@sibiu.test' }] });
    expect(placed.statusCode, placed.body).toBe(201);
    // One bulk insert shares one created_at: its rows follow each other in id order.
    expect((await everyPage(designerSibiu, 'session')).emails.sort()).toEqual(['new@sibiu.test', 'one@sibiu.test', 'two@sibiu.test']);
  });
});
