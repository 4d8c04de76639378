import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';
import { signInAsAdmin } from '../support/sign-in';

interface ListItem {
  id: string;
  name: string;
  source: string;
  memberCount: number;
  createdAt: string;
}

/**
 * Seed 004: the audience node picks a list made from a customer-code file, by name and size.
 * Each test starts with the four contacts and no list, so any one runs alone or in any order.
 */
describe('contact lists API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_contact_lists');
    await database.db.query(`INSERT INTO contacts (email, customer_code) VALUES
      ('k1@lists.test', 'K-1'), ('k2@lists.test', 'K-2'), ('k3@lists.test', 'K-3'), ('k4@lists.test', 'K-4')`);
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
    await database.db.query('TRUNCATE contact_lists CASCADE');
  });

  it('lists nothing before any list exists', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/contact-lists' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [] });
  });

  it('lists a customer-code list and a manual one, newest first, each with its member count', async () => {
    const { rows } = await database.db.query<{ id: string }>(
      `INSERT INTO contact_lists (name, source, created_at) VALUES ('Fair visitors', 'manual', now() - interval '1 day') RETURNING id`,
    );
    const manualId = rows[0]!.id;
    await database.db.query(`INSERT INTO contact_list_members (list_id, contact_id) SELECT $1, id FROM contacts WHERE customer_code = 'K-4'`, [manualId]);

    const upload = await uploadFile(app, '/api/imports/customer-codes', 'K-1\nK-3\nK-404\n', {}, 'spring-codes.txt');
    expect(upload.statusCode).toBe(201);
    const codesListId = upload.json().listId as string;

    const response = await app.inject({ method: 'GET', url: '/api/contact-lists' });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as ListItem[];
    expect(items.map((item) => ({ id: item.id, source: item.source, memberCount: item.memberCount }))).toEqual([
      { id: codesListId, source: 'customer_codes', memberCount: 2 },
      { id: manualId, source: 'manual', memberCount: 1 },
    ]);
    expect(items[1]!.name).toBe('Fair visitors');
    expect(new Date(items[0]!.createdAt).getTime()).toBeGreaterThan(new Date(items[1]!.createdAt).getTime());

    // The count the inspector shows next to the list agrees with the audience preview of it.
    const preview = await app.inject({ method: 'POST', url: '/api/segments/preview', payload: { listId: codesListId } });
    expect(preview.json().count).toBe(items[0]!.memberCount);
  });

  it('reads one list by id; an unknown id is 404 problem+json, a malformed one 400', async () => {
    const { rows } = await database.db.query<{ id: string }>(`INSERT INTO contact_lists (name, source) VALUES ('Empty', 'manual') RETURNING id`);
    const one = await app.inject({ method: 'GET', url: `/api/contact-lists/${rows[0]!.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: rows[0]!.id, name: 'Empty', source: 'manual', memberCount: 0 });

    const missing = await app.inject({ method: 'GET', url: '/api/contact-lists/6f1c2f3e-8d9a-4b1c-9e2f-0a1b2c3d4e5f' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' });

    const malformed = await app.inject({ method: 'GET', url: '/api/contact-lists/not-a-uuid' });
    expect(malformed.statusCode).toBe(400);
  });
});
