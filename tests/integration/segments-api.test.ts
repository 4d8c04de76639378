import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import type { Db } from '../../db/pool';
import { compileAudienceSelection } from '../../db/segments/audience-where';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../../flow/graph';
import type { AudienceNodeConfig } from '../../flow/nodes/audience-config';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

async function insertContact(db: Db, email: string, attributes: Record<string, unknown>): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`INSERT INTO contacts (email, attributes) VALUES ($1, $2::jsonb) RETURNING id`, [email, JSON.stringify(attributes)]);
  return rows[0]!.id;
}

async function subscribe(db: Db, contactId: string, topicCode: string, status: 'subscribed' | 'unsubscribed'): Promise<void> {
  await db.query(
    `INSERT INTO subscriptions (topic_id, contact_id, status) SELECT id, $2, $3 FROM topics WHERE code = $1`,
    [topicCode, contactId, status],
  );
}

/** Segments and ABC need no Temporal: the client points at a closed port and is never called. */
describe('segments API and ABC classification', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_api_segments');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

  it("seed 000: decision makers opted in to network equipment, under 45, liking blue, shoe size over 40", async () => {
    const db = database.db;
    await db.query(`INSERT INTO topics (code, name) VALUES ('network-equipment', 'Network equipment'), ('newsletter', 'Newsletter')`);
    await db.query(`INSERT INTO attribute_definitions (key, label, type) VALUES ('age', 'Age', 'number'), ('shoeSize', 'Shoe size', 'number'), ('favouriteColour', 'Favourite colour', 'string'), ('decisionMaker', 'Decision maker', 'boolean')`);
    const base = { decisionMaker: true, age: 38, favouriteColour: 'blue', shoeSize: 42 };
    const people: [string, Record<string, unknown>, 'subscribed' | 'unsubscribed' | null][] = [
      ['match.one@s0.test', base, 'subscribed'],
      ['match.two@s0.test', { ...base, age: 44, shoeSize: 41 }, 'subscribed'],
      ['not.decider@s0.test', { ...base, decisionMaker: false }, 'subscribed'],
      ['opted.out@s0.test', base, 'unsubscribed'],
      ['never.asked@s0.test', base, null],
      ['too.old@s0.test', { ...base, age: 45 }, 'subscribed'],
      ['red@s0.test', { ...base, favouriteColour: 'red' }, 'subscribed'],
      ['small.feet@s0.test', { ...base, shoeSize: 40 }, 'subscribed'],
      ['age.as.text@s0.test', { ...base, age: '30' }, 'subscribed'],
    ];
    for (const [email, attributes, status] of people) {
      const id = await insertContact(db, email, attributes);
      if (status) await subscribe(db, id, 'network-equipment', status);
    }
    const rule = {
      op: 'and',
      rules: [
        { field: 'attributes.decisionMaker', operator: 'eq', value: true },
        { kind: 'subscribed', topic: 'network-equipment' },
        { field: 'attributes.age', operator: 'lt', value: 45 },
        { field: 'attributes.favouriteColour', operator: 'eq', value: 'blue' },
        { field: 'attributes.shoeSize', operator: 'gt', value: 40 },
      ],
    };
    const created = await request('POST', '/api/segments', { name: 'Seed 000', rule });
    expect(created.statusCode).toBe(201);
    const preview = await request('GET', `/api/segments/${created.json().id}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json().count).toBe(2);
    expect(preview.json().sample.map((c: { email: string }) => c.email).sort()).toEqual(['match.one@s0.test', 'match.two@s0.test']);

    const inline = await request('POST', '/api/segments/preview', { rule });
    expect(inline.json().count).toBe(2);

    const csv = await request('GET', `/api/segments/${created.json().id}/export.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('email');
    expect(lines.slice(1).map((line) => line.split(',')[1]).sort()).toEqual(['match.one@s0.test', 'match.two@s0.test']);
  });

  it('an invalid rule is a 422 naming the path of the bad condition', async () => {
    const response = await request('POST', '/api/segments/preview', {
      rule: { op: 'and', rules: [{ field: 'language', operator: 'eq', value: 'en' }, { op: 'or', rules: [{ field: 'password', operator: 'eq', value: 'x' }] }] },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'SEGMENT_INVALID', errors: [{ field: 'rule.rules.1.rules.0.field' }] });
    const saved = await request('POST', '/api/segments', { name: 'Bad', rule: { kind: 'bought', from: '2024-01-01' } });
    expect(saved.statusCode).toBe(422);
  });

  it('saves, lists, updates and deletes segments', async () => {
    const created = await request('POST', '/api/segments', { name: 'Germans', rule: { field: 'language', operator: 'eq', value: 'de' } });
    const id = created.json().id as string;
    expect((await request('GET', '/api/segments')).json().map((s: { id: string }) => s.id)).toContain(id);
    const updated = await request('PUT', `/api/segments/${id}`, { name: 'English', rule: { field: 'language', operator: 'eq', value: 'en' } });
    expect(updated.json()).toMatchObject({ name: 'English', rule: { value: 'en' } });
    expect((await request('DELETE', `/api/segments/${id}`)).statusCode).toBe(204);
    expect((await request('GET', `/api/segments/${id}`)).statusCode).toBe(404);
  });

  it('ABC: classes by cumulative revenue share, recomputed after a threshold change', async () => {
    const db = database.db;
    // Ten customers, revenue 400, 200, 100, 80, 70, 50, 40, 30, 20, 10 (total 1000), one lead.
    const revenues = [400, 200, 100, 80, 70, 50, 40, 30, 20, 10];
    const ids: string[] = [];
    for (const [index, revenue] of revenues.entries()) {
      const id = await insertContact(db, `abc${index}@abc.test`, {});
      ids.push(id);
      // Two orders each, so classes come from the sum.
      await db.query(
        `INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount) VALUES ($1, $3, now(), $4), ($2, $3, now(), $4)`,
        [`ABC-${index}-1`, `ABC-${index}-2`, id, revenue / 2],
      );
    }
    const lead = await insertContact(db, 'lead@abc.test', {});
    const classes = async () => {
      const { rows } = await db.query<{ id: string; abc_class: string | null }>('SELECT id, abc_class FROM contacts WHERE id = ANY($1::uuid[])', [[...ids, lead]]);
      const byId = new Map(rows.map((row) => [row.id, row.abc_class]));
      return [...ids, lead].map((id) => byId.get(id) ?? null);
    };

    // Cumulative shares: 40, 60, 70, 78, 85, 90, 94, 97, 99, 100 %.
    const recomputed = await request('POST', '/api/abc/recompute');
    expect(recomputed.statusCode).toBe(200);
    expect(await classes()).toEqual(['A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'C', null]);
    expect(recomputed.json()).toMatchObject({ A: 4, B: 3, C: 3 });

    expect((await request('PUT', '/api/abc/thresholds', { a: 60, b: 30, c: 20 })).statusCode).toBe(422);
    expect((await request('PUT', '/api/abc/thresholds', { a: 60, b: 30, c: 10 })).statusCode).toBe(200);
    await request('POST', '/api/abc/recompute');
    expect(await classes()).toEqual(['A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'C', 'C', null]);

    const classA = await request('POST', '/api/segments/preview', { rule: { field: 'abcClass', operator: 'eq', value: 'A' } });
    expect(classA.json().count).toBe(2);
    const customers = await request('POST', '/api/segments/preview', { rule: { kind: 'customer', value: true } });
    expect(customers.json().count).toBe(10);
  });
  it('typed attributes: dates compare as dates, lists test membership; a list previews by id', async () => {
    const db = database.db;
    await db.query(`INSERT INTO attribute_definitions (key, label, type) VALUES ('joined', 'Joined', 'date'), ('interests', 'Interests', 'list')`);
    const early = await insertContact(db, 'early@typed.test', { joined: '2023-02-01', interests: ['wifi', 'routers'] });
    await insertContact(db, 'late@typed.test', { joined: '2024-11-30T10:00:00Z', interests: ['cables'] });
    await insertContact(db, 'bad.date@typed.test', { joined: 'soon', interests: 'wifi' });
    const emails = async (rule: unknown) =>
      (await request('POST', '/api/segments/preview', { rule })).json().sample.map((c: { email: string }) => c.email).filter((e: string) => e.endsWith('@typed.test')).sort();
    expect(await emails({ field: 'attributes.joined', operator: 'lt', value: '2024-01-01' })).toEqual(['early@typed.test']);
    expect(await emails({ field: 'attributes.joined', operator: 'gte', value: '2024-11-30' })).toEqual(['late@typed.test']);
    expect(await emails({ field: 'attributes.interests', operator: 'contains', value: 'wifi' })).toEqual(['early@typed.test']);
    expect(await emails({ field: 'attributes.interests', operator: 'in', value: ['cables', 'routers'] })).toEqual(['early@typed.test', 'late@typed.test']);
    // "is not wifi": late (cables only) and bad.date (a bare string, not a list holding wifi).
    expect(await emails({ op: 'and', rules: [{ field: 'email', operator: 'contains', value: '@typed.test' }, { field: 'attributes.interests', operator: 'neq', value: 'wifi' }] })).toEqual(['bad.date@typed.test', 'late@typed.test']);

    const { rows } = await db.query<{ id: string }>(`INSERT INTO contact_lists (name, source) VALUES ('Manual', 'manual') RETURNING id`);
    await db.query('INSERT INTO contact_list_members (list_id, contact_id) VALUES ($1, $2)', [rows[0]!.id, early]);
    const byList = await request('POST', '/api/segments/preview', { listId: rows[0]!.id });
    expect(byList.json()).toMatchObject({ count: 1, sample: [{ email: 'early@typed.test' }] });
    expect((await request('POST', '/api/segments/preview', { listId: '6f1c2f3e-8d9a-4b1c-9e2f-0a1b2c3d4e5f' })).statusCode).toBe(404);
    expect((await request('POST', '/api/segments/preview', {})).statusCode).toBe(422);
  });
  it("previews the audience node's flat { match, rules } with the flat compiler the audience activity runs", async () => {
    const db = database.db;
    await db.query(`INSERT INTO attribute_definitions (key, label, type) VALUES ('channels', 'Channels', 'list')`);
    await insertContact(db, 'both@flat.test', { channels: ['email', 'sms'] });
    await insertContact(db, 'bare@flat.test', { channels: 'email' });
    await insertContact(db, 'sms@flat.test', { channels: ['sms'] });
    const flat = {
      match: 'all' as const,
      rules: [
        { field: 'email', operator: 'contains' as const, value: '@flat.test' },
        { field: 'attributes.channels', operator: 'eq' as const, value: 'email' },
      ],
    };
    // What the audience activity snapshots for this node config: the same WHERE it compiles (activities/audience.ts).
    const selected = async (config: AudienceNodeConfig) => {
      const params: unknown[] = [];
      const where = await compileAudienceSelection(db, config, params);
      const { rows } = await db.query<{ email: string }>(`SELECT c.email FROM contacts c WHERE ${where} ORDER BY c.email`, params);
      return rows.map((row) => row.email);
    };
    const emails = (preview: { sample: { email: string }[] }) => preview.sample.map((contact) => contact.email).sort();

    const previewed = await request('POST', '/api/segments/preview', flat);
    expect(previewed.statusCode).toBe(200);
    expect(previewed.json().count).toBe((await selected(flat)).length);
    expect(emails(previewed.json())).toEqual(await selected(flat));
    // As a rule tree the same conditions test list membership: another audience, so another count.
    const asTree = (await request('POST', '/api/segments/preview', { rule: { op: 'and', rules: flat.rules } })).json();
    expect({ flat: emails(previewed.json()), tree: emails(asTree) }).toEqual({ flat: ['bare@flat.test'], tree: ['both@flat.test'] });

    const bad = await request('POST', '/api/segments/preview', { match: 'all', rules: [{ field: 'salary', operator: 'gt', value: 3 }, { field: 'city', operator: 'eq' }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      code: 'AUDIENCE_INVALID',
      errors: [
        { field: 'rules.0.field', message: 'names an unknown field "salary"' },
        { field: 'rules.1.value', message: 'needs a value' },
      ],
    });
    expect((await request('POST', '/api/segments/preview', { rules: [] })).json()).toMatchObject({ code: 'AUDIENCE_INVALID', errors: [{ field: 'match' }] });
    expect((await request('POST', '/api/segments/preview', { ...flat, listId: '6f1c2f3e-8d9a-4b1c-9e2f-0a1b2c3d4e5f' })).json()).toMatchObject({ code: 'PREVIEW_SOURCE' });
  });

  it("refuses to delete a segment a saved flow's audience uses (409 naming the flows), deletes it once none does", async () => {
    const segment = (await request('POST', '/api/segments', { name: 'In use', rule: { field: 'language', operator: 'eq', value: 'ro' } })).json() as { id: string };
    const other = (await request('POST', '/api/segments', { name: 'Other', rule: { field: 'language', operator: 'eq', value: 'de' } })).json() as { id: string };
    const flowOf = (audience: Record<string, unknown>) => ({
      type: FLOW_DOCUMENT_TYPE,
      version: FLOW_SCHEMA_VERSION,
      nodes: [
        { id: 'a', type: 'audience', config: audience, position: { x: 0, y: 0 } },
        { id: 'e', type: 'end', config: { finalStatus: 'completed' }, position: { x: 200, y: 0 } },
      ],
      edges: [{ id: 'e1', source: 'a', sourceHandle: 'out', target: 'e' }],
    });
    const save = async (method: 'POST' | 'PUT', url: string, name: string, audience: Record<string, unknown>) => {
      const response = await request(method, url, { name, graph: flowOf(audience) });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json() as { id: string };
    };
    const spring = await save('POST', '/api/flows', 'Spring welcome', { source: 'segment', segmentId: segment.id });
    await save('POST', '/api/flows', 'Autumn offer', { source: 'segment', segmentId: segment.id });
    await save('POST', '/api/flows', 'Unrelated', { source: 'segment', segmentId: other.id });

    const refused = await request('DELETE', `/api/segments/${segment.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({
      code: 'SEGMENT_IN_USE',
      detail: 'Segment "In use" is used by 2 flows: "Autumn offer", "Spring welcome"; change their audience first',
      errors: [
        { field: 'id', message: 'is used by flow "Autumn offer"' },
        { field: 'id', message: 'is used by flow "Spring welcome"' },
      ],
    });
    expect((await request('GET', `/api/segments/${segment.id}`)).statusCode).toBe(200);

    // Only a flow's latest version counts: once both flows draw on something else, it may go.
    await save('PUT', `/api/flows/${spring.id}`, 'Spring welcome', { match: 'all', rules: [] });
    expect((await request('DELETE', `/api/segments/${segment.id}`)).json().errors).toEqual([{ field: 'id', message: 'is used by flow "Autumn offer"' }]);
    const autumn = (await request('GET', '/api/flows')).json().find((flow: { name: string }) => flow.name === 'Autumn offer') as { id: string };
    await save('PUT', `/api/flows/${autumn.id}`, 'Autumn offer', { source: 'segment', segmentId: other.id });
    expect((await request('DELETE', `/api/segments/${segment.id}`)).statusCode).toBe(204);
    expect((await request('GET', `/api/segments/${segment.id}`)).statusCode).toBe(404);
    expect((await request('DELETE', `/api/segments/${segment.id}`)).statusCode).toBe(404);

    // …and a flow naming it again (or a contact list that does not exist) is only a draft: saved with that problem on the node, so it cannot run.
    for (const [audience, code, field] of [
      [{ source: 'segment', segmentId: segment.id }, 'UNKNOWN_SEGMENT', 'segmentId'],
      [{ source: 'list', listId: '6f1c2f3e-8d9a-4b1c-9e2f-0a1b2c3d4e5f' }, 'UNKNOWN_LIST', 'listId'],
    ] as const) {
      const draft = await request('POST', '/api/flows', { name: `Dangling ${code}`, graph: flowOf(audience) });
      expect(draft.statusCode).toBe(201);
      expect(draft.json().problems).toEqual([expect.objectContaining({ nodeId: 'a', field, code })]);
    }
  });
});
