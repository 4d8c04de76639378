import type { Db, Queryable } from './pool';
import { countComponents, listComponents, lockComponentGraph, replaceComponents, type ComponentInput, type ProductComponent, type ProductKind } from './product-components';

export type { ProductKind } from './product-components';
import { conflict, invalid, isUniqueViolation, notFound, refusableTransaction, refuse, type Outcome } from './write-refusal';


export interface ProductInput {
  code: string;
  name: string;
  kind: ProductKind;
  family?: string | null;
  unit?: string;
  costAccount?: string | null;
  active?: boolean;
  components?: ComponentInput[];
}

/** Only the fields sent change; `components`, when sent, replaces the whole list. */
export type ProductPatch = Partial<ProductInput>;

export interface Product {
  id: string;
  code: string;
  name: string;
  kind: ProductKind;
  family: string | null;
  unit: string;
  costAccount: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductDetail extends Product {
  components: ProductComponent[];
}

const PRODUCT_COLUMNS = `id, code, name, kind, family, unit, cost_account AS "costAccount", active,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Patchable fields and their columns: only these names ever reach the SQL text. */
const PATCH_COLUMNS = { code: 'code', name: 'name', kind: 'kind', family: 'family', unit: 'unit', costAccount: 'cost_account', active: 'active' } as const;

const duplicateCode = (code: string) => conflict('DUPLICATE_CODE', `A product with code ${code} already exists`, [{ field: 'code', message: 'is already used by another product' }]);
const componentsOnlyOnBundles = (kind: string) => invalid([{ field: 'components', message: `only bundles have components; this product is a ${kind}` }]);

/** Insert a product and, for a bundle, its components: all of it or, when refused, nothing. */
export async function createProduct(db: Db, input: ProductInput): Promise<Outcome<ProductDetail>> {
  return refusableTransaction(db, async (client) => {
    if (input.kind !== 'bundle' && (input.components?.length ?? 0) > 0) refuse(componentsOnlyOnBundles(input.kind));
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO products (code, name, kind, family, unit, cost_account, active)
       VALUES ($1, $2, $3, $4, coalesce($5, 'pcs'), $6, coalesce($7, true))
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [input.code, input.name, input.kind, input.family ?? null, input.unit ?? null, input.costAccount ?? null, input.active ?? null],
    );
    const id = rows[0]?.id;
    if (id === undefined) refuse(duplicateCode(input.code));
    if (input.components) await replaceComponents(client, id, input.components);
    return (await getProduct(client, id))!;
  });
}

/** Change the fields sent; a non-bundle may end up with no components, whichever way it got there. */
export async function updateProduct(db: Db, id: string, patch: ProductPatch): Promise<Outcome<ProductDetail>> {
  return refusableTransaction(db, async (client) => {
    if (patch.components !== undefined) await lockComponentGraph(client);
    const { rows } = await client.query<{ kind: ProductKind }>('SELECT kind FROM products WHERE id = $1 FOR NO KEY UPDATE', [id]);
    const current = rows[0];
    if (!current) refuse(notFound('product', id));
    const kind = patch.kind ?? current.kind;
    if (patch.components !== undefined) {
      if (kind !== 'bundle' && patch.components.length > 0) refuse(componentsOnlyOnBundles(kind));
    } else if (kind !== 'bundle' && (await countComponents(client, id)) > 0) {
      refuse(invalid([{ field: 'kind', message: `a bundle with components cannot become a ${kind}; send "components": [] with it` }]));
    }

    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
      const value = patch[key as keyof typeof PATCH_COLUMNS];
      if (value === undefined) continue;
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    try {
      await client.query(`UPDATE products SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, params);
    } catch (error) {
      if (isUniqueViolation(error, 'products_code_key')) refuse(duplicateCode(patch.code ?? ''));
      throw error;
    }
    if (patch.components !== undefined) await replaceComponents(client, id, patch.components);
    return (await getProduct(client, id))!;
  });
}

/** One product with its components (names included), or undefined. */
export async function getProduct(db: Queryable, id: string): Promise<ProductDetail | undefined> {
  const { rows } = await db.query<Product>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1`, [id]);
  const product = rows[0];
  return product && { ...product, components: await listComponents(db, id) };
}

export interface ProductQuery {
  limit: number;
  offset: number;
  /** Part of the code or the name, case-insensitive. */
  search?: string;
  kind?: ProductKind;
  family?: string;
  active?: boolean;
}

/** A page of products by code. */
export async function listProducts(db: Db, query: ProductQuery): Promise<{ items: Product[]; total: number }> {
  const pattern = query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `($1::text IS NULL OR code ILIKE $1 OR name ILIKE $1) AND ($2::text IS NULL OR kind = $2)
    AND ($3::text IS NULL OR family = $3) AND ($4::boolean IS NULL OR active = $4)`;
  const params = [pattern, query.kind ?? null, query.family ?? null, query.active ?? null];
  const [page, count] = await Promise.all([
    db.query<Product>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE ${where} ORDER BY code LIMIT $5 OFFSET $6`, [...params, query.limit, query.offset]),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM products WHERE ${where}`, params),
  ]);
  return { items: page.rows, total: count.rows[0]?.total ?? 0 };
}
