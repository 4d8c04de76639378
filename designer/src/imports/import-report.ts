import type { ImportLineError } from '../api/crm-client';

/** Lines of a refused file shown in the page; the downloadable report (from the server) holds all of them. */
export const REPORT_ROWS_SHOWN = 1_000;

/** The problems in file order (then column order of appearance), the way people fix a file. */
export function sortedProblems(errors: readonly ImportLineError[]): ImportLineError[] {
  return errors.map((error, index) => ({ error, index })).sort((a, b) => a.error.line - b.error.line || a.index - b.index).map(({ error }) => error);
}

/** "1 contact", "2 contacts". */
export function countOf(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
