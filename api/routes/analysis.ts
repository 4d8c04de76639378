import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { campaignAnalysis } from '../../db/reports/campaign-analysis';
import { runReport } from '../../db/reports/catalogue';
import { ALL_CONTACTS } from '../../db/scope';
import { IdParamsSchema } from '../../contracts/common';
import { AnalysisSchema, type Analysis, type ReportId, type ReportResult } from '../../contracts/report';
import { analysisDocx } from '../analysis-docx';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { notFound, problem, ProblemError, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';

const tags = ['reports'];
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The reports whose charts and tables the Word export carries, in its order. */
const EXPORTED_REPORTS: ReportId[] = ['plan-vs-actual', 'cost-by-channel', 'roi-by-channel', 'holdout-comparison', 'funnel'];

const run = promisify(execFile);

/** A file name a download may carry: the campaign's name without what a file system or a header refuses. */
function fileName(analysis: Analysis, extension: string): string {
  const base = analysis.campaign.name.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim().slice(0, 80) || 'campaign';
  return `${base} - post-analysis.${extension}`;
}

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * A campaign's post-analysis (issue 12): plan vs result, costs, attributed and incremental
 * revenue, ROI and ROMI, live while a run goes; as JSON, as a Word document with the charts, and
 * as PDF through LibreOffice where it is installed.
 */
export const analysisRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The analysis of a campaign for this caller: whole campaigns only (a store-bound caller is refused). */
  async function analysisFor(request: FastifyRequest, campaignId: string): Promise<Analysis> {
    if (principalOf(request).scope.kind === 'store') {
      throw new ProblemError(problem(403, 'REPORT_NEEDS_ALL_CONTACTS', "A campaign's post-analysis counts every member and the holdout: it cannot be limited to your store"));
    }
    const analysis = await campaignAnalysis(app.db, campaignId);
    if (!analysis) throw notFound('Campaign', campaignId);
    return analysis;
  }

  async function docxOf(analysis: Analysis): Promise<Buffer> {
    const reports: ReportResult[] = [];
    for (const id of EXPORTED_REPORTS) reports.push(unwrap(await runReport(app.db, id, { campaignId: analysis.campaign.id }, ALL_CONTACTS)));
    return analysisDocx(analysis, reports);
  }

  app.get(
    '/campaigns/:id/analysis',
    {
      config: needs('reports:read'),
      schema: {
        tags,
        summary: "A campaign's post-analysis: plan vs result, costs by channel planned vs actual, budget left, attributed and incremental revenue, ROI and ROMI (live while a run goes), each figure naming the report that breaks it down",
        params: IdParamsSchema,
        response: { 200: AnalysisSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) => analysisFor(request, request.params.id),
  );

  app.get(
    '/campaigns/:id/analysis.docx',
    {
      config: needs('reports:read'),
      schema: {
        tags,
        summary: "The post-analysis as a Word document: plan, results, costs, holdout comparison, ROI, and the breakdown reports' charts (PNG) with their tables",
        params: IdParamsSchema,
        produces: [DOCX_TYPE],
        response: { 200: { type: 'string', format: 'binary' }, ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      const analysis = await analysisFor(request, request.params.id);
      return (reply as FastifyReply).type(DOCX_TYPE).header('content-disposition', attachment(fileName(analysis, 'docx'))).send(await docxOf(analysis));
    },
  );

  app.get(
    '/campaigns/:id/analysis.pdf',
    {
      config: needs('reports:read'),
      schema: {
        tags,
        summary: 'The post-analysis as PDF: the Word document converted by LibreOffice (soffice); 501 PDF_CONVERTER_MISSING where it is not installed',
        params: IdParamsSchema,
        produces: ['application/pdf'],
        response: { 200: { type: 'string', format: 'binary' }, ...problemResponses(403, 404, 501) },
      },
    },
    async (request, reply) => {
      const analysis = await analysisFor(request, request.params.id);
      const docx = await docxOf(analysis);
      const dir = await mkdtemp(join(tmpdir(), 'analysis-'));
      try {
        await writeFile(join(dir, 'analysis.docx'), docx);
        try {
          // Its own profile directory: a second soffice beside a running one would otherwise hand the job over and exit.
          await run('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'analysis.docx')], { timeout: 120_000 });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            throw new ProblemError(problem(501, 'PDF_CONVERTER_MISSING', 'PDF export needs LibreOffice (soffice), which is not installed on this server; download the Word document instead'));
          }
          throw error;
        }
        const pdf = await readFile(join(dir, 'analysis.pdf'));
        return (reply as FastifyReply).type('application/pdf').header('content-disposition', attachment(fileName(analysis, 'pdf'))).send(pdf);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
};
