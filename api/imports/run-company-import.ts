import type { Readable } from 'node:stream';
import { SYSTEM_ACTOR } from '../../db/audit';
import { mergeCompanies } from '../../db/imports-companies';
import type { Db } from '../../db/pool';
import { parseCompaniesCsv } from './company-csv';
import { settleImport, type ImportOptions } from './import-job';

/**
 * Run a companies import job: parse and check the upload while the request is open, then merge
 * every company by code in one transaction (the returned promise); a bad line writes nothing.
 */
export async function startCompanyImport(db: Db, jobId: string, file: Readable, options: ImportOptions = {}): Promise<{ written: Promise<void> }> {
  return settleImport(db, options.actor ?? SYSTEM_ACTOR, jobId, () => parseCompaniesCsv(file, options), ({ rows }) => mergeCompanies(db, rows));
}
