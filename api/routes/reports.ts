import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { REPORT_CATALOGUE, reportSpec, runReport } from '../../db/reports/catalogue';
import { ReportCatalogueSchema, ReportParamsSchema, ReportQuerySchema, ReportResultSchema, type ReportResult } from '../../contracts/report';
import { csvOutput } from '../csv-output';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { problem, ProblemError, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';

const tags = ['reports'];

/** The report's table as CSV records: the column labels, then each row's cells in column order. */
function* csvRecords(result: ReportResult): Generator<(string | number | null)[]> {
  yield result.columns.map((column) => column.label);
  for (const row of result.rows) yield result.columns.map((column) => row[column.key] ?? null);
}

/**
 * The report catalogue (issue 12): the list of reports with their chart and filters, and each
 * report's table (JSON with its chart description, or CSV). Reports aggregate in SQL
 * (db/reports/); the rows a caller may see are those of contacts in their scope.
 */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/reports',
    {
      config: needs('reports:read'),
      schema: { tags, summary: 'The report catalogue: each report with its chart kind and the filters it takes', response: { 200: ReportCatalogueSchema } },
    },
    async () => REPORT_CATALOGUE,
  );

  app.get(
    '/reports/:id',
    {
      config: needs('reports:read'),
      schema: {
        tags,
        summary: "A report's table (columns with their types, rows) and how its chart reads it, filtered by campaign, run, period (UTC days, both included) and store; ?format=csv downloads the same rows",
        params: ReportParamsSchema,
        querystring: ReportQuerySchema,
        produces: ['application/json', 'text/csv'],
        response: { 200: ReportResultSchema, ...problemResponses(400, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { format, ...filters } = request.query;
      const { scope } = principalOf(request);
      if (reportSpec(request.params.id).wholeCampaign && scope.kind === 'store') {
        throw new ProblemError(
          problem(403, 'REPORT_NEEDS_ALL_CONTACTS', 'This report is about whole campaigns (revenue of every member and of the holdout): it cannot be limited to your store'),
        );
      }
      const result = unwrap(await runReport(app.db, request.params.id, filters, scope));
      if (format !== 'csv') return result;
      // The file is not the JSON the response schema describes: sent through the untyped reply.
      return (reply as FastifyReply)
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${result.report.id}.csv"`)
        .send(Readable.from(csvRecords(result)).pipe(csvOutput()));
    },
  );
};
