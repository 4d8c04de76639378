/**
 * What the import page shows after a file: the refused lines in file order (the downloadable
 * CSV is the server's: tests/integration/csv-injection.test.ts), and the preview of a
 * customer-code file (codes read as the server reads them).
 */
import { describe, expect, it } from 'vitest';
import { previewCodes } from '../../designer/src/imports/code-file';
import { countOf, sortedProblems } from '../../designer/src/imports/import-report';

const PROBLEMS = [
  { line: 7, column: 'email', value: 'x@', message: 'is not a valid e-mail address' },
  { line: 3, column: null, value: null, message: 'needs an e-mail or a customer code' },
  { line: 3, column: 'gender', value: 'f, maybe', message: 'must be one of: female, male, other' },
  { line: 1, column: 'Shoe', value: null, message: 'is not a known column' },
];

describe('the error report', () => {
  it('lists problems by line, keeping the server’s order within a line', () => {
    expect(sortedProblems(PROBLEMS).map((problem) => [problem.line, problem.column])).toEqual([
      [1, 'Shoe'],
      [3, null],
      [3, 'gender'],
      [7, 'email'],
    ]);
  });

  it('counts in words', () => {
    expect(countOf(1, 'contact', 'contacts')).toBe('1 contact');
    expect(countOf(12345, 'contact', 'contacts')).toBe('12,345 contacts');
    expect(countOf(0, 'code', 'codes')).toBe('0 codes');
  });
});

describe('previewCodes', () => {
  it('reads one trimmed code per line, skipping blank lines, as the server does', () => {
    expect(previewCodes('\uFEFF C1 \r\n\r\nC2\nC3\n', true)).toEqual({ first: ['C1', 'C2', 'C3'], count: 3 });
  });

  it('leaves out the last line of a partial read and gives no count', () => {
    expect(previewCodes('C1\nC2\nC3', false, 5)).toEqual({ first: ['C1', 'C2'], count: undefined });
  });
});
