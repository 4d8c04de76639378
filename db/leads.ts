import type { Static } from '@sinclair/typebox';
import type { LeadActivityKind, LeadActivitySchema, LeadSchema, LeadStatus } from '../contracts/lead';
import { attributePatchSql, checkAttributePatch, checkAttributes, loadAttributeRules } from './contact-attributes';
import type { Gender } from './contacts';
import { keyAtSql, keysetPage, type KeysetKey } from './keyset';
import type { Db, DbClient } from './pool';
import { conflict, invalid, notFound, refusableTransaction, refuse, type FieldProblem, type Outcome } from './write-refusal';

/**
 * Leads: people known only partly (a business card, a newsletter sign-up), kept apart from
 * customers until one call converts them (db/lead-conversion.ts). The lead row stays afterwards,
 * pointing at the contact and company it became.
 */

/** How an activity is titled on the contact's timeline once the lead is converted. */
export const LEAD_ACTIVITY_TITLES: Record<LeadActivityKind, string> = { quote: 'Quote', reminder: 'Reminder', meeting_note: 'Meeting note', note: 'Note' };

/** Fields a write may set; in a patch null empties one, absent ones stay. */
export interface LeadFields {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  companyName?: string | null;
  title?: string | null;
  position?: string | null;
  gender?: Gender | null;
  language?: string;
  source?: string;
  notes?: string | null;
  ownerId?: string | null;
  /** Checked against attribute definitions as for contacts; in a patch null removes a key. */
  attributes?: Record<string, unknown>;
}

export type Lead = Static<typeof LeadSchema>;

export type LeadActivity = Static<typeof LeadActivitySchema>;

export const LEAD_COLUMNS = `l.id, l.first_name AS "firstName", l.last_name AS "lastName", l.email, l.phone,
  l.company_name AS "companyName", l.title, l.position, l.gender, l.language, l.source, l.notes, l.attributes,
  l.status, l.owner_id AS "ownerId", l.converted_contact_id AS "convertedContactId",
  l.converted_company_id AS "convertedCompanyId", l.converted_at AS "convertedAt",
  l.created_at AS "createdAt", l.updated_at AS "updatedAt"`;

const ACTIVITY_COLUMNS = 'id, lead_id AS "leadId", kind, body, due_at AS "dueAt", author, created_at AS "createdAt"';

/** Field → column; only these names ever reach the SQL text. */
const WRITABLE = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  companyName: 'company_name',
  title: 'title',
  position: 'position',
  gender: 'gender',
  language: 'language',
  source: 'source',
  notes: 'notes',
  ownerId: 'owner_id',
} as const satisfies Record<Exclude<keyof LeadFields, 'attributes'>, string>;
const WRITABLE_FIELDS = Object.keys(WRITABLE) as (keyof typeof WRITABLE)[];

/** Problems of a write that need the database: typed attributes and the owner. */
async function leadProblems(client: DbClient, fields: LeadFields, mode: 'create' | 'patch'): Promise<{ attributes?: Record<string, unknown>; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  let attributes: Record<string, unknown> | undefined;
  if (fields.attributes !== undefined) {
    const check = mode === 'patch' ? checkAttributePatch : checkAttributes;
    const result = check(await loadAttributeRules(client), fields.attributes, 'attributes');
    problems.push(...result.problems);
    attributes = result.attributes;
  }
  if (fields.ownerId) {
    const { rowCount } = await client.query('SELECT 1 FROM users WHERE id = $1', [fields.ownerId]);
    if (!rowCount) problems.push({ field: 'ownerId', message: 'names no user' });
  }
  return { attributes, problems };
}

export async function createLead(db: Db, input: LeadFields): Promise<Outcome<Lead>> {
  return refusableTransaction(db, async (client) => {
    const { attributes, problems } = await leadProblems(client, input, 'create');
    if (problems.length > 0) refuse(invalid(problems));
    const fields = WRITABLE_FIELDS.filter((field) => input[field] !== undefined && input[field] !== null);
    const params: unknown[] = [...fields.map((field) => input[field]), JSON.stringify(attributes ?? {})];
    const { rows } = await client.query<Lead>(
      `INSERT INTO leads AS l (${[...fields.map((field) => WRITABLE[field]), 'attributes'].join(', ')})
       VALUES (${params.map((_, index) => `$${index + 1}`).join(', ')}) RETURNING ${LEAD_COLUMNS}`,
      params,
    );
    return rows[0]!;
  });
}

export async function getLead(db: Db, id: string): Promise<Lead | undefined> {
  const { rows } = await db.query<Lead>(`SELECT ${LEAD_COLUMNS} FROM leads l WHERE l.id = $1`, [id]);
  return rows[0];
}

