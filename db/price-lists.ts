import type { Db, DbClient, Queryable } from './pool';
import { findMissingProducts } from './product-components';
import { periodProblem, validOn, type ValidityPeriod } from './validity-period';
import { invalid, notFound, refusableTransaction, refuse, type FieldProblem, type Outcome } from './write-refusal';


export interface PriceItemInput {
  productId: string;
  /** Decimal string, two decimals at most. */
  price: string;
}

export interface PriceListInput {
  name: string;
  currency?: string;
  validFrom: string;
  validTo?: string | null;
  items?: PriceItemInput[];
}

/** Only the fields sent change; `items`, when sent, replaces the whole list. */
export type PriceListPatch = Partial<PriceListInput>;

export interface PriceList extends ValidityPeriod {
  id: string;
  name: string;
  currency: string;
  itemCount: number;
  createdAt: Date;
}

export interface PriceListItem {
  productId: string;
  code: string;
  name: string;
  price: string;
}

export interface PriceListDetail extends PriceList {
  items: PriceListItem[];
}

const LIST_COLUMNS = `l.id, l.name, l.currency, to_char(l.valid_from, 'YYYY-MM-DD') AS "validFrom",
  to_char(l.valid_to, 'YYYY-MM-DD') AS "validTo", l.created_at AS "createdAt",
  (SELECT count(*)::int FROM price_list_items i WHERE i.price_list_id = l.id) AS "itemCount"`;

/** Create a price list with its prices: all of it, or nothing when a line is refused. */
export async function createPriceList(db: Db, input: PriceListInput): Promise<Outcome<PriceListDetail>> {
  return refusableTransaction(db, async (client) => {
    const bad = periodProblem({ validFrom: input.validFrom, validTo: input.validTo ?? null });
    if (bad) refuse(invalid([bad]));
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO price_lists (name, currency, valid_from, valid_to) VALUES ($1, coalesce($2, 'EUR'), $3, $4) RETURNING id`,
      [input.name, input.currency ?? null, input.validFrom, input.validTo ?? null],
    );
    const id = rows[0]!.id;
    if (input.items) await replaceItems(client, id, input.items);
    return (await getPriceList(client, id))!;
  });
}

/** Change the fields sent; the period is checked as it will be after the change. */
export async function updatePriceList(db: Db, id: string, patch: PriceListPatch): Promise<Outcome<PriceListDetail>> {
  return refusableTransaction(db, async (client) => {
    const { rows } = await client.query<ValidityPeriod>(
      `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo" FROM price_lists WHERE id = $1 FOR NO KEY UPDATE`,
      [id],
    );
    const current = rows[0];
    if (!current) refuse(notFound('price list', id));
    const period = { validFrom: patch.validFrom ?? current.validFrom, validTo: patch.validTo === undefined ? current.validTo : patch.validTo };
    const bad = periodProblem(period);
    if (bad) refuse(invalid([bad]));
    await client.query(
      `UPDATE price_lists SET name = coalesce($2, name), currency = coalesce($3, currency), valid_from = $4, valid_to = $5 WHERE id = $1`,
      [id, patch.name ?? null, patch.currency ?? null, period.validFrom, period.validTo],
    );
    if (patch.items) await replaceItems(client, id, patch.items);
    return (await getPriceList(client, id))!;
  });
}

async function replaceItems(client: DbClient, listId: string, items: PriceItemInput[]): Promise<void> {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const missing = await findMissingProducts(client, items.map((item) => item.productId));
  items.forEach((item, i) => {
    const field = `items[${i}].productId`;
    if (missing.has(item.productId)) problems.push({ field, message: 'names no product' });
    else if (seen.has(item.productId)) problems.push({ field, message: 'appears twice: a list holds one price per product' });
    seen.add(item.productId);
  });
  if (problems.length > 0) refuse(invalid(problems));
  await client.query('DELETE FROM price_list_items WHERE price_list_id = $1', [listId]);
  await client.query(
    `INSERT INTO price_list_items (price_list_id, product_id, price)
     SELECT $1, i."productId", i.price FROM jsonb_to_recordset($2::jsonb) AS i("productId" uuid, price numeric)`,
    [listId, JSON.stringify(items)],
  );
}

/** One price list with its prices by product code, or undefined. */
export async function getPriceList(db: Queryable, id: string): Promise<PriceListDetail | undefined> {
  const { rows } = await db.query<PriceList>(`SELECT ${LIST_COLUMNS} FROM price_lists l WHERE l.id = $1`, [id]);
  const list = rows[0];
  if (!list) return undefined;
  const items = await db.query<PriceListItem>(
    `SELECT p.id AS "productId", p.code, p.name, i.price::text AS price
     FROM price_list_items i JOIN products p ON p.id = i.product_id WHERE i.price_list_id = $1 ORDER BY p.code`,
    [id],
  );
  return { ...list, items: items.rows };
}

/** A page of price lists, latest start first; `validOn` keeps those valid on that day. */
export async function listPriceLists(db: Db, query: { limit: number; offset: number; validOn?: string }): Promise<{ items: PriceList[]; total: number }> {
  const where = `($1::date IS NULL OR ${validOn('l', '$1')})`;
  const params = [query.validOn ?? null];
  const [page, count] = await Promise.all([
    db.query<PriceList>(`SELECT ${LIST_COLUMNS} FROM price_lists l WHERE ${where} ORDER BY l.valid_from DESC, l.name, l.id LIMIT $2 OFFSET $3`, [...params, query.limit, query.offset]),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM price_lists l WHERE ${where}`, params),
  ]);
  return { items: page.rows, total: count.rows[0]?.total ?? 0 };
}
