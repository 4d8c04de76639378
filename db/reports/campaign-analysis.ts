import type { Analysis, ResultMetric } from '../../contracts/report';
import { roi, toCents } from '../../flow/roi';
import { campaignAttribution, generalBusinessResult } from '../attribution';
import { campaignCosts } from '../campaign-costs';
import { getPlan } from '../plans';
import type { Queryable } from '../pool';
import { campaignResults } from './campaign-results';

/**
 * A campaign's post-analysis: its plan against what happened, read live (while a run goes the
 * figures move; `live` says so). Every figure comes from one of the budget owner's sources —
 * the plan (db/plans.ts), the ledger (db/campaign-costs.ts), attribution (db/attribution.ts) and
 * the members' contacts and responses (campaign-results.ts) — and names the report that breaks
 * it down row by row.
 *
 * ROI = (attributed revenue − cost) / cost. ROMI = (incremental revenue − cost) / cost, where the
 * incremental revenue is the holdout comparison's; a general (mass-media) campaign has no members
 * to compare, so its ROMI is measured on its business result (sales in the period − the previous
 * period of the same length).
 */
export async function campaignAnalysis(db: Queryable, campaignId: string): Promise<Analysis | undefined> {
  const { rows } = await db.query<{ id: string; name: string; kind: string; validFrom: string | null; validTo: string | null }>(
    `SELECT id, name, kind, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo" FROM campaigns WHERE id = $1`,
    [campaignId],
  );
  const campaign = rows[0];
  if (!campaign) return undefined;
  const asOf = new Date().toISOString();
  const [plan, costs, attribution, results] = await Promise.all([
    getPlan(db, campaignId),
    campaignCosts(db, campaignId),
    campaignAttribution(db, campaignId),
    campaignResults(db, campaignId),
  ]);
  if (!plan || !costs || !attribution) return undefined;
  const totals = attribution.totals;
  const costCents = toCents(costs.actual);
  const business = campaign.kind === 'general' ? await generalBusinessResult(db, campaignId) : null;
  const businessChange = business && 'result' in business ? business.result.change : null;
  const incremental = campaign.kind === 'general' ? businessChange : totals.incrementalRevenue;

  const metric = (key: ResultMetric['metric'], label: string, planned: string | number | null, actual: string | number, report: ResultMetric['report']): ResultMetric => {
    const plannedNumber = planned === null ? null : Number(planned);
    return {
      metric: key,
      label,
      planned: planned === null ? null : String(planned),
      actual: String(actual),
      achieved: plannedNumber === null || plannedNumber === 0 ? null : Number(actual) / plannedNumber,
      report,
    };
  };

  return {
    campaign,
    currency: costs.currency,
    asOf,
    live: results.live,
    runs: results.runs,
    plan,
    results: [
      metric('reached', 'Reached (contacted)', plan.expectedReached, results.reached, 'funnel'),
      metric('responses', 'Responses (opened or clicked)', plan.expectedResponses, results.responses, 'responses-over-time'),
      metric('conversions', 'Conversions (opportunities)', plan.expectedConversions, results.conversions, 'opportunities-by-stage'),
      metric('revenue', 'Attributed revenue', plan.expectedRevenue, totals.attributedRevenue, 'holdout-comparison'),
    ],
    costs: {
      budget: costs.budget,
      planned: costs.planned,
      actual: costs.actual,
      budgetLeft: costs.budgetLeft,
      byChannel: costs.byChannel,
      report: 'cost-by-channel',
    },
    revenue: {
      members: totals.members,
      orders: totals.orders,
      ordersRevenue: totals.ordersRevenue,
      wonOpportunities: totals.wonOpportunities,
      wonOpportunitiesRevenue: totals.wonOpportunitiesRevenue,
      attributed: totals.attributedRevenue,
      holdout: totals.holdout,
      holdoutRevenue: totals.holdoutRevenue,
      incremental: totals.incrementalRevenue,
      otherCurrencyOrders: totals.otherCurrencyOrders,
      report: 'holdout-comparison',
    },
    roi: roi(toCents(totals.attributedRevenue), costCents),
    romi: incremental === null ? null : roi(toCents(incremental), costCents),
    predictedRoi: plan.predictedRoi,
    businessResult: business
      ? 'result' in business
        ? {
            from: business.result.period.from,
            to: business.result.period.to,
            revenue: business.result.period.revenue,
            previousRevenue: business.result.previous.revenue,
            change: business.result.change,
            changeRatio: business.result.changeRatio,
            message: null,
          }
        : { from: null, to: null, revenue: null, previousRevenue: null, change: null, changeRatio: null, message: business.message }
      : null,
    breakdowns: [
      { figure: 'Reached', report: 'funnel' },
      { figure: 'Responses', report: 'responses-over-time' },
      { figure: 'Conversions', report: 'opportunities-by-stage' },
      { figure: 'Costs by channel', report: 'cost-by-channel' },
      { figure: 'Revenue, holdout and incremental revenue', report: 'holdout-comparison' },
      { figure: 'ROI by channel', report: 'roi-by-channel' },
      { figure: 'Plan against result', report: 'plan-vs-actual' },
    ],
  };
}
