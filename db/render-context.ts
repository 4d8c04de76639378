import type { CampaignContext, ProductContext } from '../contracts/template-context';
import { resolvePrice } from './pricing';
import type { Db } from './pool';

/** The promoted product as templates see it, priced today. */
export type RenderProduct = ProductContext;
/** What a campaign gives its messages. */
export type RenderCampaign = CampaignContext;

interface CampaignRow {
  name: string;
  code: string | null;
  validTo: string | null;
  defaultLanguage: string | null;
  mailPurpose: 'marketing' | 'service';
  topicCode: string | null;
  topicName: string | null;
  productId: string | null;
  productCode: string | null;
  productName: string | null;
  priceListId: string | null;
}

const CAMPAIGN_SELECT = `SELECT cp.name, cp.code, to_char(cp.valid_to, 'YYYY-MM-DD') AS "validTo", cp.default_language AS "defaultLanguage",
    cp.mail_purpose AS "mailPurpose", t.code AS "topicCode", t.name AS "topicName",
    cp.product_id AS "productId", p.code AS "productCode", p.name AS "productName", cp.price_list_id AS "priceListId"
  FROM campaigns cp
  LEFT JOIN topics t ON t.id = cp.topic_id
  LEFT JOIN products p ON p.id = cp.product_id`;

/** The render context of the campaign a run belongs to (read once per generate batch). */
export async function runRenderContext(db: Db, runId: string): Promise<RenderCampaign | undefined> {
  const { rows } = await db.query<CampaignRow>(`${CAMPAIGN_SELECT} WHERE cp.id = (SELECT campaign_id FROM campaign_runs WHERE id = $1)`, [runId]);
  return rows[0] && withProduct(db, rows[0]);
}

/** The render context of a campaign (a preview or a test send for a chosen campaign). */
export async function campaignRenderContext(db: Db, campaignId: string): Promise<RenderCampaign | undefined> {
  const { rows } = await db.query<CampaignRow>(`${CAMPAIGN_SELECT} WHERE cp.id = $1`, [campaignId]);
  return rows[0] && withProduct(db, rows[0]);
}

async function withProduct(db: Db, row: CampaignRow): Promise<RenderCampaign> {
  return {
    name: row.name,
    code: row.code,
    validTo: row.validTo,
    defaultLanguage: row.defaultLanguage,
    mailPurpose: row.mailPurpose,
    topic: row.topicCode !== null && row.topicName !== null ? { code: row.topicCode, name: row.topicName } : null,
    product: await promotedProduct(db, row),
  };
}

/**
 * The promoted product priced today as convert prices it (db/pricing.ts resolvePrice): from the
 * campaign's own price list when it names one and that list is valid today, else from the list
 * valid today; the best discount valid today. A product no list prices today still has its code
 * and name (a mail may name it), with empty prices.
 */
async function promotedProduct(db: Db, row: CampaignRow): Promise<RenderProduct | null> {
  if (!row.productId || row.productCode === null || row.productName === null) return null;
  let lookup = row.priceListId ? await resolvePrice(db, { productId: row.productId, priceListId: row.priceListId }) : undefined;
  if (!lookup || 'missing' in lookup) lookup = await resolvePrice(db, { productId: row.productId });
  const quote = 'quote' in lookup ? lookup.quote : null;
  return {
    code: row.productCode,
    name: row.productName,
    currency: quote?.currency ?? null,
    price: quote?.price ?? null,
    netPrice: quote?.netPrice ?? null,
    discountPercent: quote?.discount?.percent ?? 0,
  };
}
