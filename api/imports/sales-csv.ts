import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { ImportLineError } from '../../db/import-jobs';
import type { StagedSale } from '../../db/imports-sales';

/** The columns of a sales file (one line per sales line); headers must be exactly these. */
export const SALES_IMPORT_FIELDS = [
  'orderNumber', 'customerCode', 'email', 'orderedAt', 'productCode', 'family', 'quantity', 'amount', 'storeCode',
] as const;
type SalesField = (typeof SALES_IMPORT_FIELDS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function validDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return DATE.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Parse and check a sales CSV as it streams in. Every bad cell is reported with line and
 * column; lines of one order that disagree on customer, date or store name the order's first
 * line. References (customer, product, store codes) are checked later, in SQL.
 */
export async function parseSalesCsv(input: Readable): Promise<{ rows: StagedSale[]; errors: ImportLineError[]; emptyMessage?: string }> {
  const parser = input.pipe(parse({ info: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }));
  const rows: StagedSale[] = [];
  const errors: ImportLineError[] = [];
  const orders = new Map<string, StagedSale>();
  let header: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const line = info.lines;
    if (!header) {
      header = record;
      for (const name of record) {
        if (!(SALES_IMPORT_FIELDS as readonly string[]).includes(name)) errors.push({ line, column: name, value: null, message: 'is not a known column' });
      }
      continue;
    }
    if (record.length !== header.length) {
      errors.push({ line, column: null, value: null, message: `has ${record.length} values where the header has ${header.length}` });
      continue;
    }
    const cells = new Map<SalesField, string>();
    header.forEach((name, index) => {
      if (record[index]) cells.set(name as SalesField, record[index]);
    });
    const bad = (column: SalesField, message: string) => errors.push({ line, column, value: cells.get(column) ?? null, message });
    const orderNumber = cells.get('orderNumber');
    const orderedAt = cells.get('orderedAt');
    if (!orderNumber) bad('orderNumber', 'is required');
    if (!orderedAt || !validDate(orderedAt)) bad('orderedAt', 'must be a date written YYYY-MM-DD');
    if (!cells.get('customerCode') && !cells.get('email')) errors.push({ line, column: null, value: null, message: 'needs a customerCode or an email' });
    for (const column of ['quantity', 'amount'] as const) {
      if (!NUMBER.test(cells.get(column) ?? '')) bad(column, 'must be a number');
    }
    const sale: StagedSale = {
      line,
      orderNumber: orderNumber ?? '',
      customerCode: cells.get('customerCode'),
      email: cells.get('email'),
      orderedAt: orderedAt ?? '',
      productCode: cells.get('productCode'),
      family: cells.get('family'),
      quantity: Number(cells.get('quantity')),
      amount: Number(cells.get('amount')),
      storeCode: cells.get('storeCode'),
    };
    const first = orders.get(sale.orderNumber);
    if (!first) orders.set(sale.orderNumber, sale);
    else {
      for (const column of ['customerCode', 'email', 'orderedAt', 'storeCode'] as const) {
        if (first[column] !== sale[column]) bad(column, `differs from line ${first.line} of the same order`);
      }
    }
    rows.push(sale);
  }
  if (!header) return { rows, errors, emptyMessage: 'The file is empty: no header line and no data' };
  if (rows.length === 0 && errors.length === 0) return { rows, errors, emptyMessage: 'The file has a header line but no data lines' };
  return { rows, errors };
}
