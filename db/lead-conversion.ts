import { COMPANY_COLUMNS, type Company, type CompanyKind } from './companies';
import { checkAttributes, loadAttributeRules } from './contact-attributes';
import { CONTACT_COLUMNS, insertCheckedContacts, type Contact } from './contacts';
import { LEAD_ACTIVITY_TITLES, LEAD_COLUMNS, lockOpenLead, type Lead } from './leads';
import type { Db, DbClient } from './pool';
import { moveLeadSubscriptionsToContact } from './subscriptions';
import { conflict, invalid, isUniqueViolation, refusableTransaction, refuse, type FieldProblem, type Outcome } from './write-refusal';

export interface ConvertLeadInput {
  /** Link this company instead of looking one up by the lead's company name. */
  companyId?: string;
  /** Kind of a company created from the lead's company name (default client). */
  companyKind?: CompanyKind;
  /** Owner of a created contact or company (default: the lead's owner). */
  ownerId?: string;
}

export interface LeadConversion {
  lead: Lead;
  contact: Contact;
  company: Company | null;
  /** True when the lead joined a contact already on file (same e-mail) instead of creating one. */
  merged: boolean;
}

/**
 * Turn an open lead into a customer in ONE transaction — any refusal or error rolls all of it
 * back: (1) the company: the one named, else one whose name matches the lead's company name
 * case-insensitively, else a new one (none when the lead names no company); (2) the contact: the
 * one with the lead's e-mail, whose EMPTY fields only are filled, else a new one; the lead's
 * attributes are checked against their definitions as on any contact write; (3) the lead's
 * activities copied to the contact's timeline at their original times, plus a `lead_converted`
 * event; (4) the lead's topic subscriptions handed to the contact where it has none for the
 * topic; (5) the lead marked converted, pointing at both. The lead row is kept as history.
 */
export async function convertLead(db: Db, leadId: string, input: ConvertLeadInput): Promise<Outcome<LeadConversion>> {
  return refusableTransaction(db, async (client) => {
    const lead = await lockOpenLead(client, leadId);
    const ownerId = input.ownerId ?? lead.ownerId;
    await checkReferences(client, input);
    const company = await resolveCompany(client, lead, input, ownerId);
    const { contact, merged } = await resolveContact(client, lead, company?.id ?? null, ownerId);
    await copyTimeline(client, lead, contact.id, { companyId: company?.id ?? null, merged });
    await moveLeadSubscriptionsToContact(client, lead.id, contact.id);
    const { rows } = await client.query<Lead>(
      `UPDATE leads l SET status = 'converted', converted_contact_id = $2, converted_company_id = $3,
         converted_at = now(), updated_at = now()
       WHERE l.id = $1 RETURNING ${LEAD_COLUMNS}`,
      [lead.id, contact.id, company?.id ?? null],
    );
    return { lead: rows[0]!, contact, company, merged };
  });
}

/** The company and owner named in the request must exist: 422 naming the field otherwise. */
async function checkReferences(client: DbClient, input: ConvertLeadInput): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.companyId) {
    const { rowCount } = await client.query('SELECT 1 FROM companies WHERE id = $1', [input.companyId]);
    if (!rowCount) problems.push({ field: 'companyId', message: 'names no company' });
  }
  if (input.ownerId) {
    const { rowCount } = await client.query('SELECT 1 FROM users WHERE id = $1', [input.ownerId]);
    if (!rowCount) problems.push({ field: 'ownerId', message: 'names no user' });
  }
  if (problems.length > 0) refuse(invalid(problems));
}

async function resolveCompany(client: DbClient, lead: Lead, input: ConvertLeadInput, ownerId: string | null): Promise<Company | null> {
  if (input.companyId) {
    const { rows } = await client.query<Company>(`SELECT ${COMPANY_COLUMNS} FROM companies WHERE id = $1`, [input.companyId]);
    return rows[0]!;
  }
  const name = lead.companyName?.trim();
  if (!name) return null;
  // The oldest of several same-named companies: the one people have been using longest.
  const { rows: found } = await client.query<Company>(
    `SELECT ${COMPANY_COLUMNS} FROM companies WHERE lower(name) = lower($1) ORDER BY created_at, id LIMIT 1`,
    [name],
  );
  if (found[0]) return found[0];
  const { rows: created } = await client.query<Company>(
    `INSERT INTO companies (name, kind, owner_id) VALUES ($1, $2, $3) RETURNING ${COMPANY_COLUMNS}`,
    [name, input.companyKind ?? 'client', ownerId],
  );
  return created[0]!;
}

