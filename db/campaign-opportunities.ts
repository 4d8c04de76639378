import type { Queryable } from './pool';

/** What a convert node offers every member: one product, priced once for the batch. */
export interface RunOffer {
  runId: string;
  nodeId: string;
  productId: string;
  stage: string;
  probability: number;
  quantity: number;
  /** Money string: the line's total (net unit price × quantity), the expected revenue. */
  lineTotal: string;
  priceListId: string;
}

/**
 * Open one opportunity per contact for the offer, in one statement: titled after the product and
 * the campaign, owned by the agent who closed the contact's latest call-back task of this run
 * (else the contact's owner), linked to the contact, their company, the campaign, run and node,
 * with the product as its one line, and put on the contact's timeline. The unique index on
 * (run, node, contact) makes it idempotent: a contact who has one from this node gets no other.
 * Returns how many were opened now.
 */
export async function openRunOpportunities(db: Queryable, contactIds: string[], offer: RunOffer): Promise<number> {
  if (contactIds.length === 0) return 0;
  const { rows } = await db.query<{ opened: string }>(
    `WITH created AS (
       INSERT INTO opportunities (title, contact_id, company_id, campaign_id, run_id, node_id, owner_id, goal, stage, probability,
         expected_revenue, expected_revenue_from_products, price_list_id)
       SELECT p.name || ' — ' || camp.name, c.id, c.company_id, camp.id, r.id, $2, COALESCE(closer.user_id, c.owner_id), camp.goal, $4, $5,
         $7::numeric, true, $8
       FROM unnest($9::uuid[]) AS wanted(contact_id)
       JOIN contacts c ON c.id = wanted.contact_id
       CROSS JOIN campaign_runs r JOIN campaigns camp ON camp.id = r.campaign_id
       CROSS JOIN products p
       LEFT JOIN LATERAL (
         -- The person who closed the call, or its assignee when an API token closed it.
         SELECT COALESCE(t.closed_by, t.assignee) AS user_id FROM tasks t
         WHERE t.contact_id = c.id AND t.run_id = $1 AND t.type = 'callback' AND t.status = 'closed'
         ORDER BY t.closed_at DESC NULLS LAST, t.id DESC LIMIT 1
       ) closer ON true
       WHERE r.id = $1 AND p.id = $3
       ON CONFLICT (run_id, node_id, contact_id) WHERE node_id IS NOT NULL DO NOTHING
       RETURNING id, contact_id, title, campaign_id
     ), lines AS (
       INSERT INTO opportunity_products (opportunity_id, product_id, family, quantity, amount)
       SELECT created.id, p.id, p.family, $6, $7::numeric FROM created CROSS JOIN products p WHERE p.id = $3
     ), timeline AS (
       INSERT INTO contact_events (contact_id, kind, title, campaign_id, run_id, data)
       SELECT contact_id, 'opportunity_created', 'Opportunity opened: ' || title, campaign_id, $1, jsonb_build_object('opportunityId', id, 'nodeId', $2::text)
       FROM created
     )
     SELECT count(*) AS opened FROM created`,
    [offer.runId, offer.nodeId, offer.productId, offer.stage, offer.probability, offer.quantity, offer.lineTotal, offer.priceListId, contactIds],
  );
  return Number(rows[0]?.opened ?? 0);
}
