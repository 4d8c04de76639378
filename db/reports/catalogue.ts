import { REPORT_FILTERS, REPORT_IDS, type ReportDefinition, type ReportFilters, type ReportId, type ReportResult } from '../../contracts/report';
import type { Queryable } from '../pool';
import type { Scope } from '../scope';
import { invalid, notFound, type Outcome } from '../write-refusal';
import { conversionByAbc, conversionByAudience, conversionByLanguage, conversionByStore, opportunitiesByStage } from './conversion-reports';
import { conversionsOverTime, eventsByCampaign, funnel, outcomesByAgent, responsesOverTime, topLinks, unsubscribesBounces } from './engagement-reports';
import { campaignComparison, costByChannel, holdoutComparison, planVsActual, roiByCampaign, roiByChannel, rewardsGranted } from './money-reports';
import type { ReportSpec } from './report-spec';

/** Every report by id: a report id without its spec does not compile. */
const SPECS: Record<ReportId, ReportSpec> = {
  funnel: funnel,
  'responses-over-time': responsesOverTime,
  'conversions-over-time': conversionsOverTime,
  'outcomes-by-agent': outcomesByAgent,
  'conversion-by-audience': conversionByAudience,
  'conversion-by-abc': conversionByAbc,
  'conversion-by-language': conversionByLanguage,
  'conversion-by-store': conversionByStore,
  'cost-by-channel': costByChannel,
  'roi-by-campaign': roiByCampaign,
  'roi-by-channel': roiByChannel,
  'plan-vs-actual': planVsActual,
  'holdout-comparison': holdoutComparison,
  'opportunities-by-stage': opportunitiesByStage,
  'events-by-campaign': eventsByCampaign,
  'top-links': topLinks,
  'unsubscribes-bounces': unsubscribesBounces,
  'rewards-granted': rewardsGranted,
  'campaign-comparison': campaignComparison,
};

// A spec filed under another id than its own would answer for the wrong report: refuse to load.
for (const id of REPORT_IDS) {
  if (SPECS[id].definition.id !== id) throw new Error(`Report ${id} is filed with the spec of ${SPECS[id].definition.id}`);
}

/** The catalogue in its reading order. */
export const REPORT_CATALOGUE: ReportDefinition[] = REPORT_IDS.map((id) => SPECS[id].definition);

export function reportSpec(id: ReportId): ReportSpec {
  return SPECS[id];
}

/**
 * Answer a report: the filters it does not honour are refused (422 REPORT_FILTER_UNSUPPORTED,
 * rather than silently ignored), a run names its campaign, an unknown campaign or run is 404, a
 * campaign-level report without a campaign is 422 REPORT_NEEDS_CAMPAIGN. A campaign with nothing
 * in it answers with no rows (or zeros), never a refusal.
 */
export async function runReport(db: Queryable, id: ReportId, asked: ReportFilters, scope: Scope): Promise<Outcome<ReportResult>> {
  const spec = SPECS[id];
  const unsupported = REPORT_FILTERS.filter((name) => asked[name] !== undefined && !spec.definition.filters.includes(name));
  if (unsupported.length > 0) {
    return {
      refused: invalid(
        unsupported.map((name) => ({ field: name, message: `The ${spec.definition.title} report cannot be filtered by ${name}; it takes ${spec.definition.filters.join(', ') || 'no filter'}` })),
        'REPORT_FILTER_UNSUPPORTED',
      ),
    };
  }
  const filters: ReportFilters = { ...asked };
  if (filters.runId) {
    const run = await db.query<{ campaignId: string }>('SELECT campaign_id AS "campaignId" FROM campaign_runs WHERE id = $1', [filters.runId]);
    if (!run.rows[0]) return { refused: notFound('Run', filters.runId) };
    if (filters.campaignId && filters.campaignId !== run.rows[0].campaignId) {
      return { refused: invalid([{ field: 'runId', message: 'The run is not one of the campaign\'s' }], 'REPORT_RUN_OUTSIDE_CAMPAIGN') };
    }
    filters.campaignId = run.rows[0].campaignId;
  }
  if (filters.campaignId) {
    const campaign = await db.query('SELECT 1 FROM campaigns WHERE id = $1', [filters.campaignId]);
    if (campaign.rowCount === 0) return { refused: notFound('Campaign', filters.campaignId) };
  } else if (spec.definition.requires.includes('campaignId')) {
    return { refused: invalid([{ field: 'campaignId', message: `The ${spec.definition.title} report is about one campaign: name it (or one of its runs)` }], 'REPORT_NEEDS_CAMPAIGN') };
  }
  const rows = await spec.rows(db, { filters, scope });
  return {
    ok: {
      report: spec.definition,
      filters: {
        campaignId: filters.campaignId ?? null,
        runId: filters.runId ?? null,
        from: filters.from ?? null,
        to: filters.to ?? null,
        storeId: filters.storeId ?? null,
      },
      columns: spec.columns,
      rows,
      chart: spec.chart,
    },
  };
}
