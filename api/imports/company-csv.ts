import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { ImportLineError } from '../../db/import-jobs';
import type { StagedCompany } from '../../db/imports-companies';
import { columnNames, readHeader, type ColumnMapping, type HeaderColumn } from './csv-columns';
import type { ParsedFile } from './import-job';

/**
 * The fields of a companies file (any subset, `name` required): its column names, or the
 * targets of the `mapping` sent with it.
 */
export const COMPANY_IMPORT_FIELDS = [
  'code', 'name', 'kind', 'vatNumber', 'industry', 'email', 'phone', 'addressLine', 'postalCode', 'city', 'country',
] as const;
type CompanyField = (typeof COMPANY_IMPORT_FIELDS)[number];
const COMPANY_KINDS = ['client', 'prospect', 'partner', 'competitor'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const isCompanyField = (name: string): name is CompanyField => (COMPANY_IMPORT_FIELDS as readonly string[]).includes(name);

/**
 * Parse and check a companies CSV as it streams in: every bad cell with line and the file's
 * column name; a code repeated within the file names the line that had it first. `mapping`
 * (column → field or `ignore`) reads a file under its own column names.
 */
export async function parseCompaniesCsv(input: Readable, options: { mapping?: ColumnMapping } = {}): Promise<ParsedFile<StagedCompany>> {
  const parser = input.pipe(parse({ info: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }));
  const rows: StagedCompany[] = [];
  const errors: ImportLineError[] = [];
  const firstLineOfCode = new Map<string, number>();
  let header: HeaderColumn<CompanyField>[] | undefined;
  let columnOf: (field: string) => string = (field) => field;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const line = info.lines;
    if (!header) {
      const read = readHeader(record, line, options.mapping, (name) => (isCompanyField(name) ? name : undefined));
      header = read.columns;
      columnOf = columnNames(header);
      errors.push(...read.errors);
      continue;
    }
    if (record.length !== header.length) {
      errors.push({ line, column: null, value: null, message: `has ${record.length} values where the header has ${header.length}` });
      continue;
    }
    const row: StagedCompany = { line, name: '' };
    header.forEach(({ target }, index) => {
      const value = record[index];
      if (value && target) row[target] = value;
    });
    const bad = (field: CompanyField, value: string | undefined, message: string) => errors.push({ line, column: columnOf(field), value: value ?? null, message });
    if (!row.name) bad('name', undefined, 'is required');
    if (row.kind && !COMPANY_KINDS.includes(row.kind)) bad('kind', row.kind, `must be one of: ${COMPANY_KINDS.join(', ')}`);
    if (row.email && !EMAIL.test(row.email)) bad('email', row.email, 'is not a valid e-mail address');
    if (row.code) {
      const first = firstLineOfCode.get(row.code);
      if (first === undefined) firstLineOfCode.set(row.code, line);
      else bad('code', row.code, `repeats the code of line ${first}`);
    }
    rows.push(row);
  }
  if (!header) return { rows, errors, emptyMessage: 'The file is empty: no header line and no data' };
  if (rows.length === 0 && errors.length === 0) return { rows, errors, emptyMessage: 'The file has a header line but no data lines' };
  return { rows, errors };
}
