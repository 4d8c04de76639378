import { pipeline, type Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { ImportReport } from '../../db/import-jobs';

/**
 * A file that cannot be read to its end (a broken quote, an upload over the limit): the import
 * job fails with this report, and the request is answered as for any refused file.
 */
export class UnreadableFile extends Error {
  override name = 'UnreadableFile';
  constructor(readonly report: ImportReport) {
    super(report.message);
  }
}

/** One record of a CSV file and its line in the file (counting from 1, the header included). */
export interface CsvRecord {
  line: number;
  record: string[];
}

/** What a reader error says about the line, for people who open the file in a spreadsheet. */
function readerMessage(error: CsvError): string {
  switch (error.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'has text after the closing quote of a value: quote the whole value and write a quote inside it as two ("")';
    case 'INVALID_OPENING_QUOTE':
      return 'has a quote inside a value that does not start with one: quote the whole value and write a quote inside it as two ("")';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'opens a quote that is never closed';
    default:
      return error.message;
  }
}

/**
 * The records of a CSV upload as it streams in (never held as one string). A record the reader
 * cannot make sense of stops the file: it throws `UnreadableFile` naming the line, as the
 * reader cannot know where the next record starts.
 */
export async function* csvRecords(input: Readable): AsyncGenerator<CsvRecord> {
  const parser = parse({ info: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  // pipeline, not pipe: an upload that breaks off must end the loop below with its error, not hang it.
  pipeline(input, parser, () => {});
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: info.lines, record };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (typeof error.lines !== 'number') {
      throw new UnreadableFile({ message: `The file cannot be read as CSV (${error.message}); nothing was imported`, errors: [] });
    }
    const line = error.lines;
    throw new UnreadableFile({
      message: `Line ${line} cannot be read as CSV; nothing was imported`,
      errors: [{ line, column: null, value: null, message: readerMessage(error) }],
    });
  }
}
