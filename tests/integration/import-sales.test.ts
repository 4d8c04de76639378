import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { uploadFile } from '../support/upload';
import { signInAsAdmin } from '../support/sign-in';

const HEADER = 'orderNumber,customerCode,email,orderedAt,productCode,family,quantity,amount,storeCode';

/**
 * Sales history files: lines grouped into orders, every unknown code reported by line. Each test
 * starts with no sales on file, so any one runs alone or in any order.
 */
describe('sales import', () => {
  let database: TestDatabase;
  let temporal: Client;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('cs_import_sales');
    await database.db.query(`INSERT INTO contacts (email, customer_code) VALUES ('a@example.test', 'K-1'), ('b@example.test', NULL)`);
    await database.db.query(`INSERT INTO products (code, name, kind, family) VALUES ('SW-24', 'Switch 24', 'product', 'network'), ('SUP', 'Support', 'service', 'services')`);
    await database.db.query(`INSERT INTO stores (code, name) VALUES ('CLJ', 'Cluj')`);
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
    await database.db.query('TRUNCATE sales_orders CASCADE');
  });

  const salesCount = async () => (await database.db.query<{ n: string }>('SELECT count(*) AS n FROM sales_lines')).rows[0]?.n;

  it('reports unknown customer, product and store codes with their lines, writing nothing', async () => {
    const csv = [HEADER, 'O-1,K-1,,2026-03-01,SW-24,,2,200,CLJ', 'O-2,K-404,,2026-03-02,SW-24,,1,100,', 'O-3,,b@example.test,2026-03-03,NOPE,,1,5,XXX'].join('\n');
    const job = (await uploadFile(app, '/api/imports/sales?wait=true', csv)).json();
    expect(job).toMatchObject({ status: 'failed', errorCount: 3 });
    expect(job.report.errors).toEqual([
      { line: 3, column: 'customerCode', value: 'K-404', message: 'is not the code of a known customer' },
      { line: 4, column: 'productCode', value: 'NOPE', message: 'is not a known product code' },
      { line: 4, column: 'storeCode', value: 'XXX', message: 'is not a known store code' },
    ]);
    expect(await salesCount()).toBe('0');
  });

  it('reports a wrong date and a bad amount by line and column', async () => {
    const job = (await uploadFile(app, '/api/imports/sales?wait=true', [HEADER, 'O-1,K-1,,01/03/2026,SW-24,,2,lots,'].join('\n'))).json();
    expect(job.report.errors.map(({ line, column }: { line: number; column: string }) => ({ line, column }))).toEqual([
      { line: 2, column: 'orderedAt' },
      { line: 2, column: 'amount' },
    ]);
    expect(await salesCount()).toBe('0');
  });

  it('groups lines into orders with their totals, by customer code or e-mail', async () => {
    const csv = [HEADER, 'O-1,K-1,,2026-03-01,SW-24,,2,200,CLJ', 'O-1,K-1,,2026-03-01,SUP,,1,50.5,CLJ', 'O-2,,B@example.test,2026-03-05,SUP,,1,10,'].join('\n');
    const job = (await uploadFile(app, '/api/imports/sales?wait=true', csv)).json();
    expect(job).toMatchObject({ status: 'completed', insertedRows: 3, report: { message: '2 orders with 3 lines imported' } });
    const orders = await database.db.query(`SELECT o.order_number, c.email, o.total_amount::text AS total, s.code AS store,
        array_agg(l.family || ':' || l.line_no ORDER BY l.line_no) AS lines
      FROM sales_orders o JOIN contacts c ON c.id = o.contact_id LEFT JOIN stores s ON s.id = o.store_id
      JOIN sales_lines l ON l.order_id = o.id GROUP BY o.id, c.email, s.code ORDER BY o.order_number`);
    expect(orders.rows).toEqual([
      { order_number: 'O-1', email: 'a@example.test', total: '250.50', store: 'CLJ', lines: ['network:1', 'services:2'] },
      { order_number: 'O-2', email: 'b@example.test', total: '10.00', store: null, lines: ['services:1'] },
    ]);

    // The same orders again are duplicate keys: reported, nothing written twice.
    const again = (await uploadFile(app, '/api/imports/sales?wait=true', csv)).json();
    expect(again.status).toBe('failed');
    expect(again.report.errors[0]).toMatchObject({ line: 2, column: 'orderNumber', message: 'is an order already on file' });
    expect(await salesCount()).toBe('3');
  });
  it('reads a file under its own column names through the mapping, ignoring a column, and names unknown codes by those names', async () => {
    const header = 'Invoice,Customer No,Date,Article,Qty,Total,Cashier';
    const mapping = JSON.stringify({ Invoice: 'orderNumber', 'Customer No': 'customerCode', Date: 'orderedAt', Article: 'productCode', Qty: 'quantity', Total: 'amount', Cashier: 'ignore' });
    const refused = (await uploadFile(app, '/api/imports/sales?wait=true', [header, 'M-1,K-404,2026-04-01,SW-24,1,100,Ann'].join('\n'), { mapping })).json();
    expect(refused.report.errors).toEqual([{ line: 2, column: 'Customer No', value: 'K-404', message: 'is not the code of a known customer' }]);

    const job = (await uploadFile(app, '/api/imports/sales?wait=true', [header, 'M-1,K-1,2026-04-01,SW-24,1,100,Ann', 'M-1,K-1,2026-04-01,SUP,2,30,Ann'].join('\n'), { mapping })).json();
    expect(job).toMatchObject({ status: 'completed', insertedRows: 2, report: { message: '1 order with 2 lines imported' } });
    const { rows } = await database.db.query(`SELECT o.order_number, o.total_amount::text AS total, o.store_id FROM sales_orders o WHERE o.order_number = 'M-1'`);
    expect(rows).toEqual([{ order_number: 'M-1', total: '130.00', store_id: null }]);
  });

  it('names a column mapped to an unknown field', async () => {
    const mapping = JSON.stringify({ Invoice: 'orderNumber', Day: 'date' });
    const job = (await uploadFile(app, '/api/imports/sales?wait=true', 'Invoice,Day\nM-9,2026-04-01\n', { mapping })).json();
    expect(job.report.errors[0]).toEqual({ line: 1, column: 'Day', value: null, message: 'is mapped to unknown field "date"' });
    expect(await salesCount()).toBe('0');
  });
});
