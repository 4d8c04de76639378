import { HEAD_BYTES } from './csv-header';

/** The first codes of a customer-code file, and how many it has when the whole file was read. */
export interface CodeFilePreview {
  first: string[];
  /** Codes in the file; undefined when only its head was read (a big file). */
  count: number | undefined;
}

/** Codes as the server reads them: one per line, trimmed, blank lines skipped. */
export function previewCodes(text: string, whole: boolean, shown = 5): CodeFilePreview {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  // The last line of a partial read may be cut in two: leave it out.
  if (!whole) lines.pop();
  const codes = lines.map((line) => line.trim()).filter((code) => code !== '');
  return { first: codes.slice(0, shown), count: whole ? codes.length : undefined };
}

export async function readCodeFilePreview(file: Blob): Promise<CodeFilePreview> {
  const whole = file.size <= HEAD_BYTES;
  return previewCodes(await file.slice(0, HEAD_BYTES).text(), whole);
}
