/**
 * Import a CSV file from the command line, through the same pipeline as the API's upload
 * (parse and check every line, then one all-or-nothing transaction):
 *
 *   DATABASE_URL=postgres://… npm run import -- contacts people.csv [mapping.json]
 *
 * For files too big to upload comfortably, and for the bench. Prints progress and, when the
 * file is refused, every bad line; exits 1 then.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColumnMapping } from '../api/imports/csv-columns';
import { startCompanyImport } from '../api/imports/run-company-import';
import { startContactImport } from '../api/imports/run-contact-import';
import { startSalesImport } from '../api/imports/run-sales-import';
import { createImportJob, getImportJob, type ImportJob } from '../db/import-jobs';
import type { BulkMode } from '../db/imports-contacts';
import { createPool, type Db } from '../db/pool';

export const CSV_IMPORT_KINDS = ['contacts', 'companies', 'sales'] as const;
export type CsvImportKind = (typeof CSV_IMPORT_KINDS)[number];

/** Run one import job over a file on disk and return the finished job (completed or failed). */
export async function importCsvFile(
  db: Db,
  kind: CsvImportKind,
  path: string,
  options: { mapping?: ColumnMapping; bulkMode?: BulkMode } = {},
): Promise<ImportJob> {
  const jobId = await createImportJob(db, kind, path);
  const file = createReadStream(path);
  const { written } = await startJob(db, kind, jobId, file, options);
  await written;
  const job = await getImportJob(db, jobId);
  if (!job) throw new Error(`import job ${jobId} vanished`);
  return job;
}

function startJob(db: Db, kind: CsvImportKind, jobId: string, file: Readable, options: { mapping?: ColumnMapping; bulkMode?: BulkMode }) {
  switch (kind) {
    case 'contacts':
      return startContactImport(db, jobId, file, { mapping: options.mapping, bulkMode: options.bulkMode ?? 'copy', truncated: () => false });
    case 'companies':
      return startCompanyImport(db, jobId, file, { mapping: options.mapping });
    case 'sales':
      return startSalesImport(db, jobId, file, { mapping: options.mapping });
  }
}

function isKind(value: string | undefined): value is CsvImportKind {
  return CSV_IMPORT_KINDS.some((kind) => kind === value);
}

async function main(argv: string[]): Promise<number> {
  const [kind, path, mappingPath] = argv;
  const databaseUrl = process.env.DATABASE_URL;
  if (!isKind(kind) || !path || !databaseUrl) {
    console.error(`usage: DATABASE_URL=postgres://… npm run import -- <${CSV_IMPORT_KINDS.join('|')}> <file.csv> [mapping.json]`);
    return 2;
  }
  const mapping = mappingPath ? (JSON.parse(await readFile(mappingPath, 'utf8')) as ColumnMapping) : undefined;
  const db = createPool(databaseUrl);
  try {
    const job = await importCsvFile(db, kind, resolve(path), { mapping });
    if (job.status === 'completed') {
      console.log(`imported ${job.processedRows} lines: ${job.insertedRows} new, ${job.updatedRows} updated`);
      return 0;
    }
    console.error(job.report.message ?? 'the import failed; nothing was imported');
    for (const error of job.report.errors) console.error(`  line ${error.line}${error.column ? ` (${error.column})` : ''}: ${error.message}`);
    return 1;
  } finally {
    await db.end();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
