/**
 * Keyset paging in (created_at, id) order, shared by the contact and lead listings: each page
 * starts strictly after the previous one's last key, so rows inserted meanwhile never shift a
 * page and every row is seen once.
 */

/** Position in the (created_at, id) order, created_at at full microsecond precision. */
export interface KeysetKey {
  createdAt: string;
  id: string;
}

/**
 * `alias.created_at` as microsecond ISO text. JS Dates keep milliseconds, Postgres microseconds:
 * a key rounded through Date would skip or repeat rows that share a millisecond (every row of one
 * bulk insert shares its timestamp).
 */
export function keyAtSql(alias: string): string {
  return `to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Split the LIMIT n+1 rows of a page query into the page and the key to continue after. */
export function keysetPage<T extends { id: string; keyAt: string }>(rows: T[], limit: number): { items: Omit<T, 'keyAt'>[]; next: KeysetKey | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(({ keyAt: _keyAt, ...item }) => item),
    next: more && last ? { createdAt: last.keyAt, id: last.id } : null,
  };
}
