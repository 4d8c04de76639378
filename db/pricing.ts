import type { Db } from './pool';
import { validOn } from './validity-period';

/** The discount that applies: the best (highest percent) of all discount lists valid that day. */
export interface AppliedDiscount {
  discountListId: string;
  discountListName: string;
  percent: number;
  /** Whether the discount names the product itself or its whole family. */
  appliesTo: 'product' | 'family';
  minQuantity: number;
}

export interface PriceQuote {
  productId: string;
  /** The day the price is for, YYYY-MM-DD. */
  date: string;
  quantity: number;
  priceListId: string;
  priceListName: string;
  currency: string;
  /** List price per unit (money string). */
  price: string;
  discount: AppliedDiscount | null;
  /** Price per unit after the discount, rounded to cents. */
  netPrice: string;
  /** netPrice × quantity, rounded to cents. */
  lineTotal: string;
}

/** The quote as one SQL row: the discount's columns are all null when no discount applies. */
type QuoteRow = Omit<PriceQuote, 'discount'> & { discountListId: string | null } & { [K in Exclude<keyof AppliedDiscount, 'discountListId'>]: AppliedDiscount[K] | null };

export type PriceLookup = { quote: PriceQuote } | { missing: 'product' | 'price' };

/**
 * The price of a product on a day. Of the price lists valid that day that price the product, the
 * one that started last wins (a newer list overrides an older, longer one; on the same start day,
 * the list entered last). `priceListId` pins the list instead — it must still be valid that day.
 * Discounts do not add up: the best one valid that day for the product or its family, whose
 * minimum quantity the requested quantity reaches, applies.
 */
export async function resolvePrice(db: Db, query: { productId: string; date?: string; quantity?: number; priceListId?: string }): Promise<PriceLookup> {
  const product = await db.query('SELECT 1 FROM products WHERE id = $1', [query.productId]);
  if (product.rowCount === 0) return { missing: 'product' };
  const { rows } = await db.query<QuoteRow>(
    `WITH day AS (SELECT coalesce($2::date, current_date) AS d),
     price AS (
       SELECT l.id, l.name, l.currency, i.price
       FROM price_lists l JOIN price_list_items i ON i.price_list_id = l.id AND i.product_id = $1, day
       WHERE ${validOn('l', 'day.d')} AND ($4::uuid IS NULL OR l.id = $4)
       ORDER BY l.valid_from DESC, l.created_at DESC, l.id
       LIMIT 1
     ),
     discount AS (
       SELECT l.id, l.name, i.percent, i.min_quantity, CASE WHEN i.product_id IS NULL THEN 'family' ELSE 'product' END AS applies_to
       FROM discount_lists l JOIN discount_list_items i ON i.discount_list_id = l.id, day
       WHERE ${validOn('l', 'day.d')} AND i.min_quantity <= $3
         AND (i.product_id = $1 OR i.family = (SELECT family FROM products WHERE id = $1))
       ORDER BY i.percent DESC, i.product_id IS NOT NULL DESC, l.valid_from DESC, l.id
       LIMIT 1
     )
     SELECT $1::uuid AS "productId", to_char(day.d, 'YYYY-MM-DD') AS date, $3::float8 AS quantity,
       price.id AS "priceListId", price.name AS "priceListName", price.currency, price.price::text AS price,
       discount.id AS "discountListId", discount.name AS "discountListName", discount.percent::float8 AS percent,
       discount.applies_to AS "appliesTo", discount.min_quantity::float8 AS "minQuantity",
       round(price.price * (100 - coalesce(discount.percent, 0)) / 100, 2)::text AS "netPrice",
       round(round(price.price * (100 - coalesce(discount.percent, 0)) / 100, 2) * $3, 2)::text AS "lineTotal"
     FROM day, price LEFT JOIN discount ON true`,
    [query.productId, query.date ?? null, query.quantity ?? 1, query.priceListId ?? null],
  );
  const row = rows[0];
  if (!row) return { missing: 'price' };
  const { discountListId, discountListName, percent, appliesTo, minQuantity, ...quote } = row;
  const discount = discountListId === null ? null : { discountListId, discountListName: discountListName!, percent: percent!, appliesTo: appliesTo!, minQuantity: minQuantity! };
  return { quote: { ...quote, discount } };
}
