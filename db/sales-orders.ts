import type { Db, DbClient, Queryable } from './pool';
import { conflict, invalid, refusableTransaction, refuse, type FieldProblem, type Outcome } from './write-refusal';


/** One line: a product by id or by code, or only a family (a product group); or both. */
export interface SalesLineInput {
  productId?: string;
  productCode?: string;
  /** Defaults to the product's family. */
  family?: string;
  quantity: number;
  /** Line amount (money string). */
  amount: string;
}

export interface SalesOrderInput {
  orderNumber: string;
  contactId?: string;
  companyId?: string;
  storeId?: string;
  /** YYYY-MM-DD */
  orderedAt: string;
  currency?: string;
  lines: SalesLineInput[];
}

export interface SalesOrder {
  id: string;
  orderNumber: string;
  contactId: string | null;
  companyId: string | null;
  storeId: string | null;
  orderedAt: string;
  currency: string;
  /** Sum of the line amounts. */
  total: string;
  lineCount: number;
  createdAt: Date;
}

export interface SalesLine {
  lineNo: number;
  productId: string | null;
  productCode: string | null;
  productName: string | null;
  family: string | null;
  quantity: number;
  amount: string;
}

export interface SalesOrderDetail extends SalesOrder {
  lines: SalesLine[];
}

// Dates go in as `date` and come out in the session's zone, like the CSV import writes them, so a
// day written is the day read back.
const ORDER_COLUMNS = `o.id, o.order_number AS "orderNumber", o.contact_id AS "contactId", o.company_id AS "companyId",
  o.store_id AS "storeId", to_char(o.ordered_at, 'YYYY-MM-DD') AS "orderedAt", o.currency, o.total_amount::text AS total,
  (SELECT count(*)::int FROM sales_lines l WHERE l.order_id = o.id) AS "lineCount", o.created_at AS "createdAt"`;

/** What a line resolves to once its product reference is checked. */
interface ResolvedLine {
  productId: string | null;
  family: string | null;
  quantity: number;
  amount: string;
}

/**
 * Write an order and its lines in one transaction. Every reference is checked first and every
 * bad one reported (`contactId`, `lines[2].productCode`, ...); a refused order writes nothing.
 * The total is the sum of the lines.
 */
