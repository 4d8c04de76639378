import type { Static } from '@sinclair/typebox';
import type { ContactInputSchema, ContactPatchSchema, ContactSchema, ContactWithCompanySchema, GENDERS } from '../contracts/contact';
import { attributePatchSql, checkAttributePatch, checkAttributes, loadAttributeRules, type AttributeRules } from './contact-attributes';
import { keyAtSql, keysetPage, type KeysetKey } from './keyset';
import type { Db, DbClient, Queryable } from './pool';
import { ALL_CONTACTS, scopeAdmitsStore, scopeWhere, type Scope } from './scope';
import { conflict, invalid, isUniqueViolation, notFound, refusableTransaction, refuse, type FieldProblem, type Outcome, type Refusal } from './write-refusal';

export type Gender = (typeof GENDERS)[number];

/** A contact as written by the API (contracts/contact.ts); unset fields stay NULL (language defaults to 'en'). */
export type ContactInput = Static<typeof ContactInputSchema>;

/**
 * A partial update: absent fields stay as they are, null empties a field. Attributes merge key by
 * key and a key set to null is removed (JSON merge patch, RFC 7396).
 */
export type ContactPatch = Static<typeof ContactPatchSchema>;

/** Links and CRM fields a write may set; null (or absent) leaves them empty. */
type ContactLinks = Pick<ContactInput, 'companyId' | 'customerCode' | 'position' | 'timeZone' | 'ownerId' | 'storeId'>;

/** A contact as read; `abcClass` is set by the ABC recomputation (db/abc.ts), never by a contact write. */
export type Contact = Static<typeof ContactSchema>;

/** A contact as it is read (one, or a row of the list): with the names of its company, owner and store. */
export type ContactWithCompany = Static<typeof ContactWithCompanySchema>;

export const CONTACT_COLUMNS = `c.id, c.email, c.first_name AS "firstName", c.last_name AS "lastName", c.gender, c.title,
  c.language, c.phone, c.address_line AS "addressLine", c.postal_code AS "postalCode", c.city, c.country,
  c.company_id AS "companyId", c.customer_code AS "customerCode", c.position, c.time_zone AS "timeZone",
  c.owner_id AS "ownerId", c.store_id AS "storeId", c.attributes, c.abc_class AS "abcClass",
  c.abc_computed_at AS "abcComputedAt", c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

/** A contact as read: its columns and the names its ids point at, for people to read. */
const CONTACT_READ_SELECT = `SELECT ${CONTACT_COLUMNS}, co.name AS "companyName", ow.name AS "ownerName", st.name AS "storeName"`;
const CONTACT_READ_FROM = `contacts c LEFT JOIN companies co ON co.id = c.company_id
  LEFT JOIN users ow ON ow.id = c.owner_id LEFT JOIN stores st ON st.id = c.store_id`;

/** The fields a write may set → [column, SQL type]. Only these names ever reach the SQL text. */
const WRITABLE = {
  email: ['email', 'text'],
  firstName: ['first_name', 'text'],
  lastName: ['last_name', 'text'],
  gender: ['gender', 'text'],
  title: ['title', 'text'],
  language: ['language', 'text'],
  phone: ['phone', 'text'],
  addressLine: ['address_line', 'text'],
  postalCode: ['postal_code', 'text'],
  city: ['city', 'text'],
  country: ['country', 'text'],
  companyId: ['company_id', 'uuid'],
  customerCode: ['customer_code', 'text'],
  position: ['position', 'text'],
  timeZone: ['time_zone', 'text'],
  ownerId: ['owner_id', 'uuid'],
  storeId: ['store_id', 'uuid'],
} as const satisfies Record<string, readonly [string, string]>;
const WRITABLE_FIELDS = Object.keys(WRITABLE) as (keyof typeof WRITABLE)[];

/** Foreign keys checked before writing, so a bad id is a 422 naming its field, not a 500. */
const REFERENCES = [
  { field: 'companyId', table: 'companies', what: 'company' },
  { field: 'ownerId', table: 'users', what: 'user' },
  { field: 'storeId', table: 'stores', what: 'store' },
] as const;

/**
 * One statement for one row or a thousand: the rows travel as one JSON parameter, unpacked by
 * jsonb_to_recordset (no COPY, which breaks through pglite-socket; no parameter-count limit).
 */
function insertSql(returning: string): string {
  const columns = WRITABLE_FIELDS.map((field) => WRITABLE[field][0]);
  const values = WRITABLE_FIELDS.map((field) => (field === 'language' ? `coalesce(r."language", 'en')` : `r."${field}"`));
  const record = WRITABLE_FIELDS.map((field) => `"${field}" ${WRITABLE[field][1]}`);
  return `INSERT INTO contacts AS c (${columns.join(', ')}, attributes)
    SELECT ${values.join(', ')}, coalesce(r.attributes, '{}'::jsonb)
    FROM jsonb_to_recordset($1::jsonb) AS r(${record.join(', ')}, attributes jsonb)
    RETURNING ${returning}`;
}

/** True when Intl knows `zone` as an IANA zone name (offsets such as +02:00 are not zones). */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The checks of one contact that need no lookup: typed attributes (returned in their typed form)
 * and the time zone. `path` prefixes field names (`contacts[3].`). In a patch, an attribute set
 * to null is a removal, so it is not checked against its type.
 */
function checkFields<T extends ContactInput | ContactPatch>(
  rules: AttributeRules,
  contact: T,
  path: string,
  mode: 'create' | 'patch',
): { contact: T; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  let checked = contact;
  if (contact.attributes !== undefined) {
    const check = mode === 'patch' ? checkAttributePatch : checkAttributes;
    const result = check(rules, contact.attributes, `${path}attributes`);
    problems.push(...result.problems);
    checked = { ...contact, attributes: result.attributes };
  }
  if (typeof contact.timeZone === 'string' && !isIanaTimeZone(contact.timeZone)) {
    problems.push({ field: `${path}timeZone`, message: 'must be an IANA time zone such as Europe/Bucharest' });
  }
  return { contact: checked, problems };
}

/** Ids that name no row, per row: `path(i)` + field, e.g. `contacts[2].storeId`. */
async function referenceProblems(client: Queryable, contacts: ContactLinks[], path: (index: number) => string): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const { field, table, what } of REFERENCES) {
    const ids = [...new Set(contacts.flatMap((contact) => (contact[field] ? [contact[field]] : [])))];
    if (ids.length === 0) continue;
    const { rows } = await client.query<{ id: string }>(`SELECT id::text AS id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    const known = new Set(rows.map((row) => row.id));
    contacts.forEach((contact, index) => {
      const id = contact[field];
      if (id && !known.has(id.toLowerCase())) problems.push({ field: `${path(index)}${field}`, message: `names no ${what}` });
    });
  }
  return problems;
}

