import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { compileAudienceRules } from '../../db/audience-sql';
import { countContacts } from '../../db/contacts';
import { compileSegmentRule } from '../../db/segments/compile-segment';
import { loadAttributeTypes } from '../../db/segments/typed-attributes';
import type { SegmentRule } from '../../flow/segment-rule';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';
import { signInAsAdmin } from '../support/sign-in';

/**
 * The definitions the contact writes and the indexes are checked against: one of each type, the
 * list's options as the definitions tests leave them.
 */
const DEFINITIONS = [
  { key: 'shoeSize', label: 'Shoe size', type: 'number' },
  { key: 'joined', label: 'Joined', type: 'date' },
  { key: 'decisionMaker', label: 'Decision maker', type: 'boolean' },
  { key: 'colour', label: 'Favourite colour', type: 'string' },
  { key: 'interests', label: 'Interests', type: 'list', options: ['wifi', 'routers', 'cables', 'switches'] },
];

/**
 * Typed custom attributes: definitions, their expression indexes, and the checks on every contact
 * write. Each test starts from no contact and its group's definitions (`startOver`), so any one
 * runs alone or in any order.
 */
describe('custom attribute definitions and typed contact attributes', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_attributes');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  const fields = (response: { json(): { errors?: { field: string }[] } }) => (response.json().errors ?? []).map((error) => error.field);
  /** No contact, and exactly these definitions (dropped and declared through the API, indexes and all). */
  async function startOver(definitions: object[]): Promise<void> {
    await database.db.query('TRUNCATE contacts CASCADE');
    for (const { key } of (await send('GET', '/api/attribute-definitions')).json().items as { key: string }[]) {
      expect((await send('DELETE', `/api/attribute-definitions/${key}`)).statusCode).toBe(204);
    }
    for (const definition of definitions) expect((await send('POST', '/api/attribute-definitions', definition)).statusCode).toBe(201);
  }
  const indexesOnContacts = async () =>
    (await database.db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'contacts' AND indexname LIKE 'contacts\\_attr\\_%' ORDER BY indexname`)).rows.map(
      (row) => row.indexname,
    );

  describe('definitions', () => {
    beforeEach(() => startOver([]));

    it('creates typed definitions, lists them by key, and indexes number and date ones only', async () => {
      const shoe = await send('POST', '/api/attribute-definitions', { key: 'shoeSize', label: 'Shoe size', type: 'number' });
      expect(shoe.statusCode).toBe(201);
      expect(shoe.json()).toMatchObject({ key: 'shoeSize', label: 'Shoe size', type: 'number', options: null });
      expect(new Date(shoe.json().createdAt).getFullYear()).toBeGreaterThan(2000);
      for (const definition of [
        { key: 'joined', label: 'Joined', type: 'date' },
        { key: 'decisionMaker', label: 'Decision maker', type: 'boolean' },
        { key: 'colour', label: 'Favourite colour', type: 'string' },
        { key: 'interests', label: 'Interests', type: 'list', options: ['wifi', 'routers', 'cables'] },
      ]) {
        expect((await send('POST', '/api/attribute-definitions', definition)).statusCode).toBe(201);
      }
      const listed = (await send('GET', '/api/attribute-definitions')).json().items;
      expect(listed.map((item: { key: string }) => item.key)).toEqual(['colour', 'decisionMaker', 'interests', 'joined', 'shoeSize']);
      expect(listed.find((item: { key: string }) => item.key === 'interests').options).toEqual(['wifi', 'routers', 'cables']);
      expect(await indexesOnContacts()).toEqual(['contacts_attr_joined', 'contacts_attr_shoeSize']);
    });

    it('refuses a repeated key (409 naming key), a bad key, and options that do not fit the type (422)', async () => {
      await startOver(DEFINITIONS);
      const again = await send('POST', '/api/attribute-definitions', { key: 'shoeSize', label: 'Again', type: 'string' });
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(again.json()).toMatchObject({ code: 'DUPLICATE_KEY', errors: [{ field: 'key' }] });

      expect(fields(await send('POST', '/api/attribute-definitions', { key: 'shoe size', label: 'X', type: 'number' }))).toEqual(['key']);
      expect(fields(await send('POST', '/api/attribute-definitions', { key: 'size', label: 'X', type: 'decimal' }))).toEqual(['type']);
      const noOptions = await send('POST', '/api/attribute-definitions', { key: 'tier', label: 'Tier', type: 'list' });
      expect(noOptions.statusCode).toBe(422);
      expect(fields(noOptions)).toEqual(['options']);
      expect(fields(await send('POST', '/api/attribute-definitions', { key: 'tier', label: 'Tier', type: 'list', options: [] }))).toEqual(['options']);
      expect(fields(await send('POST', '/api/attribute-definitions', { key: 'tier', label: 'Tier', type: 'list', options: ['gold', 'silver', 'gold'] }))).toEqual(['options[2]']);
      expect(fields(await send('POST', '/api/attribute-definitions', { key: 'age', label: 'Age', type: 'number', options: ['1'] }))).toEqual(['options']);
      const keys = (await send('GET', '/api/attribute-definitions')).json().items.map((item: { key: string }) => item.key);
      expect(keys).not.toContain('tier');
      expect(keys).not.toContain('age');
    });

    it('updates label and options, never the type, and answers 404 for an unknown key', async () => {
      await startOver(DEFINITIONS.map((definition) => (definition.key === 'interests' ? { ...definition, options: ['wifi', 'routers', 'cables'] } : definition)));
      const relabelled = await send('PUT', '/api/attribute-definitions/shoeSize', { label: 'Shoe size (EU)', type: 'number' });
      expect(relabelled.statusCode).toBe(200);
      expect(relabelled.json()).toMatchObject({ key: 'shoeSize', label: 'Shoe size (EU)', type: 'number' });

      const retyped = await send('PUT', '/api/attribute-definitions/shoeSize', { type: 'string' });
      expect(retyped.statusCode).toBe(422);
      expect(fields(retyped)).toEqual(['type']);

      const options = await send('PUT', '/api/attribute-definitions/interests', { options: ['wifi', 'routers', 'cables', 'switches'] });
      expect(options.json()).toMatchObject({ label: 'Interests', options: ['wifi', 'routers', 'cables', 'switches'] });
      expect(fields(await send('PUT', '/api/attribute-definitions/interests', { options: [] }))).toEqual(['options']);
      expect(fields(await send('PUT', '/api/attribute-definitions/colour', { options: ['blue'] }))).toEqual(['options']);
      expect((await send('PUT', '/api/attribute-definitions/nothing', { label: 'x' })).statusCode).toBe(404);
    });

    it('deletes a definition with its index; an unknown key is 404', async () => {
      expect((await send('POST', '/api/attribute-definitions', { key: 'visitedOn', label: 'Visited on', type: 'date' })).statusCode).toBe(201);
      expect(await indexesOnContacts()).toContain('contacts_attr_visitedOn');
      const deleted = await send('DELETE', '/api/attribute-definitions/visitedOn');
      expect(deleted.statusCode).toBe(204);
      expect(await indexesOnContacts()).not.toContain('contacts_attr_visitedOn');
      expect((await send('DELETE', '/api/attribute-definitions/visitedOn')).statusCode).toBe(404);
    });
  });

  describe('checks on contact writes', () => {
    beforeEach(() => startOver(DEFINITIONS));

    it('stores declared attributes in their typed form and keeps undeclared ones as given', async () => {
      const created = await send('POST', '/api/contacts', {
        email: 'typed@example.test',
        attributes: { shoeSize: 42.5, joined: '2024-02-29', decisionMaker: false, colour: 'blue', interests: 'wifi', notes: { any: ['shape', 1] } },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().attributes).toEqual({
        shoeSize: 42.5,
        joined: '2024-02-29',
        decisionMaker: false,
        colour: 'blue',
        // A single option is stored as the list it is.
        interests: ['wifi'],
        notes: { any: ['shape', 1] },
      });
      const listed = await send('POST', '/api/contacts', { email: 'list@example.test', attributes: { interests: ['routers', 'cables'] } });
      expect(listed.json().attributes).toEqual({ interests: ['routers', 'cables'] });
    });

    it('refuses a value of the wrong type, naming attributes.<key>, and writes nothing', async () => {
      const before = await countContacts(database.db);
      const cases: [string, unknown, string][] = [
        ['shoeSize', '42', 'must be a number'],
        ['joined', '2023-02-29', 'must be a date written YYYY-MM-DD'],
        ['joined', '01/02/2024', 'must be a date written YYYY-MM-DD'],
        ['decisionMaker', 'yes', 'must be true or false'],
        ['colour', 7, 'must be text'],
        ['interests', 'modems', 'must be one of: wifi, routers, cables, switches'],
        ['interests', ['wifi', 'modems'], 'must be one of: wifi, routers, cables, switches'],
      ];
      for (const [key, value, message] of cases) {
        const refused = await send('POST', '/api/contacts', { email: `bad-${key}@example.test`, attributes: { [key]: value } });
        expect(refused.statusCode, `${key}: ${JSON.stringify(value)}`).toBe(422);
        expect(refused.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: `attributes.${key}`, message }] });
      }
      const both = await send('POST', '/api/contacts', { email: 'both@example.test', attributes: { shoeSize: 'big', decisionMaker: 1 } });
      expect(fields(both)).toEqual(['attributes.shoeSize', 'attributes.decisionMaker']);
      expect(await countContacts(database.db)).toBe(before);
    });

    it('PATCH checks the same way, merges attributes, and removes one set to null', async () => {
      const contact = (await send('POST', '/api/contacts', { email: 'patch-attr@example.test', attributes: { shoeSize: 40, colour: 'red', legacy: 'x' } })).json();
      const refused = await send('PATCH', `/api/contacts/${contact.id}`, { attributes: { shoeSize: 'forty-one' } });
      expect(refused.statusCode).toBe(422);
      expect(fields(refused)).toEqual(['attributes.shoeSize']);
      expect((await send('GET', `/api/contacts/${contact.id}`)).json().attributes).toEqual({ shoeSize: 40, colour: 'red', legacy: 'x' });

      const patched = await send('PATCH', `/api/contacts/${contact.id}`, { attributes: { shoeSize: 41, legacy: null, joined: '2020-01-31' } });
      expect(patched.statusCode).toBe(200);
      expect(patched.json().attributes).toEqual({ shoeSize: 41, colour: 'red', joined: '2020-01-31' });
    });

    it('bulk: names contacts[i].attributes.<key> for every bad row and writes none of the batch', async () => {
      const before = await countContacts(database.db);
      const contacts: Record<string, unknown>[] = Array.from({ length: 6 }, (_, i) => ({ email: `bulk-attr-${i}@example.test`, attributes: { shoeSize: 36 + i } }));
      contacts[3] = { email: 'bulk-attr-3@example.test', attributes: { shoeSize: 'XL' } };
      contacts[5] = { email: 'bulk-attr-5@example.test', attributes: { joined: '2024-13-01', interests: ['cables'] } };
      const refused = await send('POST', '/api/contacts/bulk', { contacts });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors).toEqual([
        { field: 'contacts[3].attributes.shoeSize', message: 'must be a number' },
        { field: 'contacts[5].attributes.joined', message: 'must be a date written YYYY-MM-DD' },
      ]);
      expect(await countContacts(database.db)).toBe(before);

      contacts[3] = { email: 'bulk-attr-3@example.test', attributes: { shoeSize: 39 } };
      contacts[5] = { email: 'bulk-attr-5@example.test', attributes: { joined: '2024-12-01', interests: 'cables' } };
      expect((await send('POST', '/api/contacts/bulk', { contacts })).statusCode).toBe(201);
      const { rows } = await database.db.query(`SELECT attributes FROM contacts WHERE email = 'bulk-attr-5@example.test'`);
      expect(rows).toEqual([{ attributes: { joined: '2024-12-01', interests: ['cables'] } }]);
    });

    it('CSV import: bad typed cells are reported by line and column, and nothing is written', async () => {
      const before = await countContacts(database.db);
      const csv = [
        'email,attributes.shoeSize,attributes.decisionMaker,attributes.interests,attributes.joined',
        'csv-1@example.test,41,yes,wifi|routers,2021-05-01',
        'csv-2@example.test,0x2A,no,,',
        'csv-3@example.test,,maybe,modems,',
        'csv-4@example.test,39,1,cables,2021-02-30',
      ].join('\n');
      const job = (await uploadFile(app, '/api/imports/contacts?wait=true', csv)).json();
      expect(job.status).toBe('failed');
      expect(job.report.errors).toEqual([
        { line: 3, column: 'attributes.shoeSize', value: '0x2A', message: 'must be a number' },
        { line: 4, column: 'attributes.decisionMaker', value: 'maybe', message: 'must be true, false, yes, no, 1 or 0' },
        { line: 4, column: 'attributes.interests', value: 'modems', message: 'must be one of: wifi, routers, cables, switches' },
        { line: 5, column: 'attributes.joined', value: '2021-02-30', message: 'must be a date written YYYY-MM-DD' },
      ]);
      expect(await countContacts(database.db)).toBe(before);
    });

    it('CSV import: good cells are stored typed (numbers, yes/no/1/0 booleans, option lists)', async () => {
      const csv = [
        'email,attributes.shoeSize,attributes.decisionMaker,attributes.interests,attributes.source',
        'csv-a@example.test,41.5,Yes,wifi|routers,fair',
        'csv-b@example.test,-2,0,cables,',
      ].join('\n');
      const job = (await uploadFile(app, '/api/imports/contacts?wait=true', csv)).json();
      expect(job).toMatchObject({ status: 'completed', insertedRows: 2 });
      const { rows } = await database.db.query(`SELECT email, attributes FROM contacts WHERE email LIKE 'csv-_@example.test' ORDER BY email`);
      expect(rows).toEqual([
        { email: 'csv-a@example.test', attributes: { shoeSize: 41.5, decisionMaker: true, interests: ['wifi', 'routers'], source: 'fair' } },
        { email: 'csv-b@example.test', attributes: { shoeSize: -2, decisionMaker: false, interests: ['cables'] } },
      ]);
    });
  });

  describe('indexes', () => {
    const CONTACTS = 4_000;
    /** The WHERE clause the segment compiler builds for `rule`, and its parameters. */
    const compile = async (rule: SegmentRule) => {
      const params: unknown[] = [];
      const where = compileSegmentRule(rule, params, await loadAttributeTypes(database.db));
      return { where, params };
    };
    const plan = async (where: string, params: unknown[]) =>
      (await database.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT c.id FROM contacts c WHERE ${where}`, params)).rows.map((row) => row['QUERY PLAN']).join('\n');
    const count = async (where: string, params: unknown[]) =>
      Number((await database.db.query<{ n: string }>(`SELECT count(*) AS n FROM contacts c WHERE ${where}`, params)).rows[0]!.n);

    beforeAll(async () => {
      await startOver(DEFINITIONS);
      // Shoe sizes 30..79 and join dates over 2000 days; every 10th contact has neither.
      await database.db.query(
        `INSERT INTO contacts (email, attributes)
         SELECT 'bulk-' || g || '@index.test',
                CASE WHEN g % 10 = 0 THEN '{}'::jsonb
                     ELSE jsonb_build_object('shoeSize', 30 + g % 50, 'joined', to_char(date '2019-01-01' + g % 2000, 'YYYY-MM-DD')) END
         FROM generate_series(1, $1::int) AS g`,
        [CONTACTS],
      );
      // One red, a rare value: an index beats reading the table.
      await database.db.query(`INSERT INTO contacts (email, attributes) VALUES ('red@index.test', '{"colour": "red"}')`);
      await database.db.query('ANALYZE contacts');
    });

    it('a selective number range uses the shoeSize expression index, and counts what a scan counts', async () => {
      const { where, params } = await compile({ field: 'attributes.shoeSize', operator: 'gte', value: 79 });
      expect(await plan(where, params)).toMatch(/(Bitmap Index Scan on|Index Scan using) "contacts_attr_shoeSize"/);
      const scanned = await database.db.query<{ n: string }>(`SELECT count(*) AS n FROM contacts WHERE (attributes ->> 'shoeSize')::numeric >= 79 AND jsonb_typeof(attributes -> 'shoeSize') = 'number'`);
      expect(await count(where, params)).toBe(Number(scanned.rows[0]!.n));
      expect(await count(where, params)).toBeGreaterThan(0);
    });

    it('a selective date range inside a group uses the joined index; NOT stays two-valued', async () => {
      const rule: SegmentRule = { op: 'and', rules: [{ field: 'attributes.joined', operator: 'lt', value: '2019-01-05' }, { field: 'language', operator: 'eq', value: 'en' }] };
      const { where, params } = await compile(rule);
      expect(await plan(where, params)).toMatch(/(Bitmap Index Scan on|Index Scan using) contacts_attr_joined/);
      const early = await count(where, params);
      expect(early).toBeGreaterThan(0);

      // Contacts without the attribute are NOT "joined before": the negation selects them.
      const negated = await compile({ op: 'not', rule: { field: 'attributes.joined', operator: 'lt', value: '2019-01-05' } });
      expect(await count(negated.where, negated.params)).toBe((await countContacts(database.db)) - early);
    });

    it('equality and list membership have the GIN containment index (through the audience rules)', async () => {
      const { rows } = await database.db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'contacts_attributes_gin'`);
      expect(rows[0]?.indexdef).toMatch(/USING gin \(attributes jsonb_path_ops\)/);
      const params: unknown[] = [];
      // A rare value (the one red contact), so an index beats reading the table.
      const where = compileAudienceRules({ match: 'all', rules: [{ field: 'attributes.colour', operator: 'eq', value: 'red' }] }, params);
      expect(await plan(where, params)).toMatch(/Bitmap Index Scan on contacts_attributes_gin/);
      expect(await count(where, params)).toBe(1);
    });

    it('a segment equality uses the GIN containment index too, and its negation stays two-valued', async () => {
      const { where, params } = await compile({ op: 'and', rules: [{ field: 'attributes.colour', operator: 'eq', value: 'red' }] });
      expect(await plan(where, params)).toMatch(/Bitmap Index Scan on contacts_attributes_gin/);
      expect(await count(where, params)).toBe(1);
      const negated = await compile({ op: 'not', rule: { field: 'attributes.colour', operator: 'eq', value: 'red' } });
      expect(await count(negated.where, negated.params)).toBe((await countContacts(database.db)) - 1);
    });
  });
});
