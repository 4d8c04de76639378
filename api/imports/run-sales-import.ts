import type { Readable } from 'node:stream';
import { writeSales } from '../../db/imports-sales';
import type { Db } from '../../db/pool';
import { settleImport } from './import-job';
import { parseSalesCsv } from './sales-csv';

/**
 * Run a sales import job: parse and check the upload while the request is open, then write
 * every order in one transaction (the returned promise). Any bad line, or any customer, product
 * or store code not on file, fails the job with the full report and writes nothing.
 */
export async function startSalesImport(db: Db, jobId: string, file: Readable): Promise<{ written: Promise<void> }> {
  return settleImport(db, jobId, await parseSalesCsv(file), async (rows) => {
    const result = await writeSales(db, rows);
    if ('errors' in result) return result;
    return { inserted: result.lines, updated: 0, message: `${result.orders} orders with ${result.lines} lines imported` };
  });
}
