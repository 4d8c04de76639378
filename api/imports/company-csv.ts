import type { Readable } from 'node:stream';
import type { ImportLineError } from '../../db/import-jobs';
import type { StagedCompany } from '../../db/imports-companies';
import { isEmail } from '../../contracts/email';
import { columnNames, readHeader, recordProblems, type ColumnMapping, type HeaderColumn } from './csv-columns';
import { csvRecords } from './csv-records';
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

const isCompanyField = (name: string): name is CompanyField => (COMPANY_IMPORT_FIELDS as readonly string[]).includes(name);

/**
 * Parse and check a companies CSV as it streams in: every bad cell with line and the file's
 * column name; a code repeated within the file names the line that had it first. `mapping`
 * (column → field or `ignore`) reads a file under its own column names.
 */
export async function parseCompaniesCsv(input: Readable, options: { mapping?: ColumnMapping } = {}): Promise<ParsedFile<StagedCompany>> {
  const rows: StagedCompany[] = [];
  const errors: ImportLineError[] = [];
  const firstLineOfCode = new Map<string, number>();
  let header: HeaderColumn<CompanyField>[] | undefined;
  let columnOf: (field: string) => string = (field) => field;
  for await (const { record, line } of csvRecords(input)) {
    if (!header) {
      const read = readHeader(record, line, options.mapping, (name) => (isCompanyField(name) ? name : undefined));
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
    const row: StagedCompany = { line, name: '' };
    header.forEach(({ target }, index) => {
      const value = record[index];
      if (value && target) row[target] = value;
    });
    const bad = (field: CompanyField, value: string | undefined, message: string) => errors.push({ line, column: columnOf(field), value: value ?? null, message });
    if (!row.name) bad('name', undefined, 'is required');
    if (row.kind && !COMPANY_KINDS.includes(row.kind)) bad('kind', row.kind, `must be one of: ${COMPANY_KINDS.join(', ')}`);
    if (row.email && !isEmail(row.email)) bad('email', row.email, 'is not a valid e-mail address');
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
