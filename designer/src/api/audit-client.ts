import type { Static } from '@sinclair/typebox';
import type { AuditEntrySchema, AuditPageSchema, AuditQuerySchema } from '../../../contracts/audit';
import type { Json } from '../../../contracts/common';
import { queryString, request } from './client';

/** The audit log: who did what, when, newest first, paged backwards by id. */

export type AuditEntry = Json<Static<typeof AuditEntrySchema>>;
export type AuditPage = Json<Static<typeof AuditPageSchema>>;
export type AuditQuery = Static<typeof AuditQuerySchema>;

export const auditApi = {
  list: (query: AuditQuery) => request<AuditPage>('GET', `/api/audit${queryString(query)}`),
};

/** Where the browser downloads the entries matching `query` (its filters; no paging) as CSV. */
export const auditExportUrl = (query: AuditQuery) => `/api/audit/export.csv${queryString(query)}`;