export async function createSalesOrder(db: Db, input: SalesOrderInput): Promise<Outcome<SalesOrderDetail>> {
  return refusableTransaction(db, async (client) => {
    const problems = await partyProblems(client, input);
    const lines = await resolveLines(client, input.lines, problems);
    if (problems.length > 0) refuse(invalid(problems));

    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO sales_orders (order_number, contact_id, company_id, store_id, ordered_at, currency, total_amount)
       VALUES ($1, $2, $3, $4, $5::date, coalesce($6, 'EUR'), (SELECT coalesce(sum(a), 0) FROM unnest($7::numeric[]) AS a))
       ON CONFLICT (order_number) DO NOTHING RETURNING id`,
      [input.orderNumber, input.contactId ?? null, input.companyId ?? null, input.storeId ?? null, input.orderedAt, input.currency ?? null, lines.map((line) => line.amount)],
    );
    const id = rows[0]?.id;
    if (id === undefined) {
      refuse(conflict('DUPLICATE_ORDER_NUMBER', `An order numbered ${input.orderNumber} already exists`, [{ field: 'orderNumber', message: 'is already used by another order' }]));
    }
    await client.query(
      `INSERT INTO sales_lines (order_id, line_no, product_id, family, quantity, amount)
       SELECT $1, l.n, l."productId", l.family, l.quantity, l.amount
       FROM jsonb_to_recordset($2::jsonb) AS l(n integer, "productId" uuid, family text, quantity numeric, amount numeric)`,
      [id, JSON.stringify(lines.map((line, i) => ({ n: i + 1, ...line })))],
    );
    return (await getSalesOrder(client, id))!;
  });
}

/** The buyer must be named (a contact, a company or both) and, like the store, exist. */
async function partyProblems(client: DbClient, input: SalesOrderInput): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (input.contactId === undefined && input.companyId === undefined) problems.push({ field: 'contactId', message: 'give contactId or companyId: an order has a buyer' });
  const { rows } = await client.query<{ contact: boolean; company: boolean; store: boolean }>(
    `SELECT ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM contacts WHERE id = $1)) AS contact,
       ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM companies WHERE id = $2)) AS company,
       ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM stores WHERE id = $3)) AS store`,
    [input.contactId ?? null, input.companyId ?? null, input.storeId ?? null],
  );
  const found = rows[0]!;
  if (!found.contact) problems.push({ field: 'contactId', message: 'names no contact' });
  if (!found.company) problems.push({ field: 'companyId', message: 'names no company' });
  if (!found.store) problems.push({ field: 'storeId', message: 'names no store' });
  return problems;
}

/** Each line's product by id or code (and its family); problems are appended to `problems`. */
async function resolveLines(client: DbClient, lines: SalesLineInput[], problems: FieldProblem[]): Promise<ResolvedLine[]> {
  const { rows } = await client.query<{ id: string; code: string; family: string | null }>(
    `SELECT id::text, code, family FROM products WHERE id = ANY($1::uuid[]) OR code = ANY($2::text[])`,
    [lines.flatMap((line) => (line.productId ? [line.productId] : [])), lines.flatMap((line) => (line.productCode ? [line.productCode] : []))],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const byCode = new Map(rows.map((row) => [row.code, row]));
  return lines.map((line, i) => {
    let product: { id: string; family: string | null } | undefined;
    if (line.productId !== undefined && line.productCode !== undefined) {
      problems.push({ field: `lines[${i}].productCode`, message: 'give productId or productCode, not both' });
    } else if (line.productId !== undefined) {
      product = byId.get(line.productId);
      if (!product) problems.push({ field: `lines[${i}].productId`, message: 'names no product' });
    } else if (line.productCode !== undefined) {
      product = byCode.get(line.productCode);
      if (!product) problems.push({ field: `lines[${i}].productCode`, message: 'is not a known product code' });
    } else if (line.family === undefined) {
      problems.push({ field: `lines[${i}].productId`, message: 'give productId, productCode or family: a line sells something' });
    }
    return { productId: product?.id ?? null, family: line.family ?? product?.family ?? null, quantity: line.quantity, amount: line.amount };
  });
}

/** One order with its lines in order, or undefined. */
export async function getSalesOrder(db: Queryable, id: string): Promise<SalesOrderDetail | undefined> {
  const { rows } = await db.query<SalesOrder>(`SELECT ${ORDER_COLUMNS} FROM sales_orders o WHERE o.id = $1`, [id]);
  const order = rows[0];
  if (!order) return undefined;
  const lines = await db.query<SalesLine>(
    `SELECT l.line_no AS "lineNo", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName",
       l.family, l.quantity::float8 AS quantity, l.amount::text AS amount
     FROM sales_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = $1 ORDER BY l.line_no`,
    [id],
  );
  return { ...order, lines: lines.rows };
}

export interface SalesOrderQuery {
  limit: number;
  offset: number;
  contactId?: string;
  companyId?: string;
  storeId?: string;
  /** First day, inclusive (YYYY-MM-DD). */
  from?: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  to?: string;
}

/** A page of orders, newest first. */
export async function listSalesOrders(db: Db, query: SalesOrderQuery): Promise<{ items: SalesOrder[]; total: number }> {
  const where = `($1::uuid IS NULL OR o.contact_id = $1) AND ($2::uuid IS NULL OR o.company_id = $2)
    AND ($3::uuid IS NULL OR o.store_id = $3) AND ($4::date IS NULL OR o.ordered_at >= $4::date)
    AND ($5::date IS NULL OR o.ordered_at < $5::date + 1)`;
  const params = [query.contactId ?? null, query.companyId ?? null, query.storeId ?? null, query.from ?? null, query.to ?? null];
  const [page, count] = await Promise.all([
    db.query<SalesOrder>(`SELECT ${ORDER_COLUMNS} FROM sales_orders o WHERE ${where} ORDER BY o.ordered_at DESC, o.order_number LIMIT $6 OFFSET $7`, [
      ...params,
      query.limit,
      query.offset,
    ]),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM sales_orders o WHERE ${where}`, params),
  ]);
  return { items: page.rows, total: count.rows[0]?.total ?? 0 };
}

/** An order's id, total and number, looked up by id or by number (for closing an opportunity). */
export async function findSalesOrder(db: Queryable, by: { id: string } | { orderNumber: string }): Promise<{ id: string; orderNumber: string; total: string } | undefined> {
  const [column, value] = 'id' in by ? ['id', by.id] : ['order_number', by.orderNumber];
  const { rows } = await db.query<{ id: string; orderNumber: string; total: string }>(
    `SELECT id, order_number AS "orderNumber", total_amount::text AS total FROM sales_orders WHERE ${column} = $1`,
    [value],
  );
  return rows[0];
}
