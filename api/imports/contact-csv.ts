import type { Readable } from 'node:stream';
import { ATTRIBUTE_KEY_PATTERN } from '../../flow/audience-fields';
import type { ImportLineError } from '../../db/import-jobs';
import { parseAttributeCell, type AttributeRules } from '../../db/contact-attributes';
import type { StagedContact } from '../../db/imports-contacts';
import { GENDERS } from '../../contracts/contact';
import { isEmail } from '../../contracts/email';
import { readHeader, recordProblems, type ColumnMapping, type HeaderColumn } from './csv-columns';
import { csvRecords } from './csv-records';

/** The contact fields a CSV column may fill; the same names are the headers of the export. */
export const CONTACT_IMPORT_FIELDS = [
  'email', 'customerCode', 'firstName', 'lastName', 'gender', 'title', 'position', 'language',
  'timeZone', 'phone', 'addressLine', 'postalCode', 'city', 'country',
] as const;
export type ContactImportField = (typeof CONTACT_IMPORT_FIELDS)[number];

export interface ParsedContacts {
  rows: StagedContact[];
  errors: ImportLineError[];
  /** Set when the file holds nothing to import (no header, or no data line). */
  emptyMessage?: string;
}

const ATTRIBUTE_PREFIX = 'attributes.';
const FIELD_SET = new Set<string>(CONTACT_IMPORT_FIELDS);

type Target = { field: ContactImportField } | { attribute: string };

function targetOf(name: string): Target | undefined {
  if (FIELD_SET.has(name)) return { field: name as ContactImportField };
  if (name.startsWith(ATTRIBUTE_PREFIX)) {
    const key = name.slice(ATTRIBUTE_PREFIX.length);
    if (ATTRIBUTE_KEY_PATTERN.test(key)) return { attribute: key };
  }
  return undefined;
}

/**
 * Parse and check a contacts CSV as it streams in (the file is never held as one string): every
 * bad line is collected with its line number, column and reason, so one upload reports them all.
 * Lines repeating an earlier line's e-mail (case-insensitively) or customer code are errors too.
 */
export async function parseContactsCsv(
  input: Readable,
  options: { mapping?: ColumnMapping; attributeRules: AttributeRules; onProgress?: (rows: number) => Promise<void> },
): Promise<ParsedContacts> {
  const rows: StagedContact[] = [];
  const errors: ImportLineError[] = [];
  const firstLineOf = new Map<string, number>();
  let header: HeaderColumn<Target>[] | undefined;

  for await (const { record, line } of csvRecords(input)) {
    if (!header) {
      const read = readHeader(record, line, options.mapping, targetOf);
      header = read.columns;
      errors.push(...read.errors);
      continue;
    }
    const unfit = recordProblems(record, header, line);
    if (unfit.length > 0) {
      errors.push(...unfit);
      continue;
    }
    const row: StagedContact = { line, attributes: {} };
    let rejectedEmail = false;
    header.forEach(({ name, target }, index) => {
      const raw = record[index] ?? '';
      if (target === undefined || raw === '') return;
      const bad = (message: string) => errors.push({ line, column: name, value: raw, message });
      if ('attribute' in target) {
        const result = parseAttributeCell(options.attributeRules.get(target.attribute), raw);
        if ('error' in result) bad(result.error);
        else row.attributes[target.attribute] = result.value;
        return;
      }
      if (target.field === 'email' && !isEmail(raw)) {
        rejectedEmail = true;
        return bad('is not a valid e-mail address');
      }
      if (target.field === 'gender' && !(GENDERS as readonly string[]).includes(raw)) return bad(`must be one of: ${GENDERS.join(', ')}`);
      row[target.field] = raw;
    });
    if (row.email === undefined && row.customerCode === undefined && !rejectedEmail) {
      errors.push({ line, column: null, value: null, message: 'needs an e-mail or a customer code' });
    }
    for (const [column, key] of [['email', row.email?.toLowerCase()], ['customerCode', row.customerCode]] as const) {
      if (key === undefined) continue;
      const first = firstLineOf.get(`${column}:${key}`);
      if (first === undefined) firstLineOf.set(`${column}:${key}`, line);
      else errors.push({ line, column, value: key, message: `repeats the ${column} of line ${first}` });
    }
    rows.push(row);
    if (rows.length % PROGRESS_EVERY === 0) await options.onProgress?.(rows.length);
  }
  if (!header) return { rows, errors, emptyMessage: 'The file is empty: no header line and no data' };
  if (rows.length === 0 && errors.length === 0) return { rows, errors, emptyMessage: 'The file has a header line but no data lines' };
  return { rows, errors };
}

/** Rows between two progress updates of the import job. */
const PROGRESS_EVERY = 1_000;
