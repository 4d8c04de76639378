import type { Readable } from 'node:stream';
import { mergeCompanies } from '../../db/imports-companies';
import type { Db } from '../../db/pool';
import { parseCompaniesCsv } from './company-csv';
import type { ColumnMapping } from './csv-columns';
import { settleImport } from './import-job';

/**
 * Run a companies import job: parse and check the upload while the request is open, then merge
 * every company by code in one transaction (the returned promise); a bad line writes nothing.
 */
export async function startCompanyImport(db: Db, jobId: string, file: Readable, options: { mapping?: ColumnMapping } = {}): Promise<{ written: Promise<void> }> {
  return settleImport(db, jobId, () => parseCompaniesCsv(file, options), ({ rows }) => mergeCompanies(db, rows));
}
