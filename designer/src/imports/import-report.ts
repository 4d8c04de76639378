import type { ImportLineError } from '../api/crm-client';

/** Lines of a refused file shown in the page; the downloadable report holds all of them. */
export const REPORT_ROWS_SHOWN = 1_000;

/** The problems in file order (then column order of appearance), the way people fix a file. */
export function sortedProblems(errors: readonly ImportLineError[]): ImportLineError[] {
  return errors.map((error, index) => ({ error, index })).sort((a, b) => a.error.line - b.error.line || a.index - b.index).map(({ error }) => error);
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole report as CSV (line, column, value, problem), to download and fix the file by. */
export function reportCsv(errors: readonly ImportLineError[]): string {
  const rows = sortedProblems(errors).map((error) => [error.line, error.column, error.value, error.message].map(csvCell).join(','));
  return ['line,column,value,problem', ...rows].join('\r\n') + '\r\n';
}

/** "1 contact", "2 contacts". */
export function countOf(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
