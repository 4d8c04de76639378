/**
 * Reads the first records of a CSV file in the browser, the way the server's parser does
 * (csv-parse with `bom`, `trim` and `skip_empty_lines`; comma-separated, `"` quotes, `""` an
 * escaped quote, records ended by LF, CRLF or CR), so the column names shown in the mapping
 * table are exactly the names the server will see.
 */

export interface CsvRecord {
  fields: string[];
  /** Character offset just past this record's line ending (or the text's end). */
  end: number;
}

const BOM = '\uFEFF';
const QUOTE = '"';
const DELIMITER = ',';

/** csv-parse's `trim` drops Unicode white space around a field (what `\s` matches); a quoted field's inside stays. */
const isBlank = (char: string) => /\s/.test(char);

/**
 * Up to `limit` complete records from the start of `text`. A record is complete when its line
 * ending was read, or when `final` says the text is the whole file; a record cut off by the end
 * of a partial read is left out. Empty lines are skipped, a leading BOM is dropped.
 */
export function readCsvRecords(text: string, limit: number, final: boolean): CsvRecord[] {
  const records: CsvRecord[] = [];
  let at = text.startsWith(BOM) ? BOM.length : 0;
  while (records.length < limit && at < text.length) {
    const record = readRecord(text, at, final);
    if (!record) break;
    at = record.end;
    // An empty line is no record (skip_empty_lines) but still moves the offset on.
    if (!(record.fields.length === 1 && record.fields[0] === '' && !record.quoted)) records.push({ fields: record.fields, end: record.end });
  }
  return records;
}

function readRecord(text: string, start: number, final: boolean): (CsvRecord & { quoted: boolean }) | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let anyQuoted = false;
  let inQuotes = false;
  let at = start;
  const closeField = () => {
    fields.push(quoted ? field : field.trim());
    field = '';
    quoted = false;
  };
  while (at < text.length) {
    const char = text[at]!;
    if (inQuotes) {
      if (char !== QUOTE) field += char;
      else if (text[at + 1] === QUOTE) {
        field += QUOTE;
        at += 1;
      } else if (at + 1 === text.length && !final) return undefined; // `""` may be split by the read
      else inQuotes = false;
      at += 1;
      continue;
    }
    if (char === QUOTE && field.trim() === '' && !quoted) {
      inQuotes = true;
      quoted = true;
      anyQuoted = true;
      field = '';
    } else if (char === DELIMITER) closeField();
    else if (char === '\n' || char === '\r') {
      const terminator = char === '\r' && text[at + 1] === '\n' ? '\r\n' : char;
      // A CR as the last character read may be the first half of a CRLF.
      if (char === '\r' && at + 1 === text.length && !final) return undefined;
      closeField();
      return { fields, end: at + terminator.length, quoted: anyQuoted };
    } else if (!(quoted && isBlank(char))) field += char;
    at += 1;
  }
  if (!final || inQuotes) return undefined;
  closeField();
  return { fields, end: text.length, quoted: anyQuoted };
}

/** The header line of a file and a sample of its first data line. */
export interface CsvHead {
  columns: string[];
  /** The first data line's values (empty when the file has no data line in its head). */
  sample: string[];
}

/** Bytes read to find the header: far more than any header line, far less than a big file. */
export const HEAD_BYTES = 64 * 1024;

/**
 * Parse the header (and one sample line) from the first bytes of a file. `bytes` is the file's
 * start; `whole` says it is the entire file. Returns an error message when there is no header.
 */
export function parseCsvHead(bytes: Uint8Array, whole: boolean): CsvHead | { error: string } {
  // ignoreBOM keeps the BOM in the text for readCsvRecords to drop as csv-parse does; `stream`
  // holds back a multi-byte character cut in two by the end of a partial read.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes, { stream: !whole });
  const [header, sample] = readCsvRecords(text, 2, whole);
  if (!header) {
    return { error: whole ? 'The file is empty: it has no header line.' : `The first line is longer than ${HEAD_BYTES / 1024} KB: is this a CSV file?` };
  }
  return { columns: header.fields, sample: sample?.fields ?? [] };
}

/** A header that looks semicolon- or tab-separated: the server splits on commas only. */
export function looksLikeOtherDelimiter(columns: string[]): ';' | '\t' | undefined {
  if (columns.length !== 1) return undefined;
  const only = columns[0] ?? '';
  if (only.includes(';')) return ';';
  if (only.includes('\t')) return '\t';
  return undefined;
}

/** Read a file's head from disk (a `File` or any `Blob`) and parse its header. */
export async function readCsvHead(file: Blob): Promise<CsvHead | { error: string }> {
  const whole = file.size <= HEAD_BYTES;
  const bytes = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  return parseCsvHead(bytes, whole);
}
