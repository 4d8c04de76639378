import { inTransaction, type Db, type DbClient } from './pool';

export type Gender = 'female' | 'male' | 'other';

/** A contact as written by the API; unset fields stay NULL (language defaults to 'en'). */
export interface ContactInput {
  email: string;
  firstName?: string;
  lastName?: string;
  gender?: Gender;
  title?: string;
  language?: string;
  phone?: string;
  addressLine?: string;
  postalCode?: string;
  city?: string;
  country?: string;
  attributes?: Record<string, unknown>;
}

export interface Contact {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  gender: Gender | null;
  title: string | null;
  language: string;
  phone: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Position in the (created_at, id) order, created_at at full microsecond precision. */
export interface ContactKey {
  createdAt: string;
  id: string;
}

const CONTACT_COLUMNS = `id, email, first_name AS "firstName", last_name AS "lastName", gender, title, language,
  phone, address_line AS "addressLine", postal_code AS "postalCode", city, country, attributes,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

// JS Dates keep milliseconds, Postgres microseconds: a key rounded through Date would skip or
// repeat rows that share a millisecond (every row of one bulk insert shares its timestamp).
const KEY_AT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * One statement for one row or a thousand: the rows travel as one JSON parameter, unpacked by
 * jsonb_to_recordset (no COPY, which breaks through pglite-socket; no parameter-count limit).
 */
function insertSql(returning: string): string {
  return `INSERT INTO contacts (email, first_name, last_name, gender, title, language, phone, address_line,
      postal_code, city, country, attributes)
    SELECT email, "firstName", "lastName", gender, title, coalesce(language, 'en'), phone, "addressLine",
      "postalCode", city, country, coalesce(attributes, '{}'::jsonb)
    FROM jsonb_to_recordset($1::jsonb) AS r(email text, "firstName" text, "lastName" text, gender text,
      title text, language text, phone text, "addressLine" text, "postalCode" text, city text,
      country text, attributes jsonb)
    RETURNING ${returning}`;
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}

export type CreateContactResult = { contact: Contact } | { duplicateEmail: true };

/** Insert one contact; an e-mail already on file (case-insensitively) is reported, not thrown. */
export async function createContact(db: Db, input: ContactInput): Promise<CreateContactResult> {
  try {
    const { rows } = await db.query<Contact>(insertSql(CONTACT_COLUMNS), [JSON.stringify([input])]);
    return { contact: rows[0]! };
  } catch (error) {
    if (isUniqueViolation(error)) return { duplicateEmail: true };
    throw error;
  }
}

export type InsertContactsResult =
  | { inserted: number }
  /** Indexes of the rows whose e-mail is already on file; nothing was written. */
  | { existing: number[] };

/** Rows per INSERT: big enough to be fast, small enough to keep each statement's JSON modest. */
const INSERT_BATCH = 1_000;

/**
 * All or nothing: every contact is written in one transaction, or none is. E-mails already on
 * file are found first (through the lower(email) index) so the caller can name every such row.
 */
export async function insertContacts(db: Db, contacts: ContactInput[]): Promise<InsertContactsResult> {
  try {
    return await inTransaction(db, async (client) => {
      const existing = await rowsWithKnownEmail(client, contacts);
      if (existing.length > 0) return { existing };
      for (let start = 0; start < contacts.length; start += INSERT_BATCH) {
        await client.query(insertSql('1'), [JSON.stringify(contacts.slice(start, start + INSERT_BATCH))]);
      }
      return { inserted: contacts.length };
    });
  } catch (error) {
    // A concurrent request took one of the addresses between our check and our insert.
    if (isUniqueViolation(error)) return { existing: [] };
    throw error;
  }
}

async function rowsWithKnownEmail(client: DbClient, contacts: ContactInput[]): Promise<number[]> {
  const emails = contacts.map((contact) => contact.email.toLowerCase());
  const { rows } = await client.query<{ email: string }>(
    'SELECT lower(email) AS email FROM contacts WHERE lower(email) = ANY($1::text[])',
    [emails],
  );
  const known = new Set(rows.map((row) => row.email));
  return emails.flatMap((email, index) => (known.has(email) ? [index] : []));
}

export async function getContact(db: Db, id: string): Promise<Contact | undefined> {
  const { rows } = await db.query<Contact>(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1`, [id]);
  return rows[0];
}

export interface ContactPage {
  items: Contact[];
  /** Key of the last item when more rows follow, else null. */
  next: ContactKey | null;
}

/**
 * Keyset paging in (created_at, id) order: each page starts strictly after the previous one's
 * last key, so rows inserted meanwhile never shift a page and every contact is seen once.
 */
export async function listContacts(
  db: Db,
  options: { limit: number; after?: ContactKey; search?: string },
): Promise<ContactPage> {
  const params: unknown[] = [options.limit + 1];
  const where: string[] = [];
  if (options.after) {
    params.push(options.after.createdAt, options.after.id);
    where.push(`(created_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  if (options.search) {
    params.push(`%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const p = `$${params.length}`;
    where.push(`(email ILIKE ${p} OR first_name ILIKE ${p} OR last_name ILIKE ${p}
      OR concat_ws(' ', first_name, last_name) ILIKE ${p})`);
  }
  const { rows } = await db.query<Contact & { keyAt: string }>(
    `SELECT ${CONTACT_COLUMNS}, ${KEY_AT} AS "keyAt" FROM contacts
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at, id LIMIT $1`,
    params,
  );
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(({ keyAt: _keyAt, ...contact }) => contact),
    next: more && last ? { createdAt: last.keyAt, id: last.id } : null,
  };
}

/** How many contacts exist (for tests and the demo seed's "already seeded?" check). */
export async function countContacts(db: Db): Promise<number> {
  const { rows } = await db.query<{ count: string }>('SELECT count(*) AS count FROM contacts');
  return Number(rows[0]?.count ?? 0);
}
