import { listComments, listCompetitors, type OpportunityComment, type OpportunityCompetitor } from './opportunity-discussion';
import { recordOpportunityEvent } from './opportunity-events';
import type { Db, DbClient, Queryable } from './pool';
import { findMissingProducts } from './product-components';
import { lockOpenOpportunity, STAGE_PROBABILITY, type OpenStage, type Stage } from './opportunity-stages';
import { invalid, refusableTransaction, refuse, type FieldProblem, type Outcome } from './write-refusal';


/** A product (or a product family, the seeds' "product group") the opportunity is about. */
export interface OpportunityProductInput {
  productId?: string;
  family?: string;
  quantity: number;
  /** Money string: what this line is expected to bring. */
  amount: string;
}

export interface OpportunityInput {
  title: string;
  contactId?: string;
  companyId?: string;
  ownerId?: string;
  campaignId?: string;
  goal?: string;
  stage?: OpenStage;
  probability?: number;
  /** Omitted: the sum of the products' amounts, kept up to date when the products change. */
  expectedRevenue?: string;
  expectedCloseDate?: string;
  products?: OpportunityProductInput[];
}

/** Only the fields sent change. `expectedRevenue: null` goes back to deriving it from the products. */
export interface OpportunityPatch {
  title?: string;
  goal?: string | null;
  ownerId?: string | null;
  stage?: OpenStage;
  probability?: number;
  expectedRevenue?: string | null;
  expectedCloseDate?: string | null;
  products?: OpportunityProductInput[];
}

export interface Opportunity {
  id: string;
  title: string;
  contactId: string | null;
  companyId: string | null;
  ownerId: string | null;
  campaignId: string | null;
  goal: string | null;
  stage: Stage;
  probability: number;
  expectedRevenue: string | null;
  expectedRevenueSource: 'entered' | 'products' | null;
  weightedRevenue: string | null;
  actualRevenue: string | null;
  expectedCloseDate: string | null;
  orderId: string | null;
  orderNumber: string | null;
  lossReason: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OpportunityProduct {
  id: string;
  productId: string | null;
  productCode: string | null;
  productName: string | null;
  family: string | null;
  quantity: number;
  amount: string | null;
}

export interface OpportunityDetail extends Opportunity {
  products: OpportunityProduct[];
  competitors: OpportunityCompetitor[];
  comments: OpportunityComment[];
}

const OPPORTUNITY_COLUMNS = `o.id, o.title, o.contact_id AS "contactId", o.company_id AS "companyId", o.owner_id AS "ownerId",
  o.campaign_id AS "campaignId", o.goal, o.stage, o.probability, o.expected_revenue::text AS "expectedRevenue",
  CASE WHEN o.expected_revenue IS NULL THEN NULL WHEN o.expected_revenue_from_products THEN 'products' ELSE 'entered' END AS "expectedRevenueSource",
  round(o.expected_revenue * o.probability / 100, 2)::text AS "weightedRevenue", o.actual_revenue::text AS "actualRevenue",
  to_char(o.expected_close, 'YYYY-MM-DD') AS "expectedCloseDate", o.order_id AS "orderId", o.order_reference AS "orderNumber",
  o.loss_reason AS "lossReason", o.closed_at AS "closedAt", o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

/** Tables a reference may point into, by request field: only these names reach the SQL text. */
const REFERENCES = { contactId: ['contacts', 'contact'], companyId: ['companies', 'company'], ownerId: ['users', 'user'], campaignId: ['campaigns', 'campaign'] } as const;

async function referenceProblems(client: DbClient, refs: Partial<Record<keyof typeof REFERENCES, string | null>>): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const [field, [table, noun]] of Object.entries(REFERENCES)) {
    const id = refs[field as keyof typeof REFERENCES];
    if (id == null) continue;
    const { rowCount } = await client.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    if (rowCount === 0) problems.push({ field, message: `names no ${noun}` });
  }
  return problems;
}

async function productProblems(client: DbClient, products: OpportunityProductInput[]): Promise<FieldProblem[]> {
  const missing = await findMissingProducts(client, products.flatMap((line) => (line.productId ? [line.productId] : [])));
  return products.flatMap((line, i): FieldProblem[] => {
    if (line.productId === undefined && line.family === undefined) return [{ field: `products[${i}].productId`, message: 'give productId or family' }];
    if (line.productId !== undefined && missing.has(line.productId)) return [{ field: `products[${i}].productId`, message: 'names no product' }];
    return [];
  });
}

async function replaceProducts(client: DbClient, opportunityId: string, products: OpportunityProductInput[]): Promise<void> {
  await client.query('DELETE FROM opportunity_products WHERE opportunity_id = $1', [opportunityId]);
  await client.query(
    `INSERT INTO opportunity_products (opportunity_id, product_id, family, quantity, amount)
     SELECT $1, l."productId", coalesce(l.family, p.family), l.quantity, l.amount
     FROM jsonb_to_recordset($2::jsonb) AS l("productId" uuid, family text, quantity numeric, amount numeric)
     LEFT JOIN products p ON p.id = l."productId"`,
    [opportunityId, JSON.stringify(products)],
  );
}

/** A derived expected revenue follows the products; an entered one is left alone. */
async function rederiveExpectedRevenue(client: DbClient, opportunityId: string): Promise<void> {
  await client.query(
    `UPDATE opportunities SET expected_revenue = (SELECT sum(amount) FROM opportunity_products WHERE opportunity_id = $1)
     WHERE id = $1 AND expected_revenue_from_products`,
    [opportunityId],
  );
}

/** Open an opportunity with its products and put it on the contact's timeline; all or nothing. */
export async function createOpportunity(db: Db, input: OpportunityInput): Promise<Outcome<OpportunityDetail>> {
  return refusableTransaction(db, async (client) => {
    const problems: FieldProblem[] = [];
    if (input.contactId === undefined && input.companyId === undefined) problems.push({ field: 'contactId', message: 'give contactId or companyId: an opportunity is with someone' });
    problems.push(...(await referenceProblems(client, input)), ...(await productProblems(client, input.products ?? [])));
    if (problems.length > 0) refuse(invalid(problems));

    const stage = input.stage ?? 'qualification';
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO opportunities (title, contact_id, company_id, owner_id, campaign_id, goal, stage, probability,
         expected_revenue, expected_revenue_from_products, expected_close)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9::numeric IS NULL, $10) RETURNING id`,
      [
        input.title,
        input.contactId ?? null,
        input.companyId ?? null,
        input.ownerId ?? null,
        input.campaignId ?? null,
        input.goal ?? null,
        stage,
        input.probability ?? STAGE_PROBABILITY[stage],
        input.expectedRevenue ?? null,
        input.expectedCloseDate ?? null,
      ],
    );
    const id = rows[0]!.id;
    await replaceProducts(client, id, input.products ?? []);
    await rederiveExpectedRevenue(client, id);
    await recordOpportunityEvent(client, id, 'opportunity_created');
    return (await getOpportunity(client, id))!;
  });
}

