import type { Db } from './pool';

/** A contact as exported: the import's field names, plus the attributes object. */
export interface ExportedContact {
  id: string;
  email: string | null;
  customerCode: string | null;
  firstName: string | null;
  lastName: string | null;
  gender: string | null;
  title: string | null;
  position: string | null;
  language: string;
  timeZone: string | null;
  phone: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  attributes: Record<string, unknown>;
}

const EXPORT_COLUMNS = `c.id, c.email, c.customer_code AS "customerCode", c.first_name AS "firstName",
  c.last_name AS "lastName", c.gender, c.title, c.position, c.language, c.time_zone AS "timeZone", c.phone,
  c.address_line AS "addressLine", c.postal_code AS "postalCode", c.city, c.country, c.attributes`;

const PAGE = 1_000;

/** Restrict an export to the members of one contact list; none = every contact. */
export interface ExportScope {
  listId?: string;
}

function scopeSql(scope: ExportScope, params: unknown[]): string {
  if (!scope.listId) return 'TRUE';
  params.push(scope.listId);
  return `c.id IN (SELECT contact_id FROM contact_list_members WHERE list_id = $${params.length})`;
}

/** Every attribute key used by the exported contacts, sorted: one CSV column each. */
export async function exportAttributeKeys(db: Db, scope: ExportScope): Promise<string[]> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ key: string }>(
    `SELECT DISTINCT jsonb_object_keys(c.attributes) AS key FROM contacts c WHERE ${scopeSql(scope, params)} ORDER BY key`,
    params,
  );
  return rows.map((row) => row.key);
}

/**
 * The contacts to export, a page at a time in id order (keyset paging), so an export of a
 * million contacts streams with constant memory instead of one huge result.
 */
export async function* exportContacts(db: Db, scope: ExportScope): AsyncGenerator<ExportedContact> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const params: unknown[] = [after, PAGE];
    const { rows } = await db.query<ExportedContact>(
      `SELECT ${EXPORT_COLUMNS} FROM contacts c WHERE c.id > $1 AND ${scopeSql(scope, params)} ORDER BY c.id LIMIT $2`,
      params,
    );
    yield* rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) return;
    after = last.id;
  }
}

/** Whether a contact list exists (to answer 404 rather than an empty file). */
export async function contactListExists(db: Db, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM contact_lists WHERE id = $1', [id]);
  return rows.length > 0;
}
