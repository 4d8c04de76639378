import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/pool';
import { importCsvFile } from '../scripts/import-csv';

export interface CsvImportFigures {
  rows: number;
  megabytes: number;
  importSeconds: number;
  rawCopySeconds: number;
  /** The same rows COPYed straight into `contacts` (typed columns, attributes as jsonb, every index). */
  tableCopySeconds: number;
  inserted: number;
}

const HEADER = 'email,firstName,lastName,gender,language,city,country,customerCode,attributes.age,attributes.favouriteColour,attributes.shoeSize';
const COLOURS = ['blue', 'red', 'green', 'black', 'white', 'yellow'];

/** A contacts file as a sales team would export it: person fields plus typed custom attributes. */
function contactsCsv(rows: number): string {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i += 1) {
    lines.push(
      `csv${i}@import.test,First${i},"Last, ${i}",${i % 2 ? 'female' : 'male'},en,Cluj,RO,K${String(i).padStart(8, '0')},${18 + (i % 60)},${COLOURS[i % COLOURS.length]},${35 + (i % 12)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const TABLE_COLUMNS = 'email, first_name, last_name, gender, language, city, country, customer_code, attributes';

/** The same people as `contactsCsv`, shaped like the contacts table (attributes as JSON). */
function contactsTableCsv(rows: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= rows; i += 1) {
    const attributes = JSON.stringify({ age: 18 + (i % 60), favouriteColour: [COLOURS[i % COLOURS.length]], shoeSize: 35 + (i % 12) }).replaceAll('"', '""');
    lines.push(`csv${i}@import.test,First${i},"Last, ${i}",${i % 2 ? 'female' : 'male'},en,Cluj,RO,K${String(i).padStart(8, '0')},"${attributes}"`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The contacts CSV import (parse, check every line, stage through COPY, merge by e-mail and
 * customer code in one transaction — scripts/import-csv.ts, the API's pipeline) against the
 * floors: a bare `COPY … FROM STDIN (FORMAT csv)` of the same file into an all-text table, and
 * the same rows COPYed straight into `contacts` with all its indexes (what writing alone costs).
 * Attribute definitions make the import check and type the attribute columns.
 */
export async function benchCsvImport(db: Db, rows: number): Promise<CsvImportFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'cs-bench-import-'));
  try {
    const path = join(dir, 'contacts.csv');
    const csv = contactsCsv(rows);
    await writeFile(path, csv);
    await db.query(
      `INSERT INTO attribute_definitions (key, label, type, options) VALUES
         ('age', 'Age', 'number', NULL), ('shoeSize', 'Shoe size', 'number', NULL),
         ('favouriteColour', 'Favourite colour', 'list', $1::jsonb)
       ON CONFLICT (key) DO NOTHING`,
      [JSON.stringify(COLOURS)],
    );

    let started = performance.now();
    const job = await importCsvFile(db, 'contacts', path);
    const importSeconds = (performance.now() - started) / 1000;
    if (job.status !== 'completed') throw new Error(`bench import failed: ${job.report.message ?? 'no message'}`);

    const client = await db.connect();
    try {
      await client.query(`CREATE TEMP TABLE raw_contacts_csv (${HEADER.split(',').map((_, i) => `c${i} text`).join(', ')})`);
      started = performance.now();
      await pipeline(createReadStream(path), client.query(copyFrom('COPY raw_contacts_csv FROM STDIN (FORMAT csv, HEADER true)')));
      const rawCopySeconds = (performance.now() - started) / 1000;
      await client.query('DROP TABLE raw_contacts_csv');

      // The write floor: what maintaining the contacts table's indexes alone costs.
      await client.query('TRUNCATE contacts CASCADE');
      const tablePath = join(dir, 'contacts-table.csv');
      await writeFile(tablePath, contactsTableCsv(rows));
      started = performance.now();
      await pipeline(createReadStream(tablePath), client.query(copyFrom(`COPY contacts (${TABLE_COLUMNS}) FROM STDIN (FORMAT csv)`)));
      const tableCopySeconds = (performance.now() - started) / 1000;
      return { rows, megabytes: Buffer.byteLength(csv) / 1e6, importSeconds, rawCopySeconds, tableCopySeconds, inserted: job.insertedRows };
    } finally {
      client.release();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
