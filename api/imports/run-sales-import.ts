import type { Readable } from 'node:stream';
import { SYSTEM_ACTOR } from '../../db/audit';
import { writeSales } from '../../db/imports-sales';
import type { Db } from '../../db/pool';
import { settleImport, type ImportOptions } from './import-job';
import { parseSalesCsv } from './sales-csv';

const counted = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * Run a sales import job: parse and check the upload while the request is open, then write
 * every order in one transaction (the returned promise). Any bad line, or any customer, product
 * or store code not on file, fails the job with the full report and writes nothing. Codes not on
 * file are reported under the file's column names, as the bad cells are.
 */
export async function startSalesImport(db: Db, jobId: string, file: Readable, options: ImportOptions = {}): Promise<{ written: Promise<void> }> {
  return settleImport(db, options.actor ?? SYSTEM_ACTOR, jobId, () => parseSalesCsv(file, options), async ({ rows, columnOf }) => {
    const result = await writeSales(db, rows);
    if ('errors' in result) return { errors: result.errors.map((error) => ({ ...error, column: error.column === null ? null : columnOf(error.column) })) };
    return { inserted: result.lines, updated: 0, message: `${counted(result.orders, 'order')} with ${counted(result.lines, 'line')} imported` };
  });
}
