import type { Db, DbClient, Queryable } from './pool';
import { findMissingProducts } from './product-components';
import { periodProblem, validOn, type ValidityPeriod } from './validity-period';
import { invalid, notFound, refusableTransaction, refuse, type FieldProblem, type Outcome } from './write-refusal';


/** A discount on one product, or on every product of a family: exactly one of the two. */
export interface DiscountItemInput {
  productId?: string;
  family?: string;
  /** Percent off, above 0 and at most 100. */
  percent: number;
  /** The discount applies from this quantity on (quantity tiers); 1 when omitted. */
  minQuantity?: number;
}

export interface DiscountListInput {
  name: string;
  validFrom: string;
  validTo?: string | null;
  items?: DiscountItemInput[];
}

/** Only the fields sent change; `items`, when sent, replaces the whole list. */
export type DiscountListPatch = Partial<DiscountListInput>;

export interface DiscountList extends ValidityPeriod {
  id: string;
  name: string;
  itemCount: number;
  createdAt: Date;
}

export interface DiscountListItem {
  id: string;
  productId: string | null;
  productCode: string | null;
  productName: string | null;
  family: string | null;
  percent: number;
  minQuantity: number;
}

export interface DiscountListDetail extends DiscountList {
  items: DiscountListItem[];
}

const LIST_COLUMNS = `l.id, l.name, to_char(l.valid_from, 'YYYY-MM-DD') AS "validFrom",
  to_char(l.valid_to, 'YYYY-MM-DD') AS "validTo", l.created_at AS "createdAt",
  (SELECT count(*)::int FROM discount_list_items i WHERE i.discount_list_id = l.id) AS "itemCount"`;

/** Create a discount list with its discounts: all of it, or nothing when a line is refused. */
export async function createDiscountList(db: Db, input: DiscountListInput): Promise<Outcome<DiscountListDetail>> {
  return refusableTransaction(db, async (client) => {
    const bad = periodProblem({ validFrom: input.validFrom, validTo: input.validTo ?? null });
    if (bad) refuse(invalid([bad]));
    const { rows } = await client.query<{ id: string }>(`INSERT INTO discount_lists (name, valid_from, valid_to) VALUES ($1, $2, $3) RETURNING id`, [
      input.name,
      input.validFrom,
      input.validTo ?? null,
    ]);
    const id = rows[0]!.id;
    if (input.items) await replaceItems(client, id, input.items);
    return (await getDiscountList(client, id))!;
  });
}

/** Change the fields sent; the period is checked as it will be after the change. */
export async function updateDiscountList(db: Db, id: string, patch: DiscountListPatch): Promise<Outcome<DiscountListDetail>> {
  return refusableTransaction(db, async (client) => {
    const { rows } = await client.query<ValidityPeriod>(
      `SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo" FROM discount_lists WHERE id = $1 FOR NO KEY UPDATE`,
      [id],
    );
    const current = rows[0];
    if (!current) refuse(notFound('discount list', id));
    const period = { validFrom: patch.validFrom ?? current.validFrom, validTo: patch.validTo === undefined ? current.validTo : patch.validTo };
    const bad = periodProblem(period);
    if (bad) refuse(invalid([bad]));
    await client.query(`UPDATE discount_lists SET name = coalesce($2, name), valid_from = $3, valid_to = $4 WHERE id = $1`, [
      id,
      patch.name ?? null,
      period.validFrom,
      period.validTo,
    ]);
    if (patch.items) await replaceItems(client, id, patch.items);
    return (await getDiscountList(client, id))!;
  });
}

async function replaceItems(client: DbClient, listId: string, items: DiscountItemInput[]): Promise<void> {
  const problems: FieldProblem[] = [];
  const missing = await findMissingProducts(client, items.flatMap((item) => (item.productId ? [item.productId] : [])));
  const tiers = new Set<string>();
  items.forEach((item, i) => {
    if (item.productId !== undefined && item.family !== undefined) {
      problems.push({ field: `items[${i}].family`, message: 'give productId or family, not both' });
    } else if (item.productId === undefined && item.family === undefined) {
      problems.push({ field: `items[${i}].productId`, message: 'give the productId or the family the discount applies to' });
    } else if (item.productId !== undefined && missing.has(item.productId)) {
      problems.push({ field: `items[${i}].productId`, message: 'names no product' });
    } else {
      const tier = JSON.stringify([item.productId ?? null, item.family ?? null, item.minQuantity ?? 1]);
      if (tiers.has(tier)) problems.push({ field: `items[${i}].${item.productId ? 'productId' : 'family'}`, message: 'has a discount for this minQuantity already in this list' });
      tiers.add(tier);
    }
  });
  if (problems.length > 0) refuse(invalid(problems));
  await client.query('DELETE FROM discount_list_items WHERE discount_list_id = $1', [listId]);
  await client.query(
    `INSERT INTO discount_list_items (discount_list_id, product_id, family, percent, min_quantity)
     SELECT $1, i."productId", i.family, i.percent, coalesce(i."minQuantity", 1)
     FROM jsonb_to_recordset($2::jsonb) AS i("productId" uuid, family text, percent numeric, "minQuantity" numeric)`,
    [listId, JSON.stringify(items)],
  );
}

/** One discount list with its discounts (products by code, then families), or undefined. */
export async function getDiscountList(db: Queryable, id: string): Promise<DiscountListDetail | undefined> {
  const { rows } = await db.query<DiscountList>(`SELECT ${LIST_COLUMNS} FROM discount_lists l WHERE l.id = $1`, [id]);
  const list = rows[0];
  if (!list) return undefined;
  const items = await db.query<DiscountListItem>(
    `SELECT i.id, i.product_id AS "productId", p.code AS "productCode", p.name AS "productName", i.family,
       i.percent::float8 AS percent, i.min_quantity::float8 AS "minQuantity"
     FROM discount_list_items i LEFT JOIN products p ON p.id = i.product_id
     WHERE i.discount_list_id = $1 ORDER BY p.code NULLS LAST, i.family, i.min_quantity`,
    [id],
  );
  return { ...list, items: items.rows };
}

/** A page of discount lists, latest start first; `validOn` keeps those valid on that day. */
export async function listDiscountLists(db: Db, query: { limit: number; offset: number; validOn?: string }): Promise<{ items: DiscountList[]; total: number }> {
  const where = `($1::date IS NULL OR ${validOn('l', '$1')})`;
  const params = [query.validOn ?? null];
  const [page, count] = await Promise.all([
    db.query<DiscountList>(`SELECT ${LIST_COLUMNS} FROM discount_lists l WHERE ${where} ORDER BY l.valid_from DESC, l.name, l.id LIMIT $2 OFFSET $3`, [...params, query.limit, query.offset]),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM discount_lists l WHERE ${where}`, params),
  ]);
  return { items: page.rows, total: count.rows[0]?.total ?? 0 };
}