/**
 * A store-bound caller's contact stays in their store: a new one given no store goes to theirs;
 * another store (or none, null) is refused naming storeId, as it would put the contact out of
 * their sight and into another store's. `path` prefixes the field (`contacts[3].`).
 */
function placedInScope<T extends { storeId?: string | null }>(contact: T, scope: Scope, path: string, mode: 'create' | 'patch'): { contact: T; problems: FieldProblem[] } {
  if (scope.kind === 'all') return { contact, problems: [] };
  if (contact.storeId === undefined) return { contact: mode === 'create' ? { ...contact, storeId: scope.storeId } : contact, problems: [] };
  if (scopeAdmitsStore(scope, contact.storeId)) return { contact, problems: [] };
  return { contact, problems: [{ field: `${path}storeId`, message: 'must be your own store: you may not place a contact in another store or in none' }] };
}

/** The refusal for a unique index the write ran into: e-mail or customer code, 409 naming it. */
function duplicateRefusal(error: unknown, contact: { email?: string | null; customerCode?: string | null }): Refusal | undefined {
  if (isUniqueViolation(error, 'contacts_email_key')) {
    return conflict('DUPLICATE_EMAIL', `A contact with e-mail ${contact.email ?? ''} already exists`, [{ field: 'email', message: 'is already used by another contact' }]);
  }
  if (isUniqueViolation(error, 'contacts_customer_code_key')) {
    return conflict('DUPLICATE_CUSTOMER_CODE', `A contact with customer code ${contact.customerCode ?? ''} already exists`, [
      { field: 'customerCode', message: 'is already used by another contact' },
    ]);
  }
  return undefined;
}

/** A row to insert: a contact made from a lead may have no e-mail. */
export type NewContactRow = Omit<ContactInput, 'email'> & { email: string | null };

/** Insert contacts already checked (typed attributes, known references) in the caller's transaction. */
export async function insertCheckedContacts(client: DbClient, contacts: NewContactRow[]): Promise<Contact[]> {
  const { rows } = await client.query<Contact>(insertSql(CONTACT_COLUMNS), [JSON.stringify(contacts)]);
  return rows;
}

/**
 * Insert one contact; refused with the field named when a check fails or a unique key is taken,
 * or when a store-bound caller (`scope`) places it outside their store.
 */
export async function createContact(db: Db, input: ContactInput, scope: Scope): Promise<Outcome<Contact>> {
  return refusableTransaction(db, async (client) => {
    const placed = placedInScope(input, scope, '', 'create');
    const { contact, problems } = checkFields(await loadAttributeRules(client), placed.contact, '', 'create');
    problems.unshift(...placed.problems);
    problems.push(...(await referenceProblems(client, [contact], () => '')));
    if (problems.length > 0) refuse(invalid(problems));
    try {
      return (await insertCheckedContacts(client, [contact]))[0]!;
    } catch (error) {
      const duplicate = duplicateRefusal(error, contact);
      if (duplicate) refuse(duplicate);
      throw error;
    }
  });
}

