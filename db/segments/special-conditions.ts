import type { SpecialCondition } from '../../flow/segment-rule';
import type { Param } from './compile-segment';

const COMPARISONS = { eq: '=', neq: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/** Date range on a timestamp column: `from` and `to` are whole days, both inclusive. */
function dateRange(column: string, condition: { from?: string; to?: string }, param: Param): string {
  const parts: string[] = [];
  if (condition.from !== undefined) parts.push(`${column} >= ${param(condition.from.slice(0, 10))}::date`);
  if (condition.to !== undefined) parts.push(`${column} < ${param(condition.to.slice(0, 10))}::date + 1`);
  return parts.map((part) => ` AND ${part}`).join('');
}

/**
 * Purchase history, engagement, consent and customer conditions, each as an EXISTS (or an
 * aggregate) correlated on `c.id`, so the indexes on (contact_id, time) do the work.
 */
export function compileSpecialCondition(condition: SpecialCondition, param: Param): string {
  switch (condition.kind) {
    case 'bought': {
      const product = condition.productCode === undefined ? '' : ` AND p.code = ${param(condition.productCode)}::text`;
      const family = condition.family === undefined ? '' : ` AND COALESCE(l.family, p.family) = ${param(condition.family)}::text`;
      return `EXISTS (SELECT 1 FROM sales_orders o JOIN sales_lines l ON l.order_id = o.id LEFT JOIN products p ON p.id = l.product_id
        WHERE o.contact_id = c.id${dateRange('o.ordered_at', condition, param)}${product}${family})`;
    }
    case 'purchaseCount':
      return `(SELECT count(*) FROM sales_orders o WHERE o.contact_id = c.id${dateRange('o.ordered_at', condition, param)}) ${COMPARISONS[condition.operator]} ${param(condition.value)}::bigint`;
    case 'purchaseTotal':
      return `(SELECT COALESCE(sum(o.total_amount), 0) FROM sales_orders o WHERE o.contact_id = c.id${dateRange('o.ordered_at', condition, param)}) ${COMPARISONS[condition.operator]} ${param(condition.value)}::numeric`;
    case 'lastPurchase': {
      const op = condition.operator === 'before' ? '<' : '>=';
      return `(SELECT max(o.ordered_at) FROM sales_orders o WHERE o.contact_id = c.id) ${op} ${param(condition.date.slice(0, 10))}::date`;
    }
    case 'engaged': {
      const campaign = condition.campaignId === undefined
        ? ''
        : ` AND e.run_id IN (SELECT r.id FROM campaign_runs r WHERE r.campaign_id = ${param(condition.campaignId)}::uuid)`;
      return `EXISTS (SELECT 1 FROM events e WHERE e.contact_id = c.id AND e.type = ${param(condition.event)}::text${campaign}${dateRange('e.at', condition, param)})`;
    }
    case 'subscribed':
      return `EXISTS (SELECT 1 FROM subscriptions s JOIN topics t ON t.id = s.topic_id
        WHERE s.contact_id = c.id AND s.status = 'subscribed' AND t.code = ${param(condition.topic)}::text)`;
    case 'customer':
      return `${condition.value ? '' : 'NOT '}EXISTS (SELECT 1 FROM sales_orders o WHERE o.contact_id = c.id)`;
  }
}
