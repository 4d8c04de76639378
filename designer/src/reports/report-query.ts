import { REPORT_FILTERS, type ReportDefinition, type ReportFilterName, type ReportFilters } from '../../../contracts/report';

/**
 * A report's filters live in its address (`/reports/funnel?campaignId=…&from=2026-01-01`), so a
 * figure on the analysis page links to the rows behind it and a filtered report can be shared.
 * Only the filters the report honours are read: the API refuses the others.
 */
export function filtersOf(search: URLSearchParams, definition: Pick<ReportDefinition, 'filters'>): ReportFilters {
  const filters: ReportFilters = {};
  for (const name of REPORT_FILTERS) {
    const value = search.get(name)?.trim();
    if (value && definition.filters.includes(name)) filters[name] = value;
  }
  return filters;
}

/** The address of a report with these filters (empty ones left out). */
export function reportPath(id: string, filters: ReportFilters = {}): string {
  const search = new URLSearchParams();
  for (const name of REPORT_FILTERS) {
    const value = filters[name];
    if (value) search.set(name, value);
  }
  const text = search.toString();
  return `/reports/${encodeURIComponent(id)}${text ? `?${text}` : ''}`;
}

/** Why the report cannot be read yet with these filters (a campaign-level report with no campaign), or null. */
export function missingFilter(definition: Pick<ReportDefinition, 'requires' | 'title'>, filters: ReportFilters): string | null {
  const needsCampaign = definition.requires.includes('campaignId');
  if (needsCampaign && !filters.campaignId && !filters.runId) return `The ${definition.title} report is about one campaign: choose it above.`;
  const missing = definition.requires.filter((name: ReportFilterName) => name !== 'campaignId' && !filters[name]);
  return missing.length > 0 ? `Choose ${missing.join(', ')} above.` : null;
}

/** A period whose end comes before its start is refused here rather than answered with nothing. */
export function periodProblem(filters: ReportFilters): string | null {
  return filters.from && filters.to && filters.to < filters.from ? 'The period ends before it starts.' : null;
}