/**
 * Change some fields of a contact (see ContactPatch), with the checks of a create, and bump
 * updated_at. Refused 404 when the contact does not exist or is outside the caller's `scope`
 * (not 403: that would tell them it exists), 422 naming storeId when a store-bound caller would
 * move it to another store.
 */
export async function updateContact(db: Db, id: string, patch: ContactPatch, scope: Scope): Promise<Outcome<Contact>> {
  return refusableTransaction(db, async (client) => {
    const lockParams: unknown[] = [id];
    const { rowCount } = await client.query(`SELECT 1 FROM contacts c WHERE c.id = $1 AND ${scopeWhere(scope, 'c.store_id', lockParams)} FOR UPDATE`, lockParams);
    if (!rowCount) refuse(notFound('Contact', id));
    const { contact, problems } = checkFields(await loadAttributeRules(client), patch, '', 'patch');
    problems.unshift(...placedInScope(patch, scope, '', 'patch').problems);
    problems.push(...(await referenceProblems(client, [contact], () => '')));
    if (problems.length > 0) refuse(invalid(problems));

    const params: unknown[] = [id];
    const set = WRITABLE_FIELDS.filter((field) => contact[field] !== undefined).map((field) => {
      params.push(contact[field]);
      return `${WRITABLE[field][0]} = $${params.length}::${WRITABLE[field][1]}`;
    });
    if (contact.attributes !== undefined) set.push(attributePatchSql('c', contact.attributes, params));
    try {
      const { rows } = await client.query<Contact>(
        `UPDATE contacts c SET ${[...set, 'updated_at = now()'].join(', ')} WHERE c.id = $1 RETURNING ${CONTACT_COLUMNS}`,
        params,
      );
      return rows[0]!;
    } catch (error) {
      const duplicate = duplicateRefusal(error, contact);
      if (duplicate) refuse(duplicate);
      throw error;
    }
  });
}

/** Rows per INSERT: big enough to be fast, small enough to keep each statement's JSON modest. */
const INSERT_BATCH = 1_000;

/**
 * All or nothing: every contact is written in one transaction, or none is. Every problem of every
 * row is reported at once, named `contacts[i].field`: 422 for what the rows say (types, zones,
 * unknown references, a repeat of an earlier row), then 409 for e-mails or customer codes already
 * on file (found through their indexes before writing).
 */
export async function insertContacts(db: Db, inputs: ContactInput[], scope: Scope): Promise<Outcome<{ inserted: number }>> {
  return refusableTransaction(db, async (client) => {
    const path = (index: number) => `contacts[${index}].`;
    const rules = await loadAttributeRules(client);
    const placed = inputs.map((input, index) => placedInScope(input, scope, path(index), 'create'));
    const checked = placed.map((result, index) => checkFields(rules, result.contact, path(index), 'create'));
    const contacts = checked.map((result) => result.contact);
    const problems = [
      ...placed.flatMap((result) => result.problems),
      ...checked.flatMap((result) => result.problems),
      ...repeats(contacts, 'email', path),
      ...repeats(contacts, 'customerCode', path),
      ...(await referenceProblems(client, contacts, path)),
    ];
    if (problems.length > 0) {
      const detail = `${problems.length === 1 ? 'One field is' : `${problems.length} fields are`} not valid; nothing was written`;
      refuse({ kind: 'invalid', code: 'VALIDATION_FAILED', detail, errors: sortedByRow(problems) });
    }

    const known = [...(await knownValues(client, contacts, 'email', path)), ...(await knownValues(client, contacts, 'customerCode', path))];
    if (known.length > 0) {
      const code = known.some((problem) => problem.field.endsWith('.email')) ? 'DUPLICATE_EMAIL' : 'DUPLICATE_CUSTOMER_CODE';
      refuse(conflict(code, `${known.length === 1 ? 'One contact is' : `${known.length} contacts are`} already on file; nothing was written`, sortedByRow(known)));
    }
    try {
      for (let start = 0; start < contacts.length; start += INSERT_BATCH) {
        await client.query(insertSql('1'), [JSON.stringify(contacts.slice(start, start + INSERT_BATCH))]);
      }
    } catch (error) {
      // A concurrent request took one of the addresses or codes between our check and our insert.
      const refusal = duplicateRefusal(error, {});
      if (refusal?.kind === 'conflict') refuse({ ...refusal, detail: 'A contact of this batch was written meanwhile; nothing was written', errors: [] });
      throw error;
    }
    return { inserted: contacts.length };
  });
}