/** Contact columns a lead may fill: only where the contact has nothing (NULL or ''). */
const FILLED_FROM_LEAD = [
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['phone', 'phone'],
  ['title', 'title'],
  ['position', 'position'],
  ['gender', 'gender'],
] as const;

async function resolveContact(
  client: DbClient,
  lead: Lead,
  companyId: string | null,
  ownerId: string | null,
): Promise<{ contact: Contact; merged: boolean }> {
  const checked = checkAttributes(await loadAttributeRules(client), lead.attributes, 'attributes');
  if (checked.problems.length > 0) refuse(invalid(checked.problems, 'LEAD_ATTRIBUTES_INVALID'));

  const { rows: existing } = lead.email
    ? await client.query<{ id: string }>('SELECT id FROM contacts WHERE lower(email) = lower($1) FOR UPDATE', [lead.email])
    : { rows: [] };
  const onFile = existing[0];
  if (onFile) {
    const params: unknown[] = [onFile.id, companyId, ownerId, JSON.stringify(checked.attributes)];
    const fills = FILLED_FROM_LEAD.map(([column, field]) => {
      params.push(lead[field]);
      return `${column} = coalesce(nullif(c.${column}, ''), $${params.length})`;
    });
    const { rows } = await client.query<Contact>(
      `UPDATE contacts c SET ${fills.join(', ')}, company_id = coalesce(c.company_id, $2), owner_id = coalesce(c.owner_id, $3),
         attributes = $4::jsonb || c.attributes, updated_at = now()
       WHERE c.id = $1 RETURNING ${CONTACT_COLUMNS}`,
      params,
    );
    return { contact: rows[0]!, merged: true };
  }
  try {
    const [contact] = await insertCheckedContacts(client, [
      {
        email: lead.email,
        firstName: lead.firstName ?? undefined,
        lastName: lead.lastName ?? undefined,
        phone: lead.phone ?? undefined,
        title: lead.title ?? undefined,
        position: lead.position,
        gender: lead.gender ?? undefined,
        language: lead.language,
        companyId,
        ownerId,
        attributes: checked.attributes,
      },
    ]);
    return { contact: contact!, merged: false };
  } catch (error) {
    // Another request created a contact with this e-mail since our lookup: converting again merges.
    if (isUniqueViolation(error, 'contacts_email_key')) {
      refuse(conflict('DUPLICATE_EMAIL', `A contact with e-mail ${lead.email ?? ''} was created meanwhile; convert again to merge`, [{ field: 'email', message: 'was just taken' }]));
    }
    throw error;
  }
}

/**
 * The lead's history on the contact's timeline: each activity at the time it was logged (data
 * names the lead and the activity, so the copy can be traced back), then the conversion itself.
 */
async function copyTimeline(client: DbClient, lead: Lead, contactId: string, outcome: { companyId: string | null; merged: boolean }): Promise<void> {
  await client.query(
    `INSERT INTO contact_events (contact_id, kind, title, body, actor, data, occurred_at)
     SELECT $2, 'lead_activity', $3::jsonb ->> a.kind, a.body, a.author,
            jsonb_strip_nulls(jsonb_build_object('leadId', a.lead_id, 'activityId', a.id, 'activityKind', a.kind, 'dueAt', a.due_at)),
            a.created_at
     FROM lead_activities a WHERE a.lead_id = $1 ORDER BY a.created_at, a.id`,
    [lead.id, contactId, JSON.stringify(LEAD_ACTIVITY_TITLES)],
  );
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email || lead.companyName || 'lead';
  await client.query(
    `INSERT INTO contact_events (contact_id, kind, title, body, data)
     VALUES ($1, 'lead_converted', 'Converted from lead', $2, $3::jsonb)`,
    [contactId, `${outcome.merged ? 'Merged' : 'Created'} from lead ${name} (source: ${lead.source})`, JSON.stringify({ leadId: lead.id, ...outcome })],
  );
}