/** Keyset paging in (created_at, id) order (db/keyset.ts), optionally of one status. */
export async function listLeads(db: Db, options: { limit: number; status?: LeadStatus; after?: KeysetKey }): Promise<{ items: Lead[]; next: KeysetKey | null }> {
  const params: unknown[] = [options.limit + 1];
  const where: string[] = [];
  if (options.status) {
    params.push(options.status);
    where.push(`l.status = $${params.length}`);
  }
  if (options.after) {
    params.push(options.after.createdAt, options.after.id);
    where.push(`(l.created_at, l.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  const { rows } = await db.query<Lead & { keyAt: string }>(
    `SELECT ${LEAD_COLUMNS}, ${keyAtSql('l')} AS "keyAt" FROM leads l
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY l.created_at, l.id LIMIT $1`,
    params,
  );
  return keysetPage(rows, options.limit);
}

/** 409: a converted or discarded lead is history; only an open one changes. */
function closedLead(id: string, status: LeadStatus, detail = `Lead ${id} is ${status}; only an open lead changes`) {
  return conflict('LEAD_NOT_OPEN', detail, [{ field: 'status', message: `is ${status}` }]);
}

/** Lock a lead for the rest of the transaction; refuses 404 when it does not exist. */
async function lockLead(client: DbClient, id: string): Promise<Lead> {
  const { rows } = await client.query<Lead>(`SELECT ${LEAD_COLUMNS} FROM leads l WHERE l.id = $1 FOR UPDATE`, [id]);
  const lead = rows[0];
  if (!lead) refuse(notFound('Lead', id));
  return lead;
}

/** Lock an open lead; refuses 404 when absent and 409 when converted or discarded. */
export async function lockOpenLead(client: DbClient, id: string): Promise<Lead> {
  const lead = await lockLead(client, id);
  if (lead.status !== 'open') refuse(closedLead(id, lead.status));
  return lead;
}

/** Change some fields of an open lead (the checks of a create) and bump updated_at. */
export async function updateLead(db: Db, id: string, patch: LeadFields): Promise<Outcome<Lead>> {
  return refusableTransaction(db, async (client) => {
    await lockOpenLead(client, id);
    const { attributes, problems } = await leadProblems(client, patch, 'patch');
    if (problems.length > 0) refuse(invalid(problems));
    const params: unknown[] = [id];
    const set = WRITABLE_FIELDS.filter((field) => patch[field] !== undefined).map((field) => {
      params.push(patch[field]);
      return `${WRITABLE[field]} = $${params.length}`;
    });
    if (attributes !== undefined) set.push(attributePatchSql('l', attributes, params));
    const { rows } = await client.query<Lead>(
      `UPDATE leads l SET ${[...set, 'updated_at = now()'].join(', ')} WHERE l.id = $1 RETURNING ${LEAD_COLUMNS}`,
      params,
    );
    return rows[0]!;
  });
}

/** Set an open lead aside; discarding a discarded lead again changes nothing. */
export async function discardLead(db: Db, id: string): Promise<Outcome<Lead>> {
  return refusableTransaction(db, async (client) => {
    const lead = await lockLead(client, id);
    if (lead.status === 'discarded') return lead;
    if (lead.status === 'converted') refuse(closedLead(id, lead.status));
    const { rows } = await client.query<Lead>(`UPDATE leads l SET status = 'discarded', updated_at = now() WHERE l.id = $1 RETURNING ${LEAD_COLUMNS}`, [id]);
    return rows[0]!;
  });
}

/**
 * Log a quote, reminder, meeting note or note on a lead. A converted lead takes none: its
 * activities were copied to the contact, whose timeline is where new ones belong.
 */
export async function addLeadActivity(
  db: Db,
  leadId: string,
  input: { kind: LeadActivityKind; body: string; dueAt?: string | null; author?: string | null },
): Promise<Outcome<LeadActivity>> {
  return refusableTransaction(db, async (client) => {
    // Locked so a conversion running now either copies this activity or refuses it.
    const lead = await lockLead(client, leadId);
    if (lead.status === 'converted') refuse(closedLead(leadId, lead.status, `Lead ${leadId} is converted; log activities on its contact`));
    const { rows } = await client.query<LeadActivity>(
      `INSERT INTO lead_activities (lead_id, kind, body, due_at, author) VALUES ($1, $2, $3, $4, $5) RETURNING ${ACTIVITY_COLUMNS}`,
      [leadId, input.kind, input.body, input.dueAt ?? null, input.author ?? null],
    );
    return rows[0]!;
  });
}

/** A lead's activities, oldest first; undefined when the lead does not exist. */
export async function listLeadActivities(db: Db, leadId: string): Promise<LeadActivity[] | undefined> {
  const { rowCount } = await db.query('SELECT 1 FROM leads WHERE id = $1', [leadId]);
  if (!rowCount) return undefined;
  const { rows } = await db.query<LeadActivity>(`SELECT ${ACTIVITY_COLUMNS} FROM lead_activities WHERE lead_id = $1 ORDER BY created_at, id`, [leadId]);
  return rows;
}
