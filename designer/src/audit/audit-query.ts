import type { AuditQuery } from '../api/audit-client';

/** The audit screen's filters as its inputs hold them: '' = not filtered; dates as `yyyy-mm-dd`, the reader's days. */
export interface AuditFilters {
  actorId: string;
  entity: string;
  action: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { actorId: '', entity: '', action: '', from: '', to: '' };

/** Entries per page: a screenful or two. */
export const AUDIT_PAGE_SIZE = 100;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A `yyyy-mm-dd` day's first (or last) millisecond in the reader's time zone, as the API's ISO instant. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!DAY.test(day)) return undefined;
  const instant = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/**
 * The API query for these filters: both dates whole days (`to` includes its day), blanks left
 * out. Without `page` it is the export's query (every matching entry, no paging).
 */
export function auditQuery(filters: AuditFilters, page?: { before?: string | null; limit?: number }): AuditQuery {
  const query: AuditQuery = {};
  if (filters.actorId) query.actorId = filters.actorId;
  if (filters.entity.trim()) query.entity = filters.entity.trim();
  if (filters.action.trim()) query.action = filters.action.trim();
  const from = dayBound(filters.from, false);
  if (from) query.from = from;
  const to = dayBound(filters.to, true);
  if (to) query.to = to;
  if (page) query.limit = page.limit ?? AUDIT_PAGE_SIZE;
  if (page?.before) query.before = page.before;
  return query;
}
