import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

const NOBODY = '00000000-0000-4000-8000-000000000000';

/**
 * Sales orders entered through the API: one transaction per order, every bad field named. Each
 * test starts with no order on file and records the ones it reads, so any one runs alone or in
 * any order.
 */
describe('sales orders API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;
  let contactId: string;
  let companyId: string;
  let storeId: string;
  let routerId: string;

  const post = (payload: object) => app.inject({ method: 'POST', url: '/api/sales-orders', payload });
  const get = (url: string) => app.inject({ method: 'GET', url });
  const count = async (table: string) => (await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  async function created(url: string, payload: object): Promise<string> {
    const response = await app.inject({ method: 'POST', url, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  }

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_sales');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
    contactId = await created('/api/contacts', { email: 'ana@example.test', firstName: 'Ana' });
    companyId = await created('/api/companies', { name: 'Acme SRL', kind: 'client' });
    storeId = await created('/api/stores', { code: 'CLJ', name: 'Cluj' });
    routerId = await created('/api/products', { code: 'RT-1', name: 'Router', kind: 'product', family: 'routers' });
    await created('/api/products', { code: 'MD-1', name: 'Modem', kind: 'product', family: 'modems' });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await database.db.query('TRUNCATE sales_orders CASCADE');
  });

  /** SO-1001: Ana's order in the Cluj store, one line by product id, one by code, one by family. */
  const order1001 = () => ({
    orderNumber: 'SO-1001',
    contactId,
    storeId,
    orderedAt: '2025-03-14',
    lines: [
      { productId: routerId, quantity: 2, amount: '199.80' },
      { productCode: 'MD-1', quantity: 1, amount: '40.5' },
      { family: 'accessories', quantity: 3, amount: '15' },
    ],
  });
  /** SO-BAD: the number a refused order leaves free, taken by Ana's one-line order of 1 April. */
  const orderBad = () => ({ orderNumber: 'SO-BAD', contactId, orderedAt: '2025-04-01', lines: [{ productId: routerId, quantity: 1, amount: '99.90' }] });

  it('records an order with lines by product id, by product code and by family alone, and totals them', async () => {
    const response = await post(order1001());
    expect(response.statusCode, response.body).toBe(201);
    const order = response.json();
    expect(order).toMatchObject({ orderNumber: 'SO-1001', contactId, companyId: null, storeId, orderedAt: '2025-03-14', currency: 'EUR', total: '255.30', lineCount: 3 });
    expect(order.lines).toEqual([
      { lineNo: 1, productId: routerId, productCode: 'RT-1', productName: 'Router', family: 'routers', quantity: 2, amount: '199.80' },
      { lineNo: 2, productId: expect.any(String), productCode: 'MD-1', productName: 'Modem', family: 'modems', quantity: 1, amount: '40.50' },
      { lineNo: 3, productId: null, productCode: null, productName: null, family: 'accessories', quantity: 3, amount: '15.00' },
    ]);

    const read = await get(`/api/sales-orders/${order.id as string}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(order);
  });

  it('refuses a second order with the same number with 409 naming orderNumber, writing no line', async () => {
    expect((await post(order1001())).statusCode).toBe(201);
    const lines = await count('sales_lines');
    const again = await post({ orderNumber: 'SO-1001', companyId, orderedAt: '2025-03-15', lines: [{ productId: routerId, quantity: 1, amount: '99.90' }] });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({ code: 'DUPLICATE_ORDER_NUMBER', errors: [{ field: 'orderNumber' }] });
    expect(await count('sales_orders')).toBe(1);
    expect(await count('sales_lines')).toBe(lines);
  });

  it('takes an order number once when two requests race for it', async () => {
    const order = (n: number) => ({ orderNumber: 'SO-RACE', contactId, orderedAt: '2025-04-02', lines: [{ productId: routerId, quantity: n, amount: '1' }] });
    const results = await Promise.all([post(order(1)), post(order(2))]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const { rows } = await database.db.query(`SELECT count(*)::int AS n FROM sales_lines l JOIN sales_orders o ON o.id = l.order_id WHERE o.order_number = 'SO-RACE'`);
    expect(rows[0]).toEqual({ n: 1 });
    await database.db.query(`DELETE FROM sales_orders WHERE order_number = 'SO-RACE'`);
  });

  it('names every bad line field and writes nothing of the order', async () => {
    const bad = await post({
      orderNumber: 'SO-BAD',
      contactId,
      orderedAt: '2025-04-01',
      lines: [
        { productId: routerId, quantity: 1, amount: '99.90' },
        { productCode: 'NOPE', quantity: 1, amount: '10' },
        { productId: NOBODY, quantity: 1, amount: '10' },
        { productId: routerId, productCode: 'RT-1', quantity: 1, amount: '10' },
        { quantity: 1, amount: '10' },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'lines[1].productCode',
      'lines[2].productId',
      'lines[3].productCode',
      'lines[4].productId',
    ]);
    expect(await count('sales_orders')).toBe(0);
    expect(await count('sales_lines')).toBe(0);
    // The number was not taken by the refused order.
    expect((await post(orderBad())).statusCode).toBe(201);
  });

  it('names malformed line values from the schema: zero quantity, negative or over-precise amount, unknown field', async () => {
    const bad = await post({
      orderNumber: 'SO-SCHEMA',
      contactId,
      orderedAt: '2025-04-01',
      lines: [
        { productId: routerId, quantity: 0, amount: '1' },
        { productId: routerId, quantity: 1, amount: '-5' },
        { productId: routerId, quantity: 1, amount: '1.999' },
        { productId: routerId, quantity: 1, amount: '1', colour: 'red' },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['lines[0].quantity', 'lines[1].amount', 'lines[2].amount', 'lines[3].colour']);
    expect((await post({ orderNumber: 'SO-EMPTY', contactId, orderedAt: '2025-04-01', lines: [] })).json().errors).toEqual([expect.objectContaining({ field: 'lines' })]);
    expect((await post({ orderNumber: 'SO-DATE', contactId, orderedAt: '2025-02-30', lines: [{ family: 'x', quantity: 1, amount: '1' }] })).json().errors).toEqual([
      expect.objectContaining({ field: 'orderedAt' }),
    ]);
    expect(await count('sales_orders')).toBe(0);
  });

  it('requires a buyer and names an unknown contact, company or store', async () => {
    const line = [{ productId: routerId, quantity: 1, amount: '1' }];
    const noBuyer = await post({ orderNumber: 'SO-X', orderedAt: '2025-04-01', lines: line });
    expect(noBuyer.statusCode).toBe(422);
    expect(noBuyer.json().errors).toEqual([expect.objectContaining({ field: 'contactId' })]);

    const unknown = await post({ orderNumber: 'SO-X', contactId: NOBODY, companyId: NOBODY, storeId: NOBODY, orderedAt: '2025-04-01', lines: line });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual(['contactId', 'companyId', 'storeId']);
    expect(await count('sales_orders')).toBe(0);
  });

  it('lists orders newest first, filtered by contact, company and an inclusive date range, with paging', async () => {
    for (const order of [order1001(), orderBad()]) expect((await post(order)).statusCode).toBe(201);
    await post({ orderNumber: 'SO-2001', companyId, orderedAt: '2025-05-31', currency: 'RON', lines: [{ productId: routerId, quantity: 1, amount: '500' }] });
    await post({ orderNumber: 'SO-2002', companyId, contactId, orderedAt: '2025-06-01', lines: [{ productCode: 'MD-1', quantity: 4, amount: '160' }] });

    const all = (await get('/api/sales-orders')).json();
    expect(all.total).toBe(4);
    expect(all.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual(['SO-2002', 'SO-2001', 'SO-BAD', 'SO-1001']);
    expect(all.items[1]).toMatchObject({ currency: 'RON', total: '500.00', lineCount: 1 });

    const byContact = (await get(`/api/sales-orders?contactId=${contactId}`)).json();
    expect(byContact.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual(['SO-2002', 'SO-BAD', 'SO-1001']);
    const byCompany = (await get(`/api/sales-orders?companyId=${companyId}`)).json();
    expect(byCompany.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual(['SO-2002', 'SO-2001']);
    const may = (await get('/api/sales-orders?from=2025-04-01&to=2025-05-31')).json();
    expect(may.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual(['SO-2001', 'SO-BAD']);
    expect((await get(`/api/sales-orders?storeId=${storeId}`)).json().total).toBe(1);

    const page = (await get('/api/sales-orders?limit=2&offset=1')).json();
    expect(page).toMatchObject({ total: 4 });
    expect(page.items.map((o: { orderNumber: string }) => o.orderNumber)).toEqual(['SO-2001', 'SO-BAD']);

    expect((await get('/api/sales-orders?from=yesterday')).statusCode).toBe(400);
    expect((await get(`/api/sales-orders/${NOBODY}`)).statusCode).toBe(404);
  });
});
