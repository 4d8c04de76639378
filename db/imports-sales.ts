import type { ImportLineError } from './import-jobs';
import { inTransaction, type Db } from './pool';

/** One checked line of a sales file: one sales line, grouped into orders by `orderNumber`. */
export interface StagedSale {
  line: number;
  orderNumber: string;
  customerCode?: string;
  email?: string;
  orderedAt: string;
  productCode?: string;
  family?: string;
  quantity: number;
  amount: number;
  storeCode?: string;
}

const BATCH = 1_000;

/** A staged column that must name a row already on file, and the message when it does not. */
const REFERENCES = [
  ['customerCode', 'customer_code', `NOT EXISTS (SELECT 1 FROM contacts c WHERE c.customer_code = s.customer_code)`, 'is not the code of a known customer'],
  ['email', 'email', `NOT EXISTS (SELECT 1 FROM contacts c WHERE lower(c.email) = lower(s.email))`, 'is not the e-mail of a known contact'],
  ['productCode', 'product_code', `NOT EXISTS (SELECT 1 FROM products p WHERE p.code = s.product_code)`, 'is not a known product code'],
  ['storeCode', 'store_code', `NOT EXISTS (SELECT 1 FROM stores t WHERE t.code = s.store_code)`, 'is not a known store code'],
  ['orderNumber', 'order_number', `EXISTS (SELECT 1 FROM sales_orders o WHERE o.order_number = s.order_number)`, 'is an order already on file'],
] as const;

class UnknownReferences extends Error {
  constructor(readonly errors: ImportLineError[]) {
    super('unknown references');
  }
}

/**
 * Write sales lines as orders in ONE transaction: stage the lines, check in SQL that every
 * customer, product and store they name exists (each miss reported with its line), then insert
 * one order per order number (total = sum of its lines) and its lines in file order.
 */
export async function writeSales(db: Db, rows: StagedSale[]): Promise<{ errors: ImportLineError[] } | { orders: number; lines: number }> {
  try {
    return await inTransaction(db, async (client) => {
      await client.query(`CREATE TEMP TABLE import_sales (line integer, order_number text, customer_code text, email text,
        ordered_at date, product_code text, family text, quantity numeric, amount numeric, store_code text) ON COMMIT DROP`);
      for (let start = 0; start < rows.length; start += BATCH) {
        await client.query(
          `INSERT INTO import_sales SELECT line, "orderNumber", "customerCode", email, "orderedAt"::date, "productCode",
             family, quantity, amount, "storeCode"
           FROM jsonb_to_recordset($1::jsonb) AS r(line integer, "orderNumber" text, "customerCode" text, email text,
             "orderedAt" text, "productCode" text, family text, quantity numeric, amount numeric, "storeCode" text)`,
          [JSON.stringify(rows.slice(start, start + BATCH))],
        );
      }
      const errors: ImportLineError[] = [];
      for (const [field, column, missing, message] of REFERENCES) {
        const { rows: bad } = await client.query<{ line: number; value: string }>(
          `SELECT line, ${column} AS value FROM import_sales s WHERE ${column} IS NOT NULL AND ${missing} ORDER BY line`,
        );
        errors.push(...bad.map(({ line, value }) => ({ line, column: field, value, message })));
      }
      if (errors.length > 0) throw new UnknownReferences(errors.sort((a, b) => a.line - b.line));
      const orders = await client.query(`INSERT INTO sales_orders (order_number, contact_id, store_id, ordered_at, total_amount)
        SELECT s.order_number, min(c.id::text)::uuid, min(t.id::text)::uuid, min(s.ordered_at), sum(s.amount)
        FROM import_sales s
        JOIN contacts c ON c.customer_code = s.customer_code OR (s.customer_code IS NULL AND lower(c.email) = lower(s.email))
        LEFT JOIN stores t ON t.code = s.store_code
        GROUP BY s.order_number`);
      const lines = await client.query(`INSERT INTO sales_lines (order_id, line_no, product_id, family, quantity, amount)
        SELECT o.id, row_number() OVER (PARTITION BY s.order_number ORDER BY s.line), p.id,
          coalesce(s.family, p.family), s.quantity, s.amount
        FROM import_sales s JOIN sales_orders o ON o.order_number = s.order_number
        LEFT JOIN products p ON p.code = s.product_code`);
      return { orders: orders.rowCount ?? 0, lines: lines.rowCount ?? 0 };
    });
  } catch (error) {
    if (error instanceof UnknownReferences) return { errors: error.errors };
    throw error;
  }
}
