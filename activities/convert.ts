import { ApplicationFailure } from '@temporalio/common';
import { campaignTermsOfRun } from '../db/campaigns';
import { openRunOpportunities, type RunOffer } from '../db/campaign-opportunities';
import { STAGE_PROBABILITY } from '../db/opportunity-stages';
import type { Db } from '../db/pool';
import { resolvePrice } from '../db/pricing';
import type { ConvertConfig } from '../flow/nodes/convert';
import { writeInPages } from './cohort-pages';
import type { NodeHandler, NodeRun } from './deps';

/**
 * Open one opportunity per member (see `openRunOpportunities`: owner, links, idempotency), page
 * by page, each page's opportunities committing with its members' move to `created`. The price
 * is resolved once per batch from the price list valid that day; a product nobody priced fails
 * the run at once rather than opening opportunities worth nothing.
 */
export const runConvert: NodeHandler<'convert'> = async (deps, run) => {
  const offer = await priceOffer(deps.db, run);
  return writeInPages(deps, run, 'created', async (client, contactIds) => void (await openRunOpportunities(client, contactIds, offer)));
};

/**
 * The product a convert node offers: its own `productId`, priced from the list valid that day;
 * else the campaign's promoted product, priced from the campaign's price list when it names one.
 * Neither fails the run at once: there is nothing to offer.
 */
export async function convertProduct(db: Db, runId: string, config: ConvertConfig): Promise<{ productId: string; priceListId?: string }> {
  if (config.productId) return { productId: config.productId };
  const campaign = await campaignTermsOfRun(db, runId);
  if (!campaign?.productId) throw ApplicationFailure.nonRetryable('Convert: the node names no product and the campaign promotes none', 'PRODUCT_NOT_FOUND');
  return { productId: campaign.productId, ...(campaign.priceListId ? { priceListId: campaign.priceListId } : {}) };
}

async function priceOffer(db: Db, run: NodeRun<'convert'>): Promise<RunOffer> {
  const { node } = run;
  const product = await convertProduct(db, run.runId, node.config);
  const quantity = node.config.quantity ?? 1;
  const lookup = await resolvePrice(db, { productId: product.productId, quantity, ...(product.priceListId ? { priceListId: product.priceListId } : {}) });
  if ('missing' in lookup) {
    const why = lookup.missing === 'product' ? 'does not exist' : 'has no price in any price list valid today';
    throw ApplicationFailure.nonRetryable(`Convert ${node.id}: product ${product.productId} ${why}`, lookup.missing === 'product' ? 'PRODUCT_NOT_FOUND' : 'PRICE_NOT_FOUND');
  }
  return {
    runId: run.runId,
    nodeId: node.id,
    productId: product.productId,
    stage: node.config.stage,
    probability: node.config.probability ?? STAGE_PROBABILITY[node.config.stage],
    quantity,
    lineTotal: lookup.quote.lineTotal,
    priceListId: lookup.quote.priceListId,
  };
}
