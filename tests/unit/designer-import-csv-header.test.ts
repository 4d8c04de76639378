/**
 * The import page reads a CSV header in the browser; the server parses the same file with
 * csv-parse. These tests hold the two to the same column names, on the awkward inputs real
 * exports produce (BOM, quotes, CRLF, spaces, multi-byte names cut by a partial read).
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { HEAD_BYTES, looksLikeOtherDelimiter, parseCsvHead, readCsvHead, readCsvRecords } from '../../designer/src/imports/csv-header';

/** The options of api/imports/*-csv.ts. */
const serverRecords = (text: string): string[][] => parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
const bytes = (text: string) => new TextEncoder().encode(text);

const FILES: Record<string, string> = {
  plain: 'email,firstName,lastName\na@example.test,Ana,Pop\n',
  bom: '\uFEFFemail,firstName\na@example.test,Ana\n',
  crlf: 'email,city\r\na@example.test,Cluj\r\nb@example.test,Iași\r\n',
  'lone CR': 'email,city\ra@example.test,Cluj\r',
  quoted: '"E-mail","Name, full","Say ""hi"""\n"a@example.test","Pop, Ana","hi"\n',
  'quoted newline': '"Street\naddress",email\n"Main St 1\nFlat 2",a@example.test\n',
  'spaces around': '  email ,  "First name"  , city\n a@example.test , Ana , Cluj \n',
  'blank lines first': '\n\n   \nemail,city\n\na@example.test,Cluj\n',
  'no newline at end': 'email,city\na@example.test,Cluj',
  'header only': 'email,city',
  'accented names': '\uFEFFPrénom,Straße,Città\nÉlodie,Hauptstraße 1,Città\n',
  'empty column name': 'email,,city\na@example.test,x,Cluj\n',
  'non-breaking spaces': '\u00a0email\u00a0,city\na@example.test,Cluj\n',
};

describe('readCsvRecords reads a whole file as csv-parse does', () => {
  for (const [name, text] of Object.entries(FILES)) {
    it(name, () => {
      expect(readCsvRecords(text, 100, true).map((record) => record.fields)).toEqual(serverRecords(text));
    });
  }
});

describe('parseCsvHead', () => {
  it('names the columns and samples the first data line', () => {
    const head = parseCsvHead(bytes(FILES.quoted!), true);
    expect(head).toEqual({ columns: ['E-mail', 'Name, full', 'Say "hi"'], sample: ['a@example.test', 'Pop, Ana', 'hi'] });
  });

  it('drops the BOM and keeps multi-byte characters of the names and the sample', () => {
    expect(parseCsvHead(bytes(FILES['accented names']!), true)).toEqual({ columns: ['Prénom', 'Straße', 'Città'], sample: ['Élodie', 'Hauptstraße 1', 'Città'] });
  });

  it('reads a CRLF file without a stray CR in the last column', () => {
    expect(parseCsvHead(bytes(FILES.crlf!), true)).toEqual({ columns: ['email', 'city'], sample: ['a@example.test', 'Cluj'] });
  });

  it('reads the header from a partial read that cuts a character, a CRLF or a quoted cell in two', () => {
    const text = 'email,Straße\r\nana@example.test,"Ha""uptstraße 1"\r\nrest';
    const encoded = bytes(text);
    // Every cut point inside the sample line still gives the header; the sample is either whole or absent.
    for (let cut = bytes('email,Straße\r\n').length; cut < encoded.length; cut += 1) {
      const head = parseCsvHead(encoded.slice(0, cut), false);
      if ('error' in head) throw new Error(`cut at ${cut}: ${head.error}`);
      expect(head.columns).toEqual(['email', 'Straße']);
      expect([[], ['ana@example.test', 'Ha"uptstraße 1']]).toContainEqual(head.sample);
    }
  });

  it('does not take a header cut off by the end of a partial read', () => {
    expect(parseCsvHead(bytes('email,first'), false)).toEqual({ error: `The first line is longer than ${HEAD_BYTES / 1024} KB: is this a CSV file?` });
    expect(parseCsvHead(bytes('email,first\r'), false)).toHaveProperty('error');
  });

  it('says so when the file is empty', () => {
    expect(parseCsvHead(bytes(''), true)).toEqual({ error: 'The file is empty: it has no header line.' });
    expect(parseCsvHead(bytes('\uFEFF\n\n'), true)).toEqual({ error: 'The file is empty: it has no header line.' });
  });

  it('reads only the head of a big file', async () => {
    const line = 'a@example.test,Ana\n';
    const file = new Blob([`email,firstName\n${line.repeat(Math.ceil((HEAD_BYTES * 3) / line.length))}`]);
    const head = await readCsvHead(file);
    expect(head).toMatchObject({ columns: ['email', 'firstName'], sample: ['a@example.test', 'Ana'] });
  });
});

describe('looksLikeOtherDelimiter', () => {
  it('spots semicolon and tab files, which the server would read as one column', () => {
    expect(looksLikeOtherDelimiter(serverRecords('email;firstName\na@x.test;Ana\n')[0]!)).toBe(';');
    expect(looksLikeOtherDelimiter(['email\tfirstName'])).toBe('\t');
    expect(looksLikeOtherDelimiter(['email', 'firstName'])).toBeUndefined();
    expect(looksLikeOtherDelimiter(['email'])).toBeUndefined();
  });
});
