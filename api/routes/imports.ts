import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createImportJob, getImportJob } from '../../db/import-jobs';
import { createListFromCustomerCodes, type CodeLine } from '../../db/imports-customer-codes';
import type { BulkMode } from '../../db/imports-contacts';
import { csvOutput } from '../csv-output';
import type { ColumnMapping } from '../imports/csv-columns';
import { presentJob } from '../imports/import-job';
import { startCompanyImport } from '../imports/run-company-import';
import { startContactImport } from '../imports/run-contact-import';
import { startSalesImport } from '../imports/run-sales-import';
import { notFound, problemResponses, unprocessable } from '../problem';
import { CustomerCodeListSchema, ImportJobSchema, ImportQuerySchema, ImportStartedSchema, JobIdParamsSchema } from '../../contracts/import';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/** The columns of a job's downloadable report. */
const REPORT_HEADER = ['line', 'column', 'value', 'problem'];

/** The biggest upload accepted: a few million contact lines. */
const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

function noFile() {
  return unprocessable('NO_FILE', 'no file uploaded', [{ field: 'file', message: 'no file uploaded' }]);
}

/** The first file part of a multipart request (fields before it are read too), or a 422. */
async function uploadedFile(request: FastifyRequest): Promise<MultipartFile> {
  if (!request.isMultipart()) throw noFile();
  const file = await request.file();
  if (!file) throw noFile();
  return file;
}

/** The optional `mapping` form field (JSON: CSV column → field or `ignore`, sent before the file part). */
function mappingOf(file: MultipartFile): ColumnMapping | undefined {
  const field = file.fields.mapping;
  const part = Array.isArray(field) ? field[0] : field;
  if (!part || part.type !== 'field') return undefined;
  let mapping: unknown;
  try {
    mapping = JSON.parse(String(part.value));
  } catch {
    mapping = undefined;
  }
  const valid = typeof mapping === 'object' && mapping !== null && !Array.isArray(mapping) && Object.values(mapping).every((value) => typeof value === 'string');
  if (!valid) throw unprocessable('VALIDATION_FAILED', 'The mapping is not a JSON object of column → field', [{ field: 'mapping', message: 'must be a JSON object of strings' }]);
  return mapping as ColumnMapping;
}

