import type { Static } from '@sinclair/typebox';
import type {
  CampaignCostsSchema,
  CostEntrySchema,
  ManualCostInputSchema,
  PlanInputSchema,
  PlanSchema,
  UnitCostInputSchema,
  UnitCostPatchSchema,
  UnitCostSchema,
} from '../../../contracts/budget';
import type { Json } from '../../../contracts/common';
import type { Analysis, ReportDefinition, ReportFilters, ReportId, ReportResult } from '../../../contracts/report';
import { queryString, request } from './client';

/** The budget owner's calls: plans, unit costs, the ledger, the report catalogue and the post-analysis. */

export type Plan = Json<Static<typeof PlanSchema>>;
export type PlanInput = Static<typeof PlanInputSchema>;
export type UnitCost = Json<Static<typeof UnitCostSchema>>;
export type UnitCostInput = Static<typeof UnitCostInputSchema>;
export type UnitCostPatch = Static<typeof UnitCostPatchSchema>;
export type CampaignCosts = Json<Static<typeof CampaignCostsSchema>>;
export type CostEntry = Json<Static<typeof CostEntrySchema>>;
export type ManualCostInput = Static<typeof ManualCostInputSchema>;
export type { Analysis, ReportDefinition, ReportFilters, ReportId, ReportResult };

const enc = encodeURIComponent;

/** The address of a report's rows: JSON for the page, `format: 'csv'` for the download beside each chart. */
export function reportUrl(id: ReportId, filters: ReportFilters, format?: 'csv'): string {
  return `/api/reports/${enc(id)}${queryString({ ...filters, format })}`;
}

/** The post-analysis as a file (a plain link: the browser downloads it with the server's file name). */
export function analysisFileUrl(campaignId: string, kind: 'docx' | 'pdf'): string {
  return `/api/campaigns/${enc(campaignId)}/analysis.${kind}`;
}

export const budgetsApi = {
  getPlan: (campaignId: string) => request<Plan>('GET', `/api/campaigns/${enc(campaignId)}/plan`),
  savePlan: (campaignId: string, input: PlanInput) => request<Plan>('PUT', `/api/campaigns/${enc(campaignId)}/plan`, input),
  costs: (campaignId: string) => request<CampaignCosts>('GET', `/api/campaigns/${enc(campaignId)}/costs`),
  bookMissingCosts: (campaignId: string) => request<{ booked: number }>('POST', `/api/campaigns/${enc(campaignId)}/costs/book-missing`),
  bookManualCost: (campaignId: string, input: ManualCostInput) => request<CostEntry>('POST', `/api/campaigns/${enc(campaignId)}/cost-entries`, input),
  costEntries: (campaignId: string, limit = 20) =>
    request<{ items: CostEntry[]; next: string | null }>('GET', `/api/campaigns/${enc(campaignId)}/cost-entries${queryString({ limit })}`),
  listUnitCosts: () => request<{ items: UnitCost[] }>('GET', '/api/unit-costs'),
  createUnitCost: (input: UnitCostInput) => request<UnitCost>('POST', '/api/unit-costs', input),
  updateUnitCost: (id: string, patch: UnitCostPatch) => request<UnitCost>('PATCH', `/api/unit-costs/${enc(id)}`, patch),
  analysis: (campaignId: string) => request<Analysis>('GET', `/api/campaigns/${enc(campaignId)}/analysis`),
  reportCatalogue: () => request<ReportDefinition[]>('GET', '/api/reports'),
  report: (id: ReportId, filters: ReportFilters) => request<ReportResult>('GET', reportUrl(id, filters)),
};
