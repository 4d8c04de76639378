import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { suppressedAddresses } from '../../db/suppressions';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

/**
 * The suppression list needs no Temporal: the client points at a closed port and is never called.
 * Each test starts from an empty list and writes what it reads, so any one runs alone or in any order.
 */
describe('suppression list API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_suppressions');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  const add = (payload: object) => app.inject({ method: 'POST', url: '/api/suppressions', payload });
  const check = (channel: string, address: string) =>
    app.inject({ method: 'GET', url: `/api/suppressions/check?channel=${channel}&address=${encodeURIComponent(address)}` });
  const count = async () => Number((await database.db.query<{ n: string }>('SELECT count(*) AS n FROM suppressions')).rows[0]!.n);

  beforeEach(async () => {
    await database.db.query('DELETE FROM suppressions');
  });

  /** The list the reading tests look at: six entries on every channel, as people would add them. */
  async function listSix(): Promise<void> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/suppressions/bulk',
      payload: {
        items: [
          { channel: 'email', address: 'Ana.Pop@Example.TEST', reason: 'bounce', note: 'hard bounce 550' },
          { channel: 'sms', address: '0040 (721) 000-111', reason: 'unsubscribe' },
          { channel: 'phone', address: '+40721000111', reason: 'legal' },
          { channel: 'email', address: 'ok1@example.test', reason: 'unsubscribe' },
          { channel: 'email', address: 'ok2@example.test', reason: 'complaint', note: 'spam report' },
          { channel: 'letter', address: 'Str. Lungă 5, Cluj', reason: 'legal' },
        ],
      },
    });
    expect(response.json()).toEqual({ created: 6, alreadySuppressed: 0 });
  }

  it('normalises e-mail to lower case and phone numbers to +digits, and answers an address already listed with 200 and the existing entry', async () => {
    const email = await add({ channel: 'email', address: '  Ana.Pop@Example.TEST ', reason: 'bounce', note: 'hard bounce 550' });
    expect(email.statusCode).toBe(201);
    expect(email.json()).toMatchObject({ channel: 'email', address: 'ana.pop@example.test', reason: 'bounce', note: 'hard bounce 550' });

    const again = await add({ channel: 'email', address: 'ANA.POP@example.test', reason: 'complaint' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(email.json());

    const phone = await add({ channel: 'sms', address: '0040 (721) 000-111', reason: 'unsubscribe' });
    expect(phone.statusCode).toBe(201);
    expect(phone.json().address).toBe('+40721000111');
    expect((await add({ channel: 'sms', address: '+40 721 000 111', reason: 'manual' })).statusCode).toBe(200);
    // The same number on another channel is another entry: no SMS does not mean no calls.
    expect((await add({ channel: 'phone', address: '+40721000111', reason: 'legal' })).statusCode).toBe(201);
    expect(await count()).toBe(3);
  });

  it('refuses an invalid address naming the field, and writes nothing', async () => {
    const badEmail = await add({ channel: 'email', address: 'not-an-email', reason: 'manual' });
    expect(badEmail.statusCode).toBe(422);
    expect(badEmail.headers['content-type']).toContain('application/problem+json');
    expect(badEmail.json().errors).toEqual([expect.objectContaining({ field: 'address' })]);

    // A national number (leading 0) has no country code: refused rather than guessed.
    const national = await add({ channel: 'sms', address: '0721 000 111', reason: 'manual' });
    expect(national.statusCode).toBe(422);
    expect(national.json().errors).toEqual([expect.objectContaining({ field: 'address' })]);

    const badReason = await add({ channel: 'email', address: 'x@example.test', reason: 'because' });
    expect(badReason.statusCode).toBe(422);
    expect(JSON.stringify(badReason.json().errors)).toContain('reason');
    expect(await count()).toBe(0);
  });

  it('adds many at once, all or nothing, naming every bad items[i].address', async () => {
    expect((await add({ channel: 'email', address: 'ana.pop@example.test', reason: 'bounce' })).statusCode).toBe(201);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/suppressions/bulk',
      payload: {
        items: [
          { channel: 'email', address: 'ok1@example.test', reason: 'unsubscribe' },
          { channel: 'email', address: 'broken@', reason: 'unsubscribe' },
          { channel: 'sms', address: '12', reason: 'manual' },
        ],
      },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((error: { field: string }) => error.field)).toEqual(['items[1].address', 'items[2].address']);
    expect(await count()).toBe(1);

    const accepted = await app.inject({
      method: 'POST',
      url: '/api/suppressions/bulk',
      payload: {
        items: [
          { channel: 'email', address: 'Ok1@Example.test', reason: 'unsubscribe' },
          { channel: 'email', address: 'ok2@example.test', reason: 'complaint', note: 'spam report' },
          { channel: 'email', address: 'OK2@example.test', reason: 'complaint' },
          { channel: 'email', address: 'ana.pop@example.test', reason: 'manual' },
          { channel: 'letter', address: '  Str. Lungă 5,\n  Cluj  ', reason: 'legal' },
        ],
      },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ created: 3, alreadySuppressed: 2 });
    expect(await count()).toBe(4);
    expect((await check('letter', 'str. lungă 5, cluj')).json()).toMatchObject({ suppressed: true, reason: 'legal' });
  });

  it('checks an address as it would be sent to, with the reason', async () => {
    await listSix();
    const listed = await check('email', 'ANA.POP@example.test');
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({ suppressed: true, address: 'ana.pop@example.test', reason: 'bounce' });
    expect(listed.json().since).toEqual(expect.any(String));

    expect((await check('sms', '+40 721 000 111')).json()).toMatchObject({ suppressed: true, reason: 'unsubscribe' });
    expect((await check('email', 'someone.else@example.test')).json()).toEqual({ suppressed: false, address: 'someone.else@example.test' });

    const invalid = await check('email', 'nope');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors).toEqual([expect.objectContaining({ field: 'address' })]);
    const noChannel = await app.inject({ method: 'GET', url: '/api/suppressions/check?address=a@b.test' });
    expect(noChannel.statusCode).toBe(400);
    expect(JSON.stringify(noChannel.json().errors)).toContain('channel');
  });

  it('pages through the list newest first, by channel and by a piece of the address', async () => {
    await listSix();
    const first = await app.inject({ method: 'GET', url: '/api/suppressions?limit=4' });
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(4);
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const second = await app.inject({ method: 'GET', url: `/api/suppressions?limit=4&after=${first.json().nextCursor}` });
    expect(second.json().items).toHaveLength(2);
    expect(second.json().nextCursor).toBeNull();

    const all = [...first.json().items, ...second.json().items] as { id: string; address: string; createdAt: string }[];
    expect(new Set(all.map((item) => item.id)).size).toBe(6);
    const times = all.map((item) => Date.parse(item.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const emails = (await app.inject({ method: 'GET', url: '/api/suppressions?channel=email' })).json().items as { address: string }[];
    expect(emails.map((item) => item.address).sort()).toEqual(['ana.pop@example.test', 'ok1@example.test', 'ok2@example.test']);
    const searched = (await app.inject({ method: 'GET', url: '/api/suppressions?q=OK' })).json().items as { address: string }[];
    expect(searched.map((item) => item.address).sort()).toEqual(['ok1@example.test', 'ok2@example.test']);
    // LIKE wildcards in q are taken literally.
    expect((await app.inject({ method: 'GET', url: '/api/suppressions?q=%25' })).json().items).toEqual([]);

    const badCursor = await app.inject({ method: 'GET', url: '/api/suppressions?after=garbage' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors).toEqual([expect.objectContaining({ field: 'after' })]);
  });

  it('takes an address off the list', async () => {
    await listSix();
    const listed = (await check('phone', '+40721000111')).json();
    expect(listed.suppressed).toBe(true);
    const entry = (await app.inject({ method: 'GET', url: '/api/suppressions?channel=phone' })).json().items[0] as { id: string };
    const removed = await app.inject({ method: 'DELETE', url: `/api/suppressions/${entry.id}` });
    expect(removed.statusCode).toBe(204);
    expect((await check('phone', '+40721000111')).json().suppressed).toBe(false);
    expect((await app.inject({ method: 'DELETE', url: `/api/suppressions/${entry.id}` })).statusCode).toBe(404);
  });

  it('tells the send step which of its addresses are suppressed, keyed as it gave them', async () => {
    await listSix();
    const email = await suppressedAddresses(database.db, 'email', ['Ana.Pop@example.test', 'fresh@example.test', 'ok2@EXAMPLE.test', 'not an address']);
    expect([...email.entries()].sort()).toEqual([
      ['Ana.Pop@example.test', 'bounce'],
      ['ok2@EXAMPLE.test', 'complaint'],
    ]);
    const sms = await suppressedAddresses(database.db, 'sms', ['+40 721 000 111', '+40721000112']);
    expect([...sms.entries()]).toEqual([['+40 721 000 111', 'unsubscribe']]);
    expect((await suppressedAddresses(database.db, 'phone', [])).size).toBe(0);
  });
});
