import type { DbClient, Queryable } from './pool';
import { invalid, refuse, type FieldProblem } from './write-refusal';


/** A physical product, a service, or a bundle (a configured item made of components). */
export type ProductKind = 'product' | 'service' | 'bundle';

export interface ComponentInput {
  productId: string;
  quantity: number;
  /** The analytic (cost) account this component is booked to inside the bundle. */
  costAccount?: string | null;
}

export interface ProductComponent {
  productId: string;
  code: string;
  name: string;
  kind: ProductKind;
  quantity: number;
  costAccount: string | null;
}

/** The ids among `ids` that name no product (each reported once). */
export async function findMissingProducts(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text FROM unnest($1::uuid[]) AS wanted(id) WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = wanted.id)`,
    [ids],
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * Make component writes take turns, until the caller's transaction ends. Two concurrent edits
 * could each pass the cycle check and together close a loop (A ⊃ B, B ⊃ A). Edits are rare, so
 * one workspace-wide lock costs nothing. Take it BEFORE locking any product row: taken after, two
 * edits deadlock (each holds its bundle's row, which the other's foreign-key check needs).
 */
export async function lockComponentGraph(client: DbClient): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('product_components'))`);
}

/**
 * Replace a bundle's components, refusing (and so rolling back the caller's transaction) a
 * component named twice, one that does not exist, or one that would put the bundle inside itself,
 * directly or through nested bundles. Call inside a transaction, after the bundle row exists.
 */
export async function replaceComponents(client: DbClient, bundleId: string, components: ComponentInput[]): Promise<void> {
  await lockComponentGraph(client);
  await client.query('DELETE FROM product_components WHERE bundle_id = $1', [bundleId]);

  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  components.forEach((component, i) => {
    const field = `components[${i}].productId`;
    if (component.productId === bundleId) problems.push({ field, message: 'is the bundle itself: a bundle cannot contain itself' });
    else if (seen.has(component.productId)) problems.push({ field, message: 'appears twice: give one line with the total quantity' });
    seen.add(component.productId);
  });
  const missing = await findMissingProducts(client, [...seen]);
  components.forEach((component, i) => {
    if (missing.has(component.productId)) problems.push({ field: `components[${i}].productId`, message: 'names no product' });
  });
  if (problems.length > 0) refuse(invalid(problems));

  const containing = await componentsContaining(client, [...seen], bundleId);
  components.forEach((component, i) => {
    if (containing.has(component.productId)) problems.push({ field: `components[${i}].productId`, message: 'contains this bundle (through its own components): a bundle cannot contain itself' });
  });
  if (problems.length > 0) refuse(invalid(problems, 'BUNDLE_CYCLE'));

  await client.query(
    `INSERT INTO product_components (bundle_id, component_id, quantity, cost_account)
     SELECT $1, c."productId", c.quantity, c."costAccount"
     FROM jsonb_to_recordset($2::jsonb) AS c("productId" uuid, quantity numeric, "costAccount" text)`,
    [bundleId, JSON.stringify(components.map((c) => ({ productId: c.productId, quantity: c.quantity, costAccount: c.costAccount ?? null })))],
  );
}

/** Of `candidates`, those that contain `bundleId` somewhere below them in the component tree. */
async function componentsContaining(client: DbClient, candidates: string[], bundleId: string): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  // UNION (not UNION ALL) drops rows already seen, so the walk ends even on shared sub-bundles.
  const { rows } = await client.query<{ root: string }>(
    `WITH RECURSIVE below (root, id) AS (
       SELECT c, c FROM unnest($1::uuid[]) AS c
       UNION
       SELECT below.root, pc.component_id FROM below JOIN product_components pc ON pc.bundle_id = below.id
     )
     SELECT DISTINCT root::text FROM below WHERE id = $2`,
    [candidates, bundleId],
  );
  return new Set(rows.map((row) => row.root));
}

/** A bundle's components with their names, by code. */
export async function listComponents(db: Queryable, bundleId: string): Promise<ProductComponent[]> {
  const { rows } = await db.query<ProductComponent>(
    `SELECT p.id AS "productId", p.code, p.name, p.kind, pc.quantity::float8 AS quantity, pc.cost_account AS "costAccount"
     FROM product_components pc JOIN products p ON p.id = pc.component_id
     WHERE pc.bundle_id = $1 ORDER BY p.code`,
    [bundleId],
  );
  return rows;
}

export async function countComponents(db: Queryable, bundleId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM product_components WHERE bundle_id = $1', [bundleId]);
  return rows[0]?.count ?? 0;
}
