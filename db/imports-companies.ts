import { inTransaction, type Db } from './pool';

/** One checked line of a companies file; `line` is its line in the file. */
export interface StagedCompany {
  line: number;
  name: string;
  code?: string;
  kind?: string;
  vatNumber?: string;
  industry?: string;
  email?: string;
  phone?: string;
  addressLine?: string;
  postalCode?: string;
  city?: string;
  country?: string;
}

/** [companies column, staged key] of every merged field. */
const FIELDS = [
  ['name', 'name'], ['kind', 'kind'], ['vat_number', 'vatNumber'], ['industry', 'industry'], ['email', 'email'],
  ['phone', 'phone'], ['address_line', 'addressLine'], ['postal_code', 'postalCode'], ['city', 'city'], ['country', 'country'],
] as const;

const BATCH = 1_000;

/**
 * Write companies in ONE transaction: stage them, update the companies whose code is already on
 * file (the file's non-empty fields win) and insert the rest — set-based SQL.
 */
export async function mergeCompanies(db: Db, rows: StagedCompany[]): Promise<{ inserted: number; updated: number }> {
  return inTransaction(db, async (client) => {
    await client.query(`CREATE TEMP TABLE import_companies (line integer, code text, ${FIELDS.map(([column]) => `${column} text`).join(', ')},
      company_id uuid) ON COMMIT DROP`);
    for (let start = 0; start < rows.length; start += BATCH) {
      await client.query(
        `INSERT INTO import_companies (line, code, ${FIELDS.map(([column]) => column).join(', ')})
         SELECT line, code, ${FIELDS.map(([, key]) => `"${key}"`).join(', ')}
         FROM jsonb_to_recordset($1::jsonb) AS r(line integer, code text, ${FIELDS.map(([, key]) => `"${key}" text`).join(', ')})`,
        [JSON.stringify(rows.slice(start, start + BATCH))],
      );
    }
    await client.query(`UPDATE import_companies s SET company_id = c.id FROM companies c WHERE c.code = s.code`);
    const updated = await client.query(`UPDATE companies c SET ${FIELDS.map(([column]) => `${column} = coalesce(s.${column}, c.${column})`).join(', ')},
        updated_at = now()
      FROM import_companies s WHERE s.company_id = c.id`);
    const inserted = await client.query(`INSERT INTO companies (code, ${FIELDS.map(([column]) => column).join(', ')})
      SELECT code, ${FIELDS.map(([column]) => (column === 'kind' ? `coalesce(kind, 'prospect')` : column)).join(', ')}
      FROM import_companies WHERE company_id IS NULL ORDER BY line`);
    return { inserted: inserted.rowCount ?? 0, updated: updated.rowCount ?? 0 };
  });
}
