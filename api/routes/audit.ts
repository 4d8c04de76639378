import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { writeAudit } from '../../db/audit';
import { allAuditEntries, listAuditEntries, type AuditEntry, type AuditFilters } from '../../db/audit-query';
import { csvOutput } from '../csv-output';
import { problemResponses } from '../problem';
import { AuditPageSchema, AuditQuerySchema } from '../../contracts/audit';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

const tags = ['audit'];

/** The export takes the list's filters and cursor; it is not paged, so it has no `limit`. */
const AuditExportQuerySchema = Type.Omit(AuditQuerySchema, ['limit']);

const CSV_HEADER = ['id', 'at', 'actorKind', 'actorId', 'actorLabel', 'action', 'entity', 'entityId', 'diff'];

function csvRecord(entry: AuditEntry): (string | null)[] {
  const at = entry.at instanceof Date ? entry.at.toISOString() : entry.at;
  const diff = entry.diff === null || entry.diff === undefined ? null : JSON.stringify(entry.diff);
  return [entry.id, at, entry.actorKind, entry.actorId, entry.actorLabel, entry.action, entry.entity, entry.entityId, diff];
}

function filtersOf(query: AuditFilters): AuditFilters {
  const { actorId, entity, entityId, action, from, to } = query;
  return { actorId, entity, entityId, action, from, to };
}

/** The audit log (admin): who changed what, newest first, filtered and paged, or as CSV. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: needs('audit:read'),
      schema: {
        tags,
        summary: 'Read the audit log, newest first: filter by actor, entity, action and time; page with `before` (the last page’s `nextBefore`)',
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { limit = 100, before } = request.query; // Ajv fills the schema's default; this only satisfies the type
      return listAuditEntries(app.db, filtersOf(request.query), { limit, before });
    },
  );

  app.get(
    '/export.csv',
    {
      config: needs('audit:read'),
      schema: {
        tags,
        summary: 'Download every audit entry matching the filters as CSV (streamed, newest first); the export is itself audited',
        querystring: AuditExportQuerySchema,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const filters = filtersOf(request.query);
      // A read, so no transaction to join: the row is written before a single entry leaves.
      await writeAudit(app.db, actorOf(principalOf(request)), { action: 'audit.export', entity: 'audit_log', diff: { ...filters, before: request.query.before } });
      async function* records() {
        yield CSV_HEADER;
        for await (const entry of allAuditEntries(app.db, filters, request.query.before)) yield csvRecord(entry);
      }
      // Labels, entity ids and diffs are other people's text: csvOutput neutralises formula cells.
      const csv = Readable.from(records()).pipe(csvOutput());
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"').send(csv);
    },
  );
};