/** Imports of CSV files as jobs (progress + report), and the customer-code file of seed 004. */
export const importRoutes: FastifyPluginAsyncTypebox<{ bulkMode: BulkMode }> = async (app, options) => {
  // Parts are streamed, never saved to disk, and only the first file of a request is read.
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });

  /** 202 with the job id at once, or (`?wait=true`) the finished job. */
  async function answer(jobId: string, written: Promise<void>, wait: boolean, reply: FastifyReply) {
    if (!wait) {
      written.catch((error: unknown) => app.log.error({ err: error, jobId }, 'import failed'));
      return reply.code(202).send({ jobId });
    }
    await written;
    const job = await getImportJob(app.db, jobId);
    if (!job) throw notFound('Import job', jobId);
    return reply.code(200).send(presentJob(job));
  }

  app.post(
    '/contacts',
    {
      config: needs('imports:run'),
      schema: {
        tags: ['imports'],
        summary: 'Import contacts from CSV (multipart: optional `mapping` field, then `file`); all lines or none',
        consumes: ['multipart/form-data'],
        querystring: ImportQuerySchema,
        response: { 200: ImportJobSchema, 202: ImportStartedSchema, ...problemResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request);
      const mapping = mappingOf(file);
      const actor = actorOf(principalOf(request));
      const jobId = await createImportJob(app.db, 'contacts', file.filename || null, actor);
      const { written } = await startContactImport(app.db, jobId, file.file, {
        mapping,
        actor,
        bulkMode: options.bulkMode,
        truncated: () => file.file.truncated,
      });
      return answer(jobId, written, request.query.wait, reply);
    },
  );

  app.post(
    '/companies',
    {
      config: needs('imports:run'),
      schema: {
        tags: ['imports'],
        summary: 'Import companies from CSV (multipart: optional `mapping` field, then `file`), merged by code; all lines or none',
        consumes: ['multipart/form-data'],
        querystring: ImportQuerySchema,
        response: { 200: ImportJobSchema, 202: ImportStartedSchema, ...problemResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request);
      const mapping = mappingOf(file);
      const actor = actorOf(principalOf(request));
      const jobId = await createImportJob(app.db, 'companies', file.filename || null, actor);
      const { written } = await startCompanyImport(app.db, jobId, file.file, { mapping, actor });
      return answer(jobId, written, request.query.wait, reply);
    },
  );

  app.post(
    '/sales',
    {
      config: needs('imports:run'),
      schema: {
        tags: ['imports'],
        summary: 'Import sales lines from CSV (multipart: optional `mapping` field, then `file`), grouped into orders by orderNumber; all lines or none',
        consumes: ['multipart/form-data'],
        querystring: ImportQuerySchema,
        response: { 200: ImportJobSchema, 202: ImportStartedSchema, ...problemResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request);
      const mapping = mappingOf(file);
      const actor = actorOf(principalOf(request));
      const jobId = await createImportJob(app.db, 'sales', file.filename || null, actor);
      const { written } = await startSalesImport(app.db, jobId, file.file, { mapping, actor });
      return answer(jobId, written, request.query.wait, reply);
    },
  );

  app.get(
    '/:jobId',
    {
      config: needs('imports:run'),
      schema: {
        tags: ['imports'],
        summary: 'Read an import job: status, counts, progress and the report of bad lines',
        params: JobIdParamsSchema,
        response: { 200: ImportJobSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const job = await getImportJob(app.db, request.params.jobId);
      if (!job) throw notFound('Import job', request.params.jobId);
      return presentJob(job);
    },
  );

  app.get(
    '/:jobId/report.csv',
    {
      config: needs('imports:run'),
      schema: {
        tags: ['imports'],
        summary: "Download a job's report of bad lines as CSV (line, column, value, problem), in file order",
        params: JobIdParamsSchema,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const job = await getImportJob(app.db, request.params.jobId);
      if (!job) throw notFound('Import job', request.params.jobId);
      // The report quotes the uploaded file's own cells: the very ones a spreadsheet must not run.
      const lines = [...job.report.errors].sort((a, b) => a.line - b.line).map((error) => [error.line, error.column, error.value, error.message]);
      const csv = Readable.from([REPORT_HEADER, ...lines]).pipe(csvOutput());
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-problems-${job.id}.csv"`).send(csv);
    },
  );

  app.post(
    '/customer-codes',
    {
      config: needs('imports:run'),
      schema: {
        tags: ['imports'],
        summary: 'Make a contact list from a file of customer codes (one per line); unmatched codes are reported',
        consumes: ['multipart/form-data'],
        response: { 201: CustomerCodeListSchema, ...problemResponses(422) },
      },
    },
    async (request, reply) => {
      const file = await uploadedFile(request);
      const codes: CodeLine[] = [];
      let line = 0;
      // Read line by line from the upload stream: the file is never on disk nor kept.
      for await (const text of createInterface({ input: file.file, crlfDelay: Infinity })) {
        line += 1;
        const code = text.trim();
        if (code !== '') codes.push({ line, code });
      }
      if (file.file.truncated) throw unprocessable('FILE_TOO_LARGE', 'The file is larger than the upload limit', [{ field: 'file', message: 'is too large' }]);
      if (codes.length === 0) throw unprocessable('EMPTY_FILE', 'The file holds no customer code', [{ field: 'file', message: 'holds no customer code' }]);
      const name = `Customer codes: ${file.filename || 'upload'}`;
      return reply.code(201).send(await createListFromCustomerCodes(app.db, actorOf(principalOf(request)), name, codes));
    },
  );
};
