import { stringify, type Options, type Stringifier } from 'csv-stringify';

/**
 * Spreadsheets read a cell starting with one of these as a formula (`=cmd|' /C calc'!A0`,
 * `@SUM(A1)`, `-2+3`): OWASP's CSV-injection list (= + - @ tab CR), plus the full-width
 * forms Apple Numbers folds into them.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A cell that is a number and nothing else (`-5`, `+40721234567`, `-0.25`, `1e-7`). It starts
 * with a sign but holds no operator, reference or call, so a spreadsheet can only read it as
 * that number: it is left as written, so a negative amount stays a number and an E.164 phone
 * number stays importable, where OWASP's blanket rule would turn both into text with a quote.
 */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell as it may safely reach a spreadsheet: one that would be read as a formula gets a
 * leading `'` (the spreadsheet's "this is text" mark) and is quoted, per OWASP's guidance.
 */
function neutralisedCell(text: string): string | { value: string; quoted: true } {
  if (!FORMULA_START.test(text) || PLAIN_NUMBER.test(text)) return text;
  return { value: `'${text}`, quoted: true };
}

/**
 * The one CSV writer of every file the product hands out (exports, import reports): csv-stringify
 * with formula cells neutralised. csv-stringify's own `escape_formulas` would prefix `-5` given as
 * text too, hence the cast. Every cell of a record must be a string, number or null: numbers are
 * written as they are (a number cannot be a formula).
 */
export function csvOutput(options: Omit<Options, 'cast' | 'escape_formulas'> = {}): Stringifier {
  return stringify({ ...options, cast: { string: neutralisedCell } });
}
