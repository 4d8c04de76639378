import { writeAudit, type Actor } from './audit';
import { inTransaction, type Db, type Queryable } from './pool';
import { scopeWhere, type Scope } from './scope';

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
export interface ExportSelection {
  listId?: string;
}

/**
 * The WHERE condition of an export: the selection, and always the reader's scope, so the
 * attribute columns, the rows and the audited count are all drawn from the same contacts.
 */
function exportWhere(selection: ExportSelection, scope: Scope, params: unknown[]): string {
  const conditions = [scopeWhere(scope, 'c.store_id', params)];
  if (selection.listId) {
    params.push(selection.listId);
    conditions.push(`c.id IN (SELECT contact_id FROM contact_list_members WHERE list_id = $${params.length})`);
  }
  return conditions.join(' AND ');
}

/** Every attribute key used by the exported contacts, sorted: one CSV column each. */
export async function exportAttributeKeys(db: Db, selection: ExportSelection, scope: Scope): Promise<string[]> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ key: string }>(
    `SELECT DISTINCT jsonb_object_keys(c.attributes) AS key FROM contacts c WHERE ${exportWhere(selection, scope, params)} ORDER BY key`,
    params,
  );
  return rows.map((row) => row.key);
}

/** How many contacts the export will write (its audit row records it when the export starts). */
export async function countExport(db: Queryable, selection: ExportSelection, scope: Scope): Promise<number> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ count: string }>(`SELECT count(*) AS count FROM contacts c WHERE ${exportWhere(selection, scope, params)}`, params);
  return Number(rows[0]?.count ?? 0);
}

/**
 * The contacts to export, a page at a time in id order (keyset paging), so an export of a
 * million contacts streams with constant memory instead of one huge result.
 */
export async function* exportContacts(db: Db, selection: ExportSelection, scope: Scope): AsyncGenerator<ExportedContact> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const params: unknown[] = [after, PAGE];
    const { rows } = await db.query<ExportedContact>(
      `SELECT ${EXPORT_COLUMNS} FROM contacts c WHERE c.id > $1 AND ${exportWhere(selection, scope, params)} ORDER BY c.id LIMIT $2`,
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

/** What an export's audit row names: the contacts, a segment or a contact list, and what limited it. */
export interface ExportRecord {
  entity: 'contacts' | 'segment' | 'contact_list';
  entityId?: string;
  /** The selection and the reader's scope the rows were drawn with. */
  filters: Record<string, unknown>;
  /** How many contacts the export writes. */
  rows: number;
}

/**
 * Record an export in the audit log as it starts (`contacts.export`), before any row is sent:
 * an export that could not be recorded does not happen. An export is a read, so there is no
 * write to share a transaction with: the audit row gets a small transaction of its own.
 */
export async function auditExport(db: Db, actor: Actor, record: ExportRecord): Promise<void> {
  await inTransaction(db, (client) =>
    writeAudit(client, actor, { action: 'contacts.export', entity: record.entity, entityId: record.entityId ?? null, diff: { filters: record.filters, rows: record.rows } }),
  );
}