const REPEAT_LABEL = { email: 'e-mail', customerCode: 'customer code' } as const;

/** Rows whose e-mail (case-insensitively) or customer code already appeared earlier in the batch. */
function repeats(contacts: ContactInput[], field: 'email' | 'customerCode', path: (index: number) => string): FieldProblem[] {
  const firstRow = new Map<string, number>();
  return contacts.flatMap((contact, index) => {
    const value = field === 'email' ? contact.email.toLowerCase() : contact.customerCode;
    if (value === undefined || value === null) return [];
    const first = firstRow.get(value);
    if (first === undefined) {
      firstRow.set(value, index);
      return [];
    }
    return [{ field: `${path(index)}${field}`, message: `repeats the ${REPEAT_LABEL[field]} of contacts[${first}]` }];
  });
}

/** Rows whose e-mail (case-insensitively, through the lower(email) index) or customer code is on file. */
async function knownValues(client: DbClient, contacts: ContactInput[], field: 'email' | 'customerCode', path: (index: number) => string): Promise<FieldProblem[]> {
  const values = contacts.map((contact) => (field === 'email' ? contact.email.toLowerCase() : (contact.customerCode ?? null)));
  const present = values.filter((value): value is string => value !== null);
  if (present.length === 0) return [];
  const sql = field === 'email'
    ? 'SELECT lower(email) AS value FROM contacts WHERE lower(email) = ANY($1::text[])'
    : 'SELECT customer_code AS value FROM contacts WHERE customer_code = ANY($1::text[])';
  const { rows } = await client.query<{ value: string }>(sql, [present]);
  const known = new Set(rows.map((row) => row.value));
  return values.flatMap((value, index) => (value !== null && known.has(value) ? [{ field: `${path(index)}${field}`, message: 'is already used by another contact' }] : []));
}

/** Problems in row order (`contacts[2]` before `contacts[10]`), each row's in the order found. */
function sortedByRow(problems: FieldProblem[]): FieldProblem[] {
  const row = (problem: FieldProblem) => Number(/^contacts\[(\d+)\]/.exec(problem.field)?.[1] ?? 0);
  return [...problems].sort((a, b) => row(a) - row(b));
}

/**
 * One contact with the names of its company, owner and store, as the list shows it; undefined
 * when it does not exist or is outside `scope` (the two look alike to the caller). Every contact
 * route passes its caller's scope; the default is for the product's own code (seed, tests) and
 * for a caller that reached the contact through something already scoped (an agent's own task).
 */
export async function getContact(db: Queryable, id: string, scope: Scope = ALL_CONTACTS): Promise<ContactWithCompany | undefined> {
  const params: unknown[] = [id];
  const { rows } = await db.query<ContactWithCompany>(
    `${CONTACT_READ_SELECT} FROM ${CONTACT_READ_FROM} WHERE c.id = $1 AND ${scopeWhere(scope, 'c.store_id', params)}`,
    params,
  );
  return rows[0];
}

export interface ContactPage {
  items: ContactWithCompany[];
  /** Key of the last item when more rows follow, else null. */
  next: KeysetKey | null;
}

/**
 * Keyset paging in (created_at, id) order (db/keyset.ts), each row with its company's, owner's
 * and store's names, limited to `scope` in the WHERE clause: the search, the page and the cursor
 * to the next one only ever see the caller's contacts.
 */
export async function listContacts(db: Db, options: { limit: number; after?: KeysetKey; search?: string }, scope: Scope): Promise<ContactPage> {
  const params: unknown[] = [options.limit + 1];
  const where: string[] = [scopeWhere(scope, 'c.store_id', params)];
  if (options.after) {
    params.push(options.after.createdAt, options.after.id);
    where.push(`(c.created_at, c.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  if (options.search) {
    params.push(`%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const p = `$${params.length}`;
    where.push(`(c.email ILIKE ${p} OR c.first_name ILIKE ${p} OR c.last_name ILIKE ${p}
      OR concat_ws(' ', c.first_name, c.last_name) ILIKE ${p})`);
  }
  const { rows } = await db.query<ContactWithCompany & { keyAt: string }>(
    `${CONTACT_READ_SELECT}, ${keyAtSql('c')} AS "keyAt"
     FROM ${CONTACT_READ_FROM}
     WHERE ${where.join(' AND ')}
     ORDER BY c.created_at, c.id LIMIT $1`,
    params,
  );
  return keysetPage(rows, options.limit);
}

/** How many contacts exist (for tests and the demo seed's "already seeded?" check). */
export async function countContacts(db: Db): Promise<number> {
  const { rows } = await db.query<{ count: string }>('SELECT count(*) AS count FROM contacts');
  return Number(rows[0]?.count ?? 0);
}
