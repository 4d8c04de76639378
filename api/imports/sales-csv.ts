import type { Readable } from 'node:stream';
import type { ImportLineError } from '../../db/import-jobs';
import type { StagedSale } from '../../db/imports-sales';
import { columnNames, readHeader, recordProblems, type ColumnMapping, type HeaderColumn } from './csv-columns';
import { csvRecords } from './csv-records';
import type { ParsedFile } from './import-job';

/**
 * The fields of a sales file (one line per sales line): its column names, or the targets of the
 * `mapping` sent with it.
 */
export const SALES_IMPORT_FIELDS = [
  'orderNumber', 'customerCode', 'email', 'orderedAt', 'productCode', 'family', 'quantity', 'amount', 'storeCode',
] as const;
type SalesField = (typeof SALES_IMPORT_FIELDS)[number];

const isSalesField = (name: string): name is SalesField => (SALES_IMPORT_FIELDS as readonly string[]).includes(name);

/** A parsed sales file, and the file's column name of each field (to report later findings under). */
export interface ParsedSales extends ParsedFile<StagedSale> {
  columnOf: (field: string) => string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function validDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return DATE.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Parse and check a sales CSV as it streams in. Every bad cell is reported with line and the
 * file's column name; lines of one order that disagree on customer, date or store name the
 * order's first line. References (customer, product, store codes) are checked later, in SQL.
 * `mapping` (column → field or `ignore`) reads a file under its own column names.
 */
export async function parseSalesCsv(input: Readable, options: { mapping?: ColumnMapping } = {}): Promise<ParsedSales> {
  const rows: StagedSale[] = [];
  const errors: ImportLineError[] = [];
  const orders = new Map<string, StagedSale>();
  let header: HeaderColumn<SalesField>[] | undefined;
  let columnOf: (field: string) => string = (field) => field;
  for await (const { record, line } of csvRecords(input)) {
    if (!header) {
      const read = readHeader(record, line, options.mapping, (name) => (isSalesField(name) ? name : undefined));
      header = read.columns;
      columnOf = columnNames(header);
      errors.push(...read.errors);
      continue;
    }
    const unfit = recordProblems(record, header, line);
    if (unfit.length > 0) {
      errors.push(...unfit);
      continue;
    }
    const cells = new Map<SalesField, string>();
    header.forEach(({ target }, index) => {
      const value = record[index];
      if (value && target) cells.set(target, value);
    });
    const bad = (field: SalesField, message: string) => errors.push({ line, column: columnOf(field), value: cells.get(field) ?? null, message });
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
  if (!header) return { rows, errors, columnOf, emptyMessage: 'The file is empty: no header line and no data' };
  if (rows.length === 0 && errors.length === 0) return { rows, errors, columnOf, emptyMessage: 'The file has a header line but no data lines' };
  return { rows, errors, columnOf };
}
