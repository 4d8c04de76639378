import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { signInAsAdmin } from '../support/sign-in';

interface Product {
  id: string;
  code: string;
  kind: string;
  components: { productId: string; code: string; name: string; quantity: number; costAccount: string | null }[];
}

/**
 * Products, bundles, price and discount lists, and the price of a product on a day. No Temporal
 * needed. Each test starts from its group's empty tables and makes what it reads, so any one runs
 * alone or in any order.
 */
describe('products, price lists and discount lists API', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_crm_products');
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: database.db, temporal, taskQueue: 'unused' });
    await signInAsAdmin(app, database.db);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
    await database?.drop();
  });

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });
  const patch = (url: string, payload: object) => app.inject({ method: 'PATCH', url, payload });
  const get = (url: string) => app.inject({ method: 'GET', url });
  const count = async (table: string) => (await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  async function createProduct(payload: object): Promise<Product> {
    const response = await post('/api/products', payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  describe('products and bundles', () => {
    let switchProduct: Product;
    let cable: Product;
    let install: Product;

    beforeEach(async () => {
      await database.db.query('TRUNCATE products CASCADE');
    });

    /** The catalogue the bundles are made of: a switch, a cable and an installation service. */
    async function catalogue(): Promise<void> {
      switchProduct = await createProduct({ code: 'SW-24', name: '24-port switch', kind: 'product', family: 'network', costAccount: '601.1' });
      cable = await createProduct({ code: 'CAB-5', name: 'Cat6 cable 5 m', kind: 'product', family: 'network' });
      install = await createProduct({ code: 'SRV-INST', name: 'On-site installation', kind: 'service', family: 'services', unit: 'h' });
    }

    /** KIT-OFFICE: the catalogue's three items, two of them with their own cost account. */
    const officeKit = () =>
      createProduct({
        code: 'KIT-OFFICE',
        name: 'Office network kit',
        kind: 'bundle',
        family: 'network',
        components: [
          { productId: switchProduct.id, quantity: 1, costAccount: '601.1' },
          { productId: cable.id, quantity: 10 },
          { productId: install.id, quantity: 2.5, costAccount: '628' },
        ],
      });

    it('creates products and services, and refuses a code already used with 409 naming code', async () => {
      await catalogue();
      expect(switchProduct).toMatchObject({ code: 'SW-24', kind: 'product', family: 'network', unit: 'pcs', costAccount: '601.1', active: true, components: [] });

      const again = await post('/api/products', { code: 'SW-24', name: 'Another switch', kind: 'product' });
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.json()).toMatchObject({ code: 'DUPLICATE_CODE', errors: [{ field: 'code' }] });
      expect(await count('products')).toBe(3);
    });

    it('refuses an unknown kind with 422 naming kind', async () => {
      const bad = await post('/api/products', { code: 'X', name: 'X', kind: 'gadget' });
      expect(bad.statusCode).toBe(422);
      expect(JSON.stringify(bad.json().errors)).toContain('"field":"kind"');
    });

    it('creates a bundle whose components carry cost accounts, and reads them back with their names', async () => {
      await catalogue();
      const kit = await officeKit();
      const read = await get(`/api/products/${kit.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json().components).toEqual([
        { productId: cable.id, code: 'CAB-5', name: 'Cat6 cable 5 m', kind: 'product', quantity: 10, costAccount: null },
        { productId: install.id, code: 'SRV-INST', name: 'On-site installation', kind: 'service', quantity: 2.5, costAccount: '628' },
        { productId: switchProduct.id, code: 'SW-24', name: '24-port switch', kind: 'product', quantity: 1, costAccount: '601.1' },
      ]);
    });

    it('refuses components on a product that is not a bundle, writing nothing', async () => {
      await catalogue();
      const bad = await post('/api/products', { code: 'SW-48', name: '48-port switch', kind: 'product', components: [{ productId: cable.id, quantity: 1 }] });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'components' })]);
      expect((await get('/api/products?q=SW-48')).json().total).toBe(0);
    });

    it('names components[i].productId when a component does not exist, and writes neither bundle nor components', async () => {
      await catalogue();
      const before = await count('product_components');
      const bad = await post('/api/products', {
        code: 'KIT-BAD',
        name: 'Broken kit',
        kind: 'bundle',
        components: [
          { productId: cable.id, quantity: 1 },
          { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
        ],
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([{ field: 'components[1].productId', message: 'names no product' }]);
      expect((await get('/api/products?q=KIT-BAD')).json().total).toBe(0);
      expect(await count('product_components')).toBe(before);
    });

    it('refuses a component quantity of 0 naming components[0].quantity', async () => {
      await catalogue();
      const bad = await post('/api/products', { code: 'KIT-ZERO', name: 'Zero kit', kind: 'bundle', components: [{ productId: cable.id, quantity: 0 }] });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'components[0].quantity' })]);
    });

    it('refuses a bundle containing itself, directly or through nested bundles, and keeps its components', async () => {
      await catalogue();
      const inner = await createProduct({ code: 'B-INNER', name: 'Inner bundle', kind: 'bundle', components: [{ productId: cable.id, quantity: 2 }] });
      const middle = await createProduct({ code: 'B-MIDDLE', name: 'Middle bundle', kind: 'bundle', components: [{ productId: inner.id, quantity: 1 }] });
      const outer = await createProduct({ code: 'B-OUTER', name: 'Outer bundle', kind: 'bundle', components: [{ productId: middle.id, quantity: 1 }] });

      const direct = await patch(`/api/products/${inner.id}`, { components: [{ productId: inner.id, quantity: 1 }] });
      expect(direct.statusCode).toBe(422);
      expect(direct.json().errors).toEqual([expect.objectContaining({ field: 'components[0].productId' })]);

      // inner ⊂ middle ⊂ outer: putting outer inside inner would close the loop two levels down.
      const transitive = await patch(`/api/products/${inner.id}`, {
        components: [
          { productId: cable.id, quantity: 3 },
          { productId: outer.id, quantity: 1 },
        ],
      });
      expect(transitive.statusCode).toBe(422);
      expect(transitive.json()).toMatchObject({ code: 'BUNDLE_CYCLE', errors: [{ field: 'components[1].productId' }] });

      const unchanged = (await get(`/api/products/${inner.id}`)).json() as Product;
      expect(unchanged.components.map((c) => [c.code, c.quantity])).toEqual([['CAB-5', 2]]);

      // Sharing a sub-bundle is not a cycle: outer may hold inner next to middle.
      const shared = await patch(`/api/products/${outer.id}`, {
        components: [
          { productId: middle.id, quantity: 1 },
          { productId: inner.id, quantity: 2 },
        ],
      });
      expect(shared.statusCode, shared.body).toBe(200);
      expect(shared.json().components.map((c: { code: string }) => c.code)).toEqual(['B-INNER', 'B-MIDDLE']);
    });

    it('lets only one of two concurrent edits close a loop between two bundles', async () => {
      const left = await createProduct({ code: 'B-LEFT', name: 'Left', kind: 'bundle' });
      const right = await createProduct({ code: 'B-RIGHT', name: 'Right', kind: 'bundle' });
      const [a, b] = await Promise.all([
        patch(`/api/products/${left.id}`, { components: [{ productId: right.id, quantity: 1 }] }),
        patch(`/api/products/${right.id}`, { components: [{ productId: left.id, quantity: 1 }] }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 422]);
      const loop = await database.db.query(
        `SELECT 1 FROM product_components x JOIN product_components y ON x.bundle_id = y.component_id AND x.component_id = y.bundle_id`,
      );
      expect(loop.rowCount).toBe(0);
    });

    it('patches fields, refuses a code taken by another product (409), and a bundle with components turning into a product', async () => {
      await catalogue();
      const kit = await officeKit();
      const changed = await patch(`/api/products/${switchProduct.id}`, { name: '24-port managed switch', family: null, active: false });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ name: '24-port managed switch', family: null, active: false, code: 'SW-24' });

      const taken = await patch(`/api/products/${switchProduct.id}`, { code: 'CAB-5' });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().errors).toEqual([expect.objectContaining({ field: 'code' })]);

      const notABundle = await patch(`/api/products/${kit.id}`, { kind: 'product' });
      expect(notABundle.statusCode).toBe(422);
      expect(notABundle.json().errors).toEqual([expect.objectContaining({ field: 'kind' })]);
      const componentsOnProduct = await patch(`/api/products/${cable.id}`, { components: [{ productId: install.id, quantity: 1 }] });
      expect(componentsOnProduct.statusCode).toBe(422);
      expect(componentsOnProduct.json().errors).toEqual([expect.objectContaining({ field: 'components' })]);

      expect((await patch('/api/products/00000000-0000-4000-8000-000000000000', { name: 'Ghost' })).statusCode).toBe(404);
    });

    it('lists products by code with search, kind filter and paging', async () => {
      await catalogue();
      await officeKit();
      for (const code of ['B-RIGHT', 'B-LEFT']) await createProduct({ code, name: code, kind: 'bundle' });
      const bundles = (await get('/api/products?kind=bundle')).json();
      expect(bundles.items.map((p: Product) => p.code)).toEqual(['B-LEFT', 'B-RIGHT', 'KIT-OFFICE']);
      expect(bundles.total).toBe(3);

      const page = (await get('/api/products?limit=2&offset=2')).json();
      expect(page.total).toBe(6);
      expect(page.items.map((p: Product) => p.code)).toEqual(['CAB-5', 'KIT-OFFICE']);

      const search = (await get('/api/products?q=cable')).json();
      expect(search.items.map((p: Product) => p.code)).toEqual(['CAB-5']);
      expect((await get('/api/products?family=services')).json().items.map((p: Product) => p.code)).toEqual(['SRV-INST']);
      expect((await get('/api/products?kind=gadget')).statusCode).toBe(400);
      expect((await get('/api/products/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    });
  });

  describe('price lists, discount lists and price resolution', () => {
    let router: Product;
    let modem: Product;

    beforeAll(async () => {
      router = await createProduct({ code: 'RT-1', name: 'Router', kind: 'product', family: 'routers' });
      modem = await createProduct({ code: 'MD-1', name: 'Modem', kind: 'product', family: 'modems' });
    });
    beforeEach(async () => {
      await database.db.query('TRUNCATE price_lists, discount_lists CASCADE');
    });

    /**
     * Three price lists: the year 2025 (router 100, modem 40.50), a June promo inside it (router
     * 90) and one from 2026 on, open-ended (router 110).
     */
    async function priceLists(): Promise<{ yearId: string; juneId: string }> {
      const year = await post('/api/price-lists', {
        name: 'Standard 2025',
        currency: 'EUR',
        validFrom: '2025-01-01',
        validTo: '2025-12-31',
        items: [
          { productId: router.id, price: '100' },
          { productId: modem.id, price: '40.5' },
        ],
      });
      expect(year.statusCode, year.body).toBe(201);
      expect(year.json()).toMatchObject({ validFrom: '2025-01-01', validTo: '2025-12-31', currency: 'EUR', itemCount: 2 });
      expect(year.json().items).toEqual([
        { productId: modem.id, code: 'MD-1', name: 'Modem', price: '40.50' },
        { productId: router.id, code: 'RT-1', name: 'Router', price: '100.00' },
      ]);
      const june = await post('/api/price-lists', { name: 'June promo', validFrom: '2025-06-01', validTo: '2025-06-30', items: [{ productId: router.id, price: '90' }] });
      const next = await post('/api/price-lists', { name: 'Standard 2026+', validFrom: '2026-01-01', items: [{ productId: router.id, price: '110' }] });
      expect(next.json().validTo).toBeNull();
      return { yearId: year.json().id as string, juneId: june.json().id as string };
    }

    it('refuses a period ending before it starts with 422 naming validTo, and writes nothing', async () => {
      const bad = await post('/api/price-lists', { name: 'Backwards', validFrom: '2025-06-30', validTo: '2025-06-01', items: [{ productId: router.id, price: '10' }] });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'validTo' })]);
      expect(await count('price_lists')).toBe(0);
      expect(await count('price_list_items')).toBe(0);

      const badDiscount = await post('/api/discount-lists', { name: 'Backwards', validFrom: '2025-06-30', validTo: '2025-06-29' });
      expect(badDiscount.statusCode).toBe(422);
      expect(badDiscount.json().errors).toEqual([expect.objectContaining({ field: 'validTo' })]);
      expect(await count('discount_lists')).toBe(0);
    });

    it('names the item of a price list that is wrong: unknown product, negative price, fractions of a cent', async () => {
      const unknown = await post('/api/price-lists', {
        name: 'Bad items',
        validFrom: '2025-01-01',
        items: [
          { productId: router.id, price: '10' },
          { productId: '00000000-0000-4000-8000-000000000000', price: '10' },
        ],
      });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().errors).toEqual([{ field: 'items[1].productId', message: 'names no product' }]);

      const negative = await post('/api/price-lists', { name: 'Bad price', validFrom: '2025-01-01', items: [{ productId: router.id, price: '-1' }] });
      expect(negative.statusCode).toBe(422);
      expect(negative.json().errors).toEqual([expect.objectContaining({ field: 'items[0].price' })]);
      const tooPrecise = await post('/api/price-lists', { name: 'Bad price', validFrom: '2025-01-01', items: [{ productId: router.id, price: '10.005' }] });
      expect(tooPrecise.statusCode).toBe(422);
      expect(tooPrecise.json().errors).toEqual([expect.objectContaining({ field: 'items[0].price' })]);
      expect(await count('price_lists')).toBe(0);
    });

    it('resolves the price valid on a day across overlapping lists: the one that started last wins', async () => {
      const { yearId, juneId } = await priceLists();

      const price = async (query: string) => get(`/api/products/${router.id}/price?${query}`);
      expect((await price('date=2025-03-01')).json()).toMatchObject({ priceListId: yearId, price: '100.00', netPrice: '100.00', discount: null });
      expect((await price('date=2025-06-01')).json()).toMatchObject({ priceListId: juneId, price: '90.00' });
      expect((await price('date=2025-06-30')).json()).toMatchObject({ priceListName: 'June promo', price: '90.00' });
      expect((await price('date=2025-07-01')).json()).toMatchObject({ priceListName: 'Standard 2025', price: '100.00' });
      expect((await price(`date=2025-06-15&priceListId=${yearId}`)).json()).toMatchObject({ priceListId: yearId, price: '100.00' });
      expect((await price('date=2031-02-03')).json()).toMatchObject({ priceListName: 'Standard 2026+', price: '110.00', currency: 'EUR', date: '2031-02-03' });
      // The modem is only in the yearly list: the June promo does not hide it.
      expect((await get(`/api/products/${modem.id}/price?date=2025-06-15`)).json()).toMatchObject({ priceListId: yearId, price: '40.50' });

      const before = await price('date=2024-12-31');
      expect(before.statusCode).toBe(404);
      expect(before.headers['content-type']).toContain('application/problem+json');
      expect(before.json().code).toBe('NO_PRICE');
      expect((await price(`date=2025-07-01&priceListId=${juneId}`)).statusCode).toBe(404);
      expect((await get(`/api/products/${modem.id}/price?date=2026-02-01`)).statusCode).toBe(404);
      expect((await get('/api/products/00000000-0000-4000-8000-000000000000/price?date=2025-03-01')).json().code).toBe('NOT_FOUND');
      expect((await price('date=2025-13-01')).statusCode).toBe(400);
    });

    it('lists price lists valid on a day and patches one, checking the period as it will be', async () => {
      await priceLists();
      const validInJune = (await get('/api/price-lists?validOn=2025-06-15')).json();
      expect(validInJune.items.map((l: { name: string }) => l.name)).toEqual(['June promo', 'Standard 2025']);
      const june = validInJune.items[0] as { id: string };

      const backwards = await patch(`/api/price-lists/${june.id}`, { validTo: '2025-05-31' });
      expect(backwards.statusCode).toBe(422);
      expect(backwards.json().errors).toEqual([expect.objectContaining({ field: 'validTo' })]);

      const extended = await patch(`/api/price-lists/${june.id}`, { validTo: '2025-07-15', items: [{ productId: router.id, price: '85.99' }] });
      expect(extended.statusCode).toBe(200);
      expect(extended.json()).toMatchObject({ validFrom: '2025-06-01', validTo: '2025-07-15', items: [{ code: 'RT-1', price: '85.99' }] });
      expect((await get(`/api/products/${router.id}/price?date=2025-07-10`)).json()).toMatchObject({ priceListName: 'June promo', price: '85.99' });
      expect((await get(`/api/price-lists/${june.id}`)).json().items).toHaveLength(1);
      expect((await patch('/api/price-lists/00000000-0000-4000-8000-000000000000', { name: 'Ghost' })).statusCode).toBe(404);
    });

    it('names the discount item that is wrong: percent out of range, both or neither target, unknown product', async () => {
      const cases: [object, string][] = [
        [{ family: 'routers', percent: 0 }, 'items[0].percent'],
        [{ family: 'routers', percent: 100.5 }, 'items[0].percent'],
        [{ productId: router.id, family: 'routers', percent: 5 }, 'items[0].family'],
        [{ percent: 5 }, 'items[0].productId'],
        [{ productId: '00000000-0000-4000-8000-000000000000', percent: 5 }, 'items[0].productId'],
      ];
      for (const [item, field] of cases) {
        const bad = await post('/api/discount-lists', { name: 'Bad', validFrom: '2025-01-01', items: [item] });
        expect(bad.statusCode, JSON.stringify(item)).toBe(422);
        expect(bad.json().errors, JSON.stringify(item)).toEqual([expect.objectContaining({ field })]);
      }
      expect(await count('discount_lists')).toBe(0);
    });

    it('applies the best discount valid that day (product, family or quantity tier) and gives the net price', async () => {
      const { juneId } = await priceLists();
      // The June promo at 85.99 and into July: a price whose discounted amount needs rounding.
      expect((await patch(`/api/price-lists/${juneId}`, { validTo: '2025-07-15', items: [{ productId: router.id, price: '85.99' }] })).statusCode).toBe(200);
      const yearly = await post('/api/discount-lists', {
        name: 'Loyalty 2025',
        validFrom: '2025-01-01',
        validTo: '2025-12-31',
        items: [
          { productId: router.id, percent: 5 },
          { productId: router.id, percent: 15, minQuantity: 10 },
        ],
      });
      expect(yearly.statusCode, yearly.body).toBe(201);
      expect(yearly.json().items).toEqual([
        expect.objectContaining({ productCode: 'RT-1', percent: 5, minQuantity: 1, family: null }),
        expect.objectContaining({ productCode: 'RT-1', percent: 15, minQuantity: 10 }),
      ]);
      const summer = await post('/api/discount-lists', { name: 'Summer routers', validFrom: '2025-06-01', validTo: '2025-08-31', items: [{ family: 'routers', percent: 12.5 }] });
      expect(summer.statusCode).toBe(201);

      const quote = async (query: string) => (await get(`/api/products/${router.id}/price?${query}`)).json();
      // March: standard price 100, loyalty 5 % → 95.
      expect(await quote('date=2025-03-01')).toMatchObject({
        price: '100.00',
        discount: { discountListName: 'Loyalty 2025', percent: 5, appliesTo: 'product' },
        netPrice: '95.00',
        lineTotal: '95.00',
      });
      // Ten in March reach the 15 % tier.
      expect(await quote('date=2025-03-01&quantity=10')).toMatchObject({ discount: { percent: 15, minQuantity: 10 }, netPrice: '85.00', lineTotal: '850.00' });
      // June 15: June promo price 85.99, the family's 12.5 % beats the loyalty 5 % → 75.24 (75.24125 rounded).
      expect(await quote('date=2025-06-15')).toMatchObject({
        price: '85.99',
        discount: { discountListName: 'Summer routers', percent: 12.5, appliesTo: 'family' },
        netPrice: '75.24',
      });
      // September: summer discount over, back to yearly price and loyalty.
      expect(await quote('date=2025-09-01')).toMatchObject({ price: '100.00', discount: { percent: 5 }, netPrice: '95.00' });
      // 2026: no discount list is valid.
      expect(await quote('date=2026-03-01')).toMatchObject({ price: '110.00', discount: null, netPrice: '110.00' });
      // The modem has no discount of its own or its family's.
      expect((await get(`/api/products/${modem.id}/price?date=2025-06-15`)).json()).toMatchObject({ discount: null, netPrice: '40.50' });

      const validInJuly = (await get('/api/discount-lists?validOn=2025-07-01')).json();
      expect(validInJuly.items.map((l: { name: string }) => l.name)).toEqual(['Summer routers', 'Loyalty 2025']);

      const shortened = await patch(`/api/discount-lists/${summer.json().id as string}`, { validTo: '2025-06-10' });
      expect(shortened.statusCode).toBe(200);
      expect(await quote('date=2025-06-15')).toMatchObject({ discount: { discountListName: 'Loyalty 2025' } });
      expect((await get(`/api/discount-lists/${summer.json().id as string}`)).json()).toMatchObject({ validTo: '2025-06-10', itemCount: 1 });
    });
  });

  it('documents the commerce routes in the OpenAPI document', async () => {
    const doc = (await get('/docs/json')).json();
    for (const path of ['/api/products/{id}/price', '/api/price-lists/{id}', '/api/discount-lists', '/api/sales-orders/{id}', '/api/opportunities/{id}/win']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
