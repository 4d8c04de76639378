import { writeAudit, type Actor } from './audit';
import { inTransaction, type Db, type Queryable } from './pool';
import { scopeCondition, type Scope } from './scope';


export const CONSENT_CHANNELS = ['email', 'sms', 'letter', 'phone', 'any'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export type ConsentAction = 'requested' | 'granted' | 'confirmed' | 'withdrawn';

/** Whose consent: a contact, or a lead not yet converted (its records follow it to the contact). */
export type ConsentSubject = { contactId: string } | { leadId: string };

export interface ConsentRecordInput {
  topicId?: string | null;
  channel: ConsentChannel;
  action: ConsentAction;
  /** Where the consent was given: a web form, the counter, a call, an import... */
  source: string;
  /** The wording the person saw and agreed to (or withdrew from). */
  textShown?: string | null;
  ipAddress?: string | null;
  recordedBy?: string | null;
}

/** One line of proof. Records are appended, never changed (a trigger refuses updates, see 0006). */
export interface ConsentRecord {
  id: string;
  topicCode: string | null;
  channel: ConsentChannel;
  action: ConsentAction;
  source: string;
  textShown: string | null;
  ipAddress: string | null;
  recordedBy: string | null;
  recordedAt: Date;
  /** Set when the record was made while the person was still this lead. */
  viaLeadId: string | null;
}

const RECORD_COLUMNS = `r.id::text AS id, t.code AS "topicCode", r.channel, r.action, r.source, r.text_shown AS "textShown",
  r.ip_address AS "ipAddress", r.recorded_by AS "recordedBy", r.recorded_at AS "recordedAt", r.lead_id AS "viaLeadId"`;

/** Append a record for a contact or lead, in the caller's transaction when it passes one. */
export async function insertConsentRecord(db: Queryable, subject: ConsentSubject, input: ConsentRecordInput): Promise<ConsentRecord> {
  const { rows } = await db.query<ConsentRecord>(
    `WITH r AS (
       INSERT INTO consent_records (contact_id, lead_id, topic_id, channel, action, source, text_shown, ip_address, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *
     )
     SELECT ${RECORD_COLUMNS} FROM r LEFT JOIN topics t ON t.id = r.topic_id`,
    [
      'contactId' in subject ? subject.contactId : null,
      'leadId' in subject ? subject.leadId : null,
      input.topicId ?? null,
      input.channel,
      input.action,
      input.source,
      input.textShown ?? null,
      input.ipAddress ?? null,
      input.recordedBy ?? null,
    ],
  );
  return rows[0]!;
}

/**
 * Channel-level consent (not tied to a topic) for a contact, audited; undefined when the contact
 * does not exist. "Do not phone me" is a `withdrawn` record on `phone`.
 */
export async function recordChannelConsent(
  db: Db,
  actor: Actor,
  contactId: string,
  input: Omit<ConsentRecordInput, 'topicId'>,
): Promise<ConsentRecord | undefined> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM contacts WHERE id = $1', [contactId]);
    if (!rows[0]) return undefined;
    const record = await insertConsentRecord(client, { contactId }, { ...input, topicId: null });
    const { channel, action, source } = record;
    await writeAudit(client, actor, { action: 'consent_record.create', entity: 'consent_record', entityId: record.id, diff: { contactId, channel, action, source } });
    return record;
  });
}

/**
 * Whether the contact exists where `scope` may see it: the consent view answers 404 for a
 * contact outside the caller's store, as every contact read does.
 */
export async function contactVisible(db: Queryable, contactId: string, scope: Scope): Promise<boolean> {
  const inScope = scopeCondition(scope, 'c.store_id', 2);
  const { rowCount } = await db.query(`SELECT 1 FROM contacts c WHERE c.id = $1 AND ${inScope.sql}`, [contactId, ...inScope.params]);
  return (rowCount ?? 0) > 0;
}

/**
 * Every consent record of a contact in the order they were made, including those made while the
 * person was a lead that was later converted into this contact.
 */
export async function listConsentRecords(db: Queryable, contactId: string): Promise<ConsentRecord[]> {
  const { rows } = await db.query<ConsentRecord>(
    `SELECT ${RECORD_COLUMNS}
     FROM consent_records r LEFT JOIN topics t ON t.id = r.topic_id
     WHERE r.contact_id = $1
        OR r.lead_id IN (SELECT l.id FROM leads l WHERE l.converted_contact_id = $1)
     ORDER BY r.recorded_at, r.id`,
    [contactId],
  );
  return rows;
}
