import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { from as copyFrom } from 'pg-copy-streams';
import { inTransaction, type Db, type DbClient } from './pool';

/** How rows reach the staging table: `COPY` on real Postgres, batched INSERTs through PGlite. */
export type BulkMode = 'copy' | 'insert';

/**
 * One checked line of a contacts file, ready to merge; `line` is its line in the file. Its
 * attributes are already typed and checked against their definitions (db/contact-attributes.ts).
 */
export interface StagedContact {
  line: number;
  email?: string;
  customerCode?: string;
  firstName?: string;
  lastName?: string;
  gender?: string;
  title?: string;
  position?: string;
  language?: string;
  timeZone?: string;
  phone?: string;
  addressLine?: string;
  postalCode?: string;
  city?: string;
  country?: string;
  attributes: Record<string, unknown>;
}

/** Staging columns, in COPY order: [column, key of StagedContact]. */
const STAGING_COLUMNS = [
  ['line', 'line'], ['email', 'email'], ['customer_code', 'customerCode'], ['first_name', 'firstName'],
  ['last_name', 'lastName'], ['gender', 'gender'], ['title', 'title'], ['position', 'position'],
  ['language', 'language'], ['time_zone', 'timeZone'], ['phone', 'phone'], ['address_line', 'addressLine'],
  ['postal_code', 'postalCode'], ['city', 'city'], ['country', 'country'], ['attributes', 'attributes'],
] as const;

/** Fields copied onto an existing contact when the file has a value for them. */
const MERGED_FIELDS = STAGING_COLUMNS.map(([column]) => column).filter((column) => !['line', 'attributes', 'email', 'customer_code'].includes(column));

/** Rows per INSERT in 'insert' mode (the jsonb_to_recordset fallback). */
const INSERT_BATCH = 1_000;

async function fillStaging(client: DbClient, rows: StagedContact[], mode: BulkMode): Promise<void> {
  const columns = STAGING_COLUMNS.map(([column]) => column);
  if (mode === 'copy') {
    const copy = client.query(copyFrom(`COPY import_contacts (${columns.join(', ')}) FROM STDIN (FORMAT csv)`));
    const records = Readable.from(rows.map((row) => STAGING_COLUMNS.map(([, key]) => (key === 'attributes' ? JSON.stringify(row.attributes) : (row[key] ?? null)))));
    await pipeline(records, stringify(), copy);
    return;
  }
  const recordType = STAGING_COLUMNS.map(([column, key]) => `"${key}" ${column === 'line' ? 'integer' : column === 'attributes' ? 'jsonb' : 'text'}`);
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    await client.query(
      `INSERT INTO import_contacts (${columns.join(', ')})
       SELECT ${STAGING_COLUMNS.map(([, key]) => `"${key}"`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType.join(', ')})`,
      [JSON.stringify(rows.slice(start, start + INSERT_BATCH))],
    );
  }
}

/**
 * Write checked contacts in ONE transaction: stage them (COPY or batched INSERT), match each to
 * an existing contact by e-mail (case-insensitively) or customer code, update the matches' fields
 * that the file fills (attributes merged) and insert the rest — all in set-based SQL.
 */
export async function mergeContacts(db: Db, rows: StagedContact[], mode: BulkMode): Promise<{ inserted: number; updated: number }> {
  return inTransaction(db, async (client) => {
    await client.query(`CREATE TEMP TABLE import_contacts (
        line integer NOT NULL, email text, customer_code text, first_name text, last_name text, gender text,
        title text, position text, language text, time_zone text, phone text, address_line text,
        postal_code text, city text, country text, attributes jsonb NOT NULL DEFAULT '{}', contact_id uuid
      ) ON COMMIT DROP`);
    await fillStaging(client, rows, mode);
    // Statistics for the planner (temp tables get none), then two equi-joins rather than one
    // `email OR code` join: an OR cannot hash-join and would compare every line to every contact.
    await client.query('ANALYZE import_contacts');
    await client.query(`UPDATE import_contacts s SET contact_id = c.id FROM contacts c
      WHERE lower(c.email) = lower(s.email) AND s.email IS NOT NULL`);
    await client.query(`UPDATE import_contacts s SET contact_id = c.id FROM contacts c
      WHERE c.customer_code = s.customer_code AND s.contact_id IS NULL`);
    const updated = await client.query(`UPDATE contacts c SET
        ${MERGED_FIELDS.map((column) => `${column} = coalesce(s.${column}, c.${column})`).join(', ')},
        email = coalesce(s.email, c.email), customer_code = coalesce(s.customer_code, c.customer_code),
        attributes = c.attributes || s.attributes, updated_at = now()
      FROM import_contacts s WHERE s.contact_id = c.id`);
    const inserted = await client.query(`INSERT INTO contacts (email, customer_code, ${MERGED_FIELDS.join(', ')}, attributes)
      SELECT email, customer_code, ${MERGED_FIELDS.map((column) => (column === 'language' ? `coalesce(language, 'en')` : column)).join(', ')}, attributes
      FROM import_contacts WHERE contact_id IS NULL ORDER BY line`);
    return { inserted: inserted.rowCount ?? 0, updated: updated.rowCount ?? 0 };
  });
}
