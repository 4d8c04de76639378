import { getOpportunity, type OpportunityDetail } from './opportunities';
import { recordOpportunityEvent } from './opportunity-events';
import { lockOpenOpportunity } from './opportunity-stages';
import type { Db } from './pool';
import { findSalesOrder } from './sales-orders';
import { invalid, refusableTransaction, refuse, type Outcome } from './write-refusal';

/** The order that closing won produced: named by id or by its order number, exactly one of them. */
export type WinningOrder = { orderId?: string; orderNumber?: string };

/**
 * Close an opportunity as won: stage `won`, probability 100, linked to the sales order it produced
 * (which must exist), actual revenue = that order's total; the contact's timeline records it.
 */
export async function winOpportunity(db: Db, id: string, order: WinningOrder): Promise<Outcome<OpportunityDetail>> {
  return refusableTransaction(db, async (client) => {
    await lockOpenOpportunity(client, id);
    if (order.orderId !== undefined && order.orderNumber !== undefined) refuse(invalid([{ field: 'orderNumber', message: 'give orderId or orderNumber, not both' }]));
    if (order.orderId === undefined && order.orderNumber === undefined) refuse(invalid([{ field: 'orderId', message: 'give orderId or orderNumber: winning produces an order' }]));
    const found = await findSalesOrder(client, order.orderId !== undefined ? { id: order.orderId } : { orderNumber: order.orderNumber! });
    if (!found) refuse(invalid([{ field: order.orderId !== undefined ? 'orderId' : 'orderNumber', message: 'names no sales order' }]));

    await client.query(
      `UPDATE opportunities SET stage = 'won', probability = 100, order_id = $2, order_reference = $3, actual_revenue = $4,
         closed_at = now(), updated_at = now() WHERE id = $1`,
      [id, found.id, found.orderNumber, found.total],
    );
    await recordOpportunityEvent(client, id, 'opportunity_won', `Order ${found.orderNumber}`);
    return (await getOpportunity(client, id))!;
  });
}

/** Close an opportunity as lost, recording why; the contact's timeline records it. */
export async function loseOpportunity(db: Db, id: string, reason: string): Promise<Outcome<OpportunityDetail>> {
  return refusableTransaction(db, async (client) => {
    await lockOpenOpportunity(client, id);
    await client.query(
      `UPDATE opportunities SET stage = 'lost', probability = 0, loss_reason = $2, closed_at = now(), updated_at = now() WHERE id = $1`,
      [id, reason],
    );
    await recordOpportunityEvent(client, id, 'opportunity_lost', reason);
    return (await getOpportunity(client, id))!;
  });
}
