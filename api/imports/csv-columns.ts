import type { ImportLineError } from '../../db/import-jobs';
import { unstorableTextProblem } from '../../db/storable-text';

/** csvColumn → the field it fills (for contacts also `attributes.<key>`), or `ignore`. */
export type ColumnMapping = Record<string, string>;

/** The mapping target (or header name) that drops a column. */
export const IGNORE_COLUMN = 'ignore';

/** One column of the header: its name in the file and what it fills (undefined: dropped). */
export interface HeaderColumn<Target> {
  name: string;
  target: Target | undefined;
}

/**
 * Read a CSV header line, through the import's `mapping` when one was sent (every column must be
 * named in it) or else by the columns' own names. `targetOf` turns a field name into the kind's
 * target, undefined for a name it does not know. Reported with the header's line: a column that
 * names nothing known, one mapped to an unknown field, and one filling a field an earlier column
 * fills already (the file would not say which value to keep).
 */
export function readHeader<Target>(
  record: readonly string[],
  line: number,
  mapping: ColumnMapping | undefined,
  targetOf: (field: string) => Target | undefined,
): { columns: HeaderColumn<Target>[]; errors: ImportLineError[] } {
  const errors: ImportLineError[] = [];
  const filledBy = new Map<string, string>();
  const columns = record.map((name): HeaderColumn<Target> => {
    // Own keys only: a column called "constructor" is not mapped by Object.prototype.
    const field = !mapping ? name : Object.hasOwn(mapping, name) ? mapping[name] : undefined;
    if (field === IGNORE_COLUMN) return { name, target: undefined };
    const refuse = (message: string): HeaderColumn<Target> => {
      errors.push({ line, column: name, value: null, message });
      return { name, target: undefined };
    };
    if (field === undefined) return refuse('is not a known column');
    const target = targetOf(field);
    if (target === undefined) return refuse(mapping ? `is mapped to unknown field "${field}"` : 'is not a known column');
    const earlier = filledBy.get(field);
    if (earlier !== undefined) return refuse(`fills field "${field}" as column "${earlier}" does already`);
    filledBy.set(field, name);
    return { name, target };
  });
  return { columns, errors };
}

/** Field → the file's column that fills it, so a bad value is reported under the name people see. */
export function columnNames(columns: readonly HeaderColumn<string>[]): (field: string) => string {
  const names = new Map(columns.flatMap(({ name, target }) => (target === undefined ? [] : [[target, name] as const])));
  return (field) => names.get(field) ?? field;
}

/**
 * What is wrong with a data record as a whole, before its values are checked: a count of values
 * other than the header's, or cells Postgres could not store (a NUL, a broken surrogate) — each
 * named by its column in the file, so the line is refused as any bad line, not left to fail the
 * write.
 */
export function recordProblems(record: readonly string[], columns: readonly HeaderColumn<unknown>[], line: number): ImportLineError[] {
  if (record.length !== columns.length) {
    return [{ line, column: null, value: null, message: `has ${record.length} values where the header has ${columns.length}` }];
  }
  return record.flatMap((value, index) => {
    const message = unstorableTextProblem(value);
    return message === undefined ? [] : [{ line, column: columns[index]?.name ?? null, value, message }];
  });
}