/** Change the fields sent on an open opportunity; `products`, when sent, replaces them all. */
export async function updateOpportunity(db: Db, id: string, patch: OpportunityPatch): Promise<Outcome<OpportunityDetail>> {
  return refusableTransaction(db, async (client) => {
    await lockOpenOpportunity(client, id);
    const problems = [...(await referenceProblems(client, { ownerId: patch.ownerId })), ...(await productProblems(client, patch.products ?? []))];
    if (problems.length > 0) refuse(invalid(problems));

    // Each column changes only when its field was sent (`$n` flags), so null can clear a field.
    await client.query(
      `UPDATE opportunities SET
         title = coalesce($2, title),
         goal = CASE WHEN $3 THEN $4 ELSE goal END,
         owner_id = CASE WHEN $5 THEN $6::uuid ELSE owner_id END,
         stage = coalesce($7, stage),
         probability = coalesce($8, probability),
         expected_revenue = CASE WHEN $9 THEN $10::numeric ELSE expected_revenue END,
         expected_revenue_from_products = CASE WHEN $9 THEN $10::numeric IS NULL ELSE expected_revenue_from_products END,
         expected_close = CASE WHEN $11 THEN $12::date ELSE expected_close END,
         updated_at = now()
       WHERE id = $1`,
      [
        id,
        patch.title ?? null,
        patch.goal !== undefined,
        patch.goal ?? null,
        patch.ownerId !== undefined,
        patch.ownerId ?? null,
        patch.stage ?? null,
        patch.probability ?? null,
        patch.expectedRevenue !== undefined,
        patch.expectedRevenue ?? null,
        patch.expectedCloseDate !== undefined,
        patch.expectedCloseDate ?? null,
      ],
    );
    if (patch.products) await replaceProducts(client, id, patch.products);
    await rederiveExpectedRevenue(client, id);
    return (await getOpportunity(client, id))!;
  });
}

/** One opportunity with its products, competitors and comments (oldest first), or undefined. */
export async function getOpportunity(db: Queryable, id: string): Promise<OpportunityDetail | undefined> {
  const { rows } = await db.query<Opportunity>(`SELECT ${OPPORTUNITY_COLUMNS} FROM opportunities o WHERE o.id = $1`, [id]);
  const opportunity = rows[0];
  if (!opportunity) return undefined;
  const products = await db.query<OpportunityProduct>(
    `SELECT op.id, op.product_id AS "productId", p.code AS "productCode", p.name AS "productName", op.family,
       op.quantity::float8 AS quantity, op.amount::text AS amount
     FROM opportunity_products op LEFT JOIN products p ON p.id = op.product_id
     WHERE op.opportunity_id = $1 ORDER BY p.code NULLS LAST, op.family, op.id`,
    [id],
  );
  return { ...opportunity, products: products.rows, competitors: await listCompetitors(db, id), comments: await listComments(db, id) };
}

export interface OpportunityQuery {
  limit: number;
  offset: number;
  stage?: Stage;
  contactId?: string;
  companyId?: string;
  ownerId?: string;
  campaignId?: string;
}

/** A page of opportunities, newest first. */
export async function listOpportunities(db: Db, query: OpportunityQuery): Promise<{ items: Opportunity[]; total: number }> {
  const where = `($1::text IS NULL OR o.stage = $1) AND ($2::uuid IS NULL OR o.contact_id = $2) AND ($3::uuid IS NULL OR o.company_id = $3)
    AND ($4::uuid IS NULL OR o.owner_id = $4) AND ($5::uuid IS NULL OR o.campaign_id = $5)`;
  const params = [query.stage ?? null, query.contactId ?? null, query.companyId ?? null, query.ownerId ?? null, query.campaignId ?? null];
  const [page, count] = await Promise.all([
    db.query<Opportunity>(`SELECT ${OPPORTUNITY_COLUMNS} FROM opportunities o WHERE ${where} ORDER BY o.created_at DESC, o.id LIMIT $6 OFFSET $7`, [
      ...params,
      query.limit,
      query.offset,
    ]),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM opportunities o WHERE ${where}`, params),
  ]);
  return { items: page.rows, total: count.rows[0]?.total ?? 0 };
}

/** Whether an opportunity exists (for listing its competitors and comments). */
export async function opportunityExists(db: Queryable, id: string): Promise<boolean> {
  return ((await db.query('SELECT 1 FROM opportunities WHERE id = $1', [id])).rowCount ?? 0) > 0;
}
