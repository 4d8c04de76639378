import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

const NOBODY = '00000000-0000-4000-8000-000000000000';

interface TimelineRow {
  kind: string;
  title: string;
  body: string | null;
  data: { opportunityId: string };
}

/**
 * Opportunities from opening to won or lost, with competitors, comments and the contact's
 * timeline. Each test starts with no opportunity and no timeline event, and opens the ones it
 * reads, so any one runs alone or in any order.
 */
describe('opportunities API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;
  let contactId: string;
  let companyId: string;
  let ownerId: string;
  let otherOwnerId: string;
  let routerId: string;
  let modemId: string;

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  const patch = (url: string, payload: object) => app.inject({ method: 'PATCH', url, payload });
  const get = (url: string) => app.inject({ method: 'GET', url });
  const count = async (table: string) => (await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  const timeline = async (contact: string) =>
    (await database.db.query<TimelineRow>('SELECT kind, title, body, data FROM contact_events WHERE contact_id = $1 ORDER BY id', [contact])).rows;

  async function created(url: string, payload: object): Promise<string> {
    const response = await post(url, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  }

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_opportunities');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
    contactId = await created('/api/contacts', { email: 'ion.popescu@example.test', firstName: 'Ion', lastName: 'Popescu' });
    companyId = await created('/api/companies', { name: 'Popescu Logistics', kind: 'prospect' });
    ownerId = await created('/api/users', { email: 'mara@example.test', name: 'Mara', role: 'agent' });
    otherOwnerId = await created('/api/users', { email: 'dan@example.test', name: 'Dan', role: 'agent' });
    routerId = await created('/api/products', { code: 'RT-1', name: 'Router', kind: 'product', family: 'routers' });
    modemId = await created('/api/products', { code: 'MD-1', name: 'Modem', kind: 'product', family: 'modems' });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await database.db.query('TRUNCATE opportunities, contact_events CASCADE');
  });

  describe('opening', () => {
    it('refuses an opportunity with nobody to sell to, an unknown owner or product, and writes nothing', async () => {
      const nobody = await post('/api/opportunities', { title: 'Lonely deal' });
      expect(nobody.statusCode).toBe(422);
      expect(nobody.json().errors).toEqual([expect.objectContaining({ field: 'contactId' })]);

      const unknown = await post('/api/opportunities', {
        title: 'Ghost deal',
        contactId: NOBODY,
        ownerId: NOBODY,
        products: [
          { productId: routerId, quantity: 1, amount: '100' },
          { productId: NOBODY, quantity: 1, amount: '100' },
        ],
      });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual(['contactId', 'ownerId', 'products[1].productId']);

      const badValues = await post('/api/opportunities', { title: 'Odd deal', contactId, stage: 'won', probability: 120 });
      expect(badValues.statusCode).toBe(422);
      expect(badValues.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['probability', 'stage']);

      expect(await count('opportunities')).toBe(0);
      expect(await count('opportunity_products')).toBe(0);
      expect(await count('contact_events')).toBe(0);
    });

    it('opens at qualification, derives the expected revenue from its products, and puts it on the contact timeline', async () => {
      const response = await post('/api/opportunities', {
        title: 'Network upgrade',
        contactId,
        companyId,
        ownerId,
        expectedCloseDate: '2025-09-30',
        products: [
          { productId: routerId, quantity: 10, amount: '1000' },
          { productId: modemId, quantity: 5, amount: '202.50' },
        ],
      });
      expect(response.statusCode, response.body).toBe(201);
      const opportunity = response.json();
      expect(opportunity).toMatchObject({
        title: 'Network upgrade',
        stage: 'qualification',
        probability: 25,
        expectedRevenue: '1202.50',
        expectedRevenueSource: 'products',
        weightedRevenue: '300.63',
        expectedCloseDate: '2025-09-30',
        actualRevenue: null,
        orderId: null,
        closedAt: null,
      });
      expect(opportunity.products).toEqual([
        expect.objectContaining({ productCode: 'MD-1', productName: 'Modem', family: 'modems', quantity: 5, amount: '202.50' }),
        expect.objectContaining({ productCode: 'RT-1', productName: 'Router', family: 'routers', quantity: 10, amount: '1000.00' }),
      ]);
      expect(opportunity).toMatchObject({ competitors: [], comments: [] });

      expect(await timeline(contactId)).toEqual([
        { kind: 'opportunity_created', title: 'Opportunity opened: Network upgrade', body: null, data: { opportunityId: opportunity.id } },
      ]);
      // The contact's timeline in the API shows it too.
      const events = (await get(`/api/contacts/${contactId}/events`)).json().items;
      expect(events).toEqual([expect.objectContaining({ kind: 'opportunity_created', title: 'Opportunity opened: Network upgrade' })]);
    });

    it('keeps an entered expected revenue and the given stage and probability; a company-only deal writes no contact event', async () => {
      const before = await count('contact_events');
      const response = await post('/api/opportunities', {
        title: 'Fleet tracking',
        companyId,
        ownerId: otherOwnerId,
        stage: 'proposal',
        probability: 60,
        expectedRevenue: '5000',
        products: [{ family: 'trackers', quantity: 20, amount: '4000' }],
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({
        contactId: null,
        stage: 'proposal',
        probability: 60,
        expectedRevenue: '5000.00',
        expectedRevenueSource: 'entered',
        weightedRevenue: '3000.00',
        products: [{ productId: null, family: 'trackers', quantity: 20, amount: '4000.00' }],
      });
      expect(await count('contact_events')).toBe(before);
    });
  });

  describe('working an open opportunity', () => {
    let id: string;

    beforeEach(async () => {
      id = await created('/api/opportunities', { title: 'Branch office kit', contactId, ownerId, stage: 'prospecting', products: [{ productId: routerId, quantity: 1, amount: '100' }] });
    });

    it('starts prospecting at the stage probability of 10 %', async () => {
      expect((await get(`/api/opportunities/${id}`)).json()).toMatchObject({ stage: 'prospecting', probability: 10, expectedRevenue: '100.00', weightedRevenue: '10.00' });
    });

    it('moves stage, probability, products and close date; a derived revenue follows the products, an entered one stays', async () => {
      const moved = await patch(`/api/opportunities/${id}`, {
        stage: 'negotiation',
        probability: 80,
        expectedCloseDate: '2025-10-15',
        products: [
          { productId: routerId, quantity: 3, amount: '300' },
          { productId: modemId, quantity: 3, amount: '120' },
        ],
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ stage: 'negotiation', probability: 80, expectedCloseDate: '2025-10-15', expectedRevenue: '420.00', weightedRevenue: '336.00' });
      expect(moved.json().products).toHaveLength(2);

      const entered = await patch(`/api/opportunities/${id}`, { expectedRevenue: '450', products: [{ productId: routerId, quantity: 1, amount: '100' }] });
      expect(entered.json()).toMatchObject({ expectedRevenue: '450.00', expectedRevenueSource: 'entered' });
      const derivedAgain = await patch(`/api/opportunities/${id}`, { expectedRevenue: null, expectedCloseDate: null });
      expect(derivedAgain.json()).toMatchObject({ expectedRevenue: '100.00', expectedRevenueSource: 'products', expectedCloseDate: null });
    });

    it('refuses closing stages, out-of-range probability and unknown owners or products on PATCH, changing nothing', async () => {
      const won = await patch(`/api/opportunities/${id}`, { stage: 'won' });
      expect(won.statusCode).toBe(422);
      expect(won.json().errors).toEqual([expect.objectContaining({ field: 'stage' })]);
      expect((await patch(`/api/opportunities/${id}`, { probability: -1 })).json().errors).toEqual([expect.objectContaining({ field: 'probability' })]);
      const unknown = await patch(`/api/opportunities/${id}`, { probability: 90, ownerId: NOBODY, products: [{ productId: NOBODY, quantity: 1, amount: '1' }] });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual(['ownerId', 'products[0].productId']);
      expect((await get(`/api/opportunities/${id}`)).json()).toMatchObject({ stage: 'prospecting', probability: 10, products: [{ productCode: 'RT-1' }] });
      expect((await patch(`/api/opportunities/${NOBODY}`, { probability: 50 })).statusCode).toBe(404);
    });

    it('records competitors with strengths and weaknesses', async () => {
      const first = await post(`/api/opportunities/${id}/competitors`, { name: 'NetCorp', strengths: 'Cheaper hardware', weaknesses: 'No local support' });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ name: 'NetCorp', strengths: 'Cheaper hardware', weaknesses: 'No local support', companyId: null });
      await post(`/api/opportunities/${id}/competitors`, { name: 'AlphaLink', strengths: 'Incumbent', companyId });
      const bad = await post(`/api/opportunities/${id}/competitors`, { name: 'Ghost', companyId: NOBODY });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'companyId' })]);
      expect((await post(`/api/opportunities/${id}/competitors`, { strengths: 'Nameless' })).json().errors).toEqual([expect.objectContaining({ field: 'name' })]);

      const listed = (await get(`/api/opportunities/${id}/competitors`)).json().items;
      expect(listed.map((c: { name: string }) => c.name)).toEqual(['AlphaLink', 'NetCorp']);
      expect(listed[0]).toMatchObject({ companyId, weaknesses: null });
      expect((await get(`/api/opportunities/${id}`)).json().competitors).toHaveLength(2);
    });

    it('keeps comments by several salespeople in the order they were written', async () => {
      expect((await post(`/api/opportunities/${id}/comments`, { author: 'Mara', body: 'Customer wants a demo next week.' })).statusCode).toBe(201);
      expect((await post(`/api/opportunities/${id}/comments`, { author: 'Dan', body: 'Demo booked for Tuesday.' })).statusCode).toBe(201);
      expect((await post(`/api/opportunities/${id}/comments`, { author: 'Mara', body: 'Demo went well; sending the proposal.' })).statusCode).toBe(201);
      expect((await post(`/api/opportunities/${id}/comments`, { author: 'Mara' })).json().errors).toEqual([expect.objectContaining({ field: 'body' })]);

      const comments = (await get(`/api/opportunities/${id}/comments`)).json().items as { author: string; body: string; createdAt: string }[];
      expect(comments.map((c) => [c.author, c.body])).toEqual([
        ['Mara', 'Customer wants a demo next week.'],
        ['Dan', 'Demo booked for Tuesday.'],
        ['Mara', 'Demo went well; sending the proposal.'],
      ]);
      expect(Date.parse(comments[0]!.createdAt)).toBeLessThanOrEqual(Date.parse(comments[1]!.createdAt));
      const detail = (await get(`/api/opportunities/${id}`)).json();
      expect(detail.comments.map((c: { author: string }) => c.author)).toEqual(['Mara', 'Dan', 'Mara']);
      expect((await get(`/api/opportunities/${NOBODY}/comments`)).statusCode).toBe(404);
    });
  });

  describe('closing', () => {
    let orderId: string;

    beforeAll(async () => {
      orderId = await created('/api/sales-orders', {
        orderNumber: 'SO-9001',
        contactId,
        orderedAt: '2025-09-20',
        lines: [
          { productId: routerId, quantity: 10, amount: '950' },
          { productId: modemId, quantity: 5, amount: '200' },
        ],
      });
    });

    it('wins only with an order that exists, naming orderId or orderNumber, and changes nothing when refused', async () => {
      const id = await created('/api/opportunities', { title: 'Warehouse wifi', contactId, products: [{ productId: routerId, quantity: 10, amount: '1000' }] });
      const eventsBefore = await count('contact_events');

      const noOrder = await post(`/api/opportunities/${id}/win`, {});
      expect(noOrder.statusCode).toBe(422);
      expect(noOrder.json().errors).toEqual([expect.objectContaining({ field: 'orderId' })]);
      const unknownNumber = await post(`/api/opportunities/${id}/win`, { orderNumber: 'SO-404' });
      expect(unknownNumber.statusCode).toBe(422);
      expect(unknownNumber.json().errors).toEqual([{ field: 'orderNumber', message: 'names no sales order' }]);
      const unknownId = await post(`/api/opportunities/${id}/win`, { orderId: NOBODY });
      expect(unknownId.statusCode).toBe(422);
      expect(unknownId.json().errors).toEqual([{ field: 'orderId', message: 'names no sales order' }]);
      expect((await get(`/api/opportunities/${id}`)).json()).toMatchObject({ stage: 'qualification', orderId: null, closedAt: null });
      expect(await count('contact_events')).toBe(eventsBefore);

      const won = await post(`/api/opportunities/${id}/win`, { orderNumber: 'SO-9001' });
      expect(won.statusCode, won.body).toBe(200);
      expect(won.json()).toMatchObject({ stage: 'won', probability: 100, orderId, orderNumber: 'SO-9001', actualRevenue: '1150.00', lossReason: null });
      expect(won.json().closedAt).toEqual(expect.any(String));

      const rows = await timeline(contactId);
      expect(rows.at(-1)).toEqual({ kind: 'opportunity_won', title: 'Opportunity won: Warehouse wifi', body: 'Order SO-9001', data: { opportunityId: id } });
    });

    it('refuses every change to a won opportunity with 409', async () => {
      const id = await created('/api/opportunities', { title: 'Store cameras', contactId });
      expect((await post(`/api/opportunities/${id}/win`, { orderId })).statusCode).toBe(200);

      const attempts = [
        await patch(`/api/opportunities/${id}`, { probability: 50 }),
        await post(`/api/opportunities/${id}/win`, { orderId }),
        await post(`/api/opportunities/${id}/lose`, { reason: 'Changed our mind' }),
        await post(`/api/opportunities/${id}/competitors`, { name: 'Late rival' }),
        await post(`/api/opportunities/${id}/comments`, { author: 'Dan', body: 'Too late' }),
      ];
      for (const attempt of attempts) {
        expect(attempt.statusCode, attempt.body).toBe(409);
        expect(attempt.json().code).toBe('OPPORTUNITY_CLOSED');
      }
      expect((await get(`/api/opportunities/${id}`)).json()).toMatchObject({ stage: 'won', probability: 100, competitors: [], comments: [] });
    });

    it('closes once when a win and a loss race: the other is refused with 409', async () => {
      const id = await created('/api/opportunities', { title: 'Racing deal', companyId });
      const [won, lost] = await Promise.all([post(`/api/opportunities/${id}/win`, { orderId }), post(`/api/opportunities/${id}/lose`, { reason: 'Budget cut' })]);
      expect([won.statusCode, lost.statusCode].sort()).toEqual([200, 409]);
      const final = (await get(`/api/opportunities/${id}`)).json();
      expect(final.stage).toBe(won.statusCode === 200 ? 'won' : 'lost');
    });

    it('loses only with a reason, records it on the opportunity and the timeline, then refuses changes with 409', async () => {
      const id = await created('/api/opportunities', { title: 'Call centre headsets', contactId, stage: 'proposal' });

      const noReason = await post(`/api/opportunities/${id}/lose`, {});
      expect(noReason.statusCode).toBe(422);
      expect(noReason.json().errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      const blank = await post(`/api/opportunities/${id}/lose`, { reason: '   ' });
      expect(blank.statusCode).toBe(422);
      expect(blank.json().errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      expect((await get(`/api/opportunities/${id}`)).json().stage).toBe('proposal');

      const lost = await post(`/api/opportunities/${id}/lose`, { reason: 'Competitor was 20 % cheaper' });
      expect(lost.statusCode).toBe(200);
      expect(lost.json()).toMatchObject({ stage: 'lost', probability: 0, lossReason: 'Competitor was 20 % cheaper', orderId: null });
      expect((await timeline(contactId)).at(-1)).toEqual({
        kind: 'opportunity_lost',
        title: 'Opportunity lost: Call centre headsets',
        body: 'Competitor was 20 % cheaper',
        data: { opportunityId: id },
      });

      expect((await patch(`/api/opportunities/${id}`, { stage: 'negotiation' })).statusCode).toBe(409);
      expect((await post(`/api/opportunities/${id}/win`, { orderId })).statusCode).toBe(409);
      expect((await post(`/api/opportunities/${NOBODY}/lose`, { reason: 'x' })).statusCode).toBe(404);
    });

    it("shows the whole story on the contact's timeline, newest first", async () => {
      const wifi = await created('/api/opportunities', { title: 'Warehouse wifi', contactId });
      expect((await post(`/api/opportunities/${wifi}/win`, { orderId })).statusCode).toBe(200);
      const headsets = await created('/api/opportunities', { title: 'Call centre headsets', contactId });
      expect((await post(`/api/opportunities/${headsets}/lose`, { reason: 'Too expensive' })).statusCode).toBe(200);
      const events = (await get(`/api/contacts/${contactId}/events`)).json().items as { kind: string; title: string }[];
      expect(events.map((e) => [e.kind, e.title])).toEqual([
        ['opportunity_lost', 'Opportunity lost: Call centre headsets'],
        ['opportunity_created', 'Opportunity opened: Call centre headsets'],
        ['opportunity_won', 'Opportunity won: Warehouse wifi'],
        ['opportunity_created', 'Opportunity opened: Warehouse wifi'],
      ]);
    });
  });

  describe('listing', () => {
    it('filters by stage, contact, company and owner, newest first, with paging', async () => {
      // Five deals, oldest first: open ones at three stages, one won and one lost.
      await created('/api/opportunities', { title: 'Network upgrade', contactId, companyId, ownerId });
      await created('/api/opportunities', { title: 'Fleet tracking', companyId, ownerId: otherOwnerId, stage: 'proposal' });
      await created('/api/opportunities', { title: 'Branch office kit', contactId, ownerId, stage: 'negotiation' });
      const orderId = await created('/api/sales-orders', { orderNumber: 'SO-LIST', contactId, orderedAt: '2025-09-20', lines: [{ family: 'wifi', quantity: 1, amount: '10' }] });
      const wifi = await created('/api/opportunities', { title: 'Warehouse wifi', contactId });
      expect((await post(`/api/opportunities/${wifi}/win`, { orderId })).statusCode).toBe(200);
      const headsets = await created('/api/opportunities', { title: 'Call centre headsets', contactId });
      expect((await post(`/api/opportunities/${headsets}/lose`, { reason: 'Too expensive' })).statusCode).toBe(200);

      const titles = async (query: string) => ((await get(`/api/opportunities?${query}`)).json().items as { title: string }[]).map((o) => o.title);
      const all = (await get('/api/opportunities')).json();
      expect(all.total).toBe(5);
      expect(all.items[0]).toMatchObject({ title: 'Call centre headsets' });
      expect(all.items[0]).not.toHaveProperty('comments');

      expect(await titles(`stage=won&contactId=${contactId}`)).toEqual(['Warehouse wifi']);
      expect(await titles(`stage=lost&contactId=${contactId}`)).toEqual(['Call centre headsets']);
      expect(await titles(`companyId=${companyId}`)).toEqual(['Fleet tracking', 'Network upgrade']);
      expect(await titles(`ownerId=${otherOwnerId}`)).toEqual(['Fleet tracking']);
      expect(await titles(`ownerId=${ownerId}&stage=negotiation`)).toEqual(['Branch office kit']);
      expect((await get(`/api/opportunities?contactId=${contactId}`)).json().total).toBe(4);

      const page = (await get('/api/opportunities?limit=2&offset=2')).json();
      expect(page.total).toBe(5);
      expect(page.items.map((o: { title: string }) => o.title)).toEqual(['Branch office kit', 'Fleet tracking']);
      expect((await get('/api/opportunities?stage=closed')).statusCode).toBe(400);
    });
  });
});
