import { createHash, randomBytes } from 'node:crypto';
import { writeAudit, type Actor } from './audit';
import { insertConsentRecord, type ConsentChannel, type ConsentRecord, type ConsentSubject } from './consent-records';
import { findTopic } from './topics';
import { inTransaction, type Db, type DbClient } from './pool';
import { conflict, invalid, notFound, refusableTransaction, refuse, type Outcome } from './write-refusal';

/**
 * How long a double opt-in link works. A week covers a person who reads their mail on the next
 * weekend; longer would keep a forwarded or leaked link usable for too long.
 */
export const CONFIRM_TOKEN_TTL_DAYS = 7;

/** Who a double opt-in confirmation is audited as: the person following the link, who has no account. */
export const CONFIRMATION_LINK_ACTOR: Actor = { kind: 'system', id: null, label: 'contact via confirmation link' };

export type SubscriptionStatus = 'pending' | 'subscribed' | 'unsubscribed';

/** One topic's subscription as the consent view shows it. */
export interface SubscriptionState {
  topicId: string;
  topicCode: string;
  topicName: string;
  status: SubscriptionStatus;
  requestedAt: Date;
  /** When the double opt-in link was followed; null for a topic without double opt-in. */
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  /** Set when the subscription belongs to the lead this contact was converted from. */
  viaLeadId: string | null;
}

/** A subscription just requested: on a double opt-in topic, the one-time token to mail out. */
export interface SubscriptionRequest extends SubscriptionState {
  confirmToken: string | null;
  confirmExpiresAt: Date | null;
  record: ConsentRecord;
}

export interface SubscribeInput {
  /** Topic code or id. */
  topic: string;
  source: string;
  /** The wording the person agreed to; kept with the consent record as proof. */
  textShown: string;
  channel?: ConsentChannel;
  ipAddress?: string | null;
  recordedBy?: string | null;
}

export interface UnsubscribeInput {
  source: string;
  textShown?: string | null;
  ipAddress?: string | null;
  recordedBy?: string | null;
}

export type ConfirmResult =
  | { confirmed: SubscriptionState }
  | { unknownToken: true }
  /** The link was already followed, or the subscription moved on (unsubscribed) since. */
  | { usedToken: true }
  | { expiredToken: true };

const STATE_COLUMNS = `s.topic_id AS "topicId", t.code AS "topicCode", t.name AS "topicName", s.status,
  s.requested_at AS "requestedAt", s.confirmed_at AS "confirmedAt", s.unsubscribed_at AS "unsubscribedAt", s.lead_id AS "viaLeadId"`;

/** The subject's column: an allowlisted name, never request text. */
function subjectColumn(subject: ConsentSubject): { column: 'contact_id' | 'lead_id'; id: string; table: 'contacts' | 'leads'; what: string } {
  return 'contactId' in subject
    ? { column: 'contact_id', id: subject.contactId, table: 'contacts', what: 'Contact' }
    : { column: 'lead_id', id: subject.leadId, table: 'leads', what: 'Lead' };
}

/**
 * Lock the person for the rest of the transaction: two requests for the same person are
 * serialised, so the subscription row and its records always agree. Refuses 404 if absent.
 */
async function lockSubject(client: DbClient, subject: ConsentSubject): Promise<void> {
  const { id, table, what } = subjectColumn(subject);
  const { rowCount } = await client.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR NO KEY UPDATE`, [id]);
  if (!rowCount) refuse(notFound(what, id));
}

/**
 * SQL filter for the consent records of subject `$1` (as `r`): a contact's own, plus those of the
 * leads it was converted from, whose subscriptions may have moved to the contact.
 */
function recordsOf(column: 'contact_id' | 'lead_id'): string {
  return column === 'contact_id' ? '(r.contact_id = $1 OR r.lead_id IN (SELECT l.id FROM leads l WHERE l.converted_contact_id = $1))' : 'r.lead_id = $1';
}

/** Only this digest of a confirmation token is stored, so a database leak confirms nobody. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The audit row of a subscription's change of status: whose, which topic, from what to what. */
async function auditSubscription(
  client: DbClient,
  actor: Actor,
  change: { verb: 'request' | 'confirm' | 'unsubscribe'; subscriptionId: string; subject: ConsentSubject; topicCode: string; status: [SubscriptionStatus | null, SubscriptionStatus] },
): Promise<void> {
  await writeAudit(client, actor, {
    action: `subscription.${change.verb}`,
    entity: 'subscription',
    entityId: change.subscriptionId,
    diff: { ...change.subject, topic: change.topicCode, status: change.status },
  });
}

/**
 * Subscribe a contact or lead to a topic (audited). With double opt-in the subscription waits as
 * `pending` with a fresh one-time token (only its hash is stored) and a `requested` record;
 * without, it is `subscribed` at once with a `granted` record. Asking again while pending sends a
 * new link (the old one stops working); asking after an unsubscribe starts a new request —
 * earlier records stay.
 */
export async function requestSubscription(db: Db, actor: Actor, subject: ConsentSubject, input: SubscribeInput): Promise<Outcome<SubscriptionRequest>> {
  return refusableTransaction(db, async (client) => {
    await lockSubject(client, subject);
    const topic = await findTopic(client, input.topic);
    if (!topic) refuse(invalid([{ field: 'topic', message: `names no topic (code or id): ${input.topic}` }], 'UNKNOWN_TOPIC'));

    const { column, id } = subjectColumn(subject);
    const current = await client.query<{ status: SubscriptionStatus }>(`SELECT status FROM subscriptions WHERE ${column} = $1 AND topic_id = $2`, [id, topic.id]);
    const before = current.rows[0]?.status ?? null;
    if (before === 'subscribed') {
      refuse(conflict('ALREADY_SUBSCRIBED', `Already subscribed to topic ${topic.code}`, [{ field: 'topic', message: `is already subscribed: ${topic.code}` }]));
    }

    const token = topic.doubleOptIn ? randomBytes(32).toString('base64url') : null;
    const status: SubscriptionStatus = topic.doubleOptIn ? 'pending' : 'subscribed';
    const values = [id, topic.id, status, token === null ? null : hashToken(token), CONFIRM_TOKEN_TTL_DAYS];
    const written = await client.query<{ subscriptionId: string; expiresAt: Date | null }>(
      before
        ? `UPDATE subscriptions SET status = $3, confirm_token_hash = $4,
             confirm_token_expires_at = CASE WHEN $4::text IS NULL THEN NULL ELSE now() + make_interval(days => $5) END,
             requested_at = now(), confirmed_at = NULL, unsubscribed_at = NULL
           WHERE ${column} = $1 AND topic_id = $2 RETURNING id AS "subscriptionId", confirm_token_expires_at AS "expiresAt"`
        : `INSERT INTO subscriptions (${column}, topic_id, status, confirm_token_hash, confirm_token_expires_at)
           VALUES ($1, $2, $3, $4::text, CASE WHEN $4::text IS NULL THEN NULL ELSE now() + make_interval(days => $5) END)
           RETURNING id AS "subscriptionId", confirm_token_expires_at AS "expiresAt"`,
      values,
    );
    const subscriptionId = written.rows[0]!.subscriptionId;
    const record = await insertConsentRecord(client, subject, {
      topicId: topic.id,
      channel: input.channel ?? 'any',
      action: topic.doubleOptIn ? 'requested' : 'granted',
      source: input.source,
      textShown: input.textShown,
      ipAddress: input.ipAddress ?? null,
      recordedBy: input.recordedBy ?? null,
    });
    await auditSubscription(client, actor, { verb: 'request', subscriptionId, subject, topicCode: topic.code, status: [before, status] });
    const state = (await subscriptionState(client, column, id, topic.id))!;
    return { ...state, confirmToken: token, confirmExpiresAt: written.rows[0]?.expiresAt ?? null, record };
  });
}

/**
 * Follow a double opt-in link: the pending subscription becomes `subscribed` and a `confirmed`
 * record keeps the IP the click came from and the wording that was requested. A token works once.
 * Audited as done by the contact through the link (`CONFIRMATION_LINK_ACTOR`).
 */
export async function confirmSubscription(db: Db, token: string, ipAddress: string | null): Promise<ConfirmResult> {
  return inTransaction(db, async (client): Promise<ConfirmResult> => {
    const { rows } = await client.query<{ id: string; contactId: string | null; leadId: string | null; topicId: string; status: SubscriptionStatus; expired: boolean }>(
      `SELECT id, contact_id AS "contactId", lead_id AS "leadId", topic_id AS "topicId", status,
              confirm_token_expires_at <= now() AS expired
       FROM subscriptions WHERE confirm_token_hash = $1 FOR UPDATE`,
      [hashToken(token)],
    );
    const found = rows[0];
    if (!found) return { unknownToken: true };
    if (found.status !== 'pending') return { usedToken: true };
    if (found.expired) return { expiredToken: true };

    const subject: ConsentSubject = found.contactId !== null ? { contactId: found.contactId } : { leadId: found.leadId! };
    const { column, id } = subjectColumn(subject);
    await client.query(`UPDATE subscriptions SET status = 'subscribed', confirmed_at = now() WHERE id = $1`, [found.id]);
    // The confirmation is consent to the words of the request it answers: carry them over.
    const requested = await client.query<{ channel: ConsentChannel; textShown: string | null }>(
      `SELECT channel, text_shown AS "textShown" FROM consent_records r
       WHERE ${recordsOf(column)} AND topic_id = $2 AND action = 'requested' ORDER BY recorded_at DESC, id DESC LIMIT 1`,
      [id, found.topicId],
    );
    await insertConsentRecord(client, subject, {
      topicId: found.topicId,
      channel: requested.rows[0]?.channel ?? 'any',
      action: 'confirmed',
      source: 'double_opt_in_link',
      textShown: requested.rows[0]?.textShown ?? null,
      ipAddress,
    });
    const confirmed = (await subscriptionState(client, column, id, found.topicId))!;
    await auditSubscription(client, CONFIRMATION_LINK_ACTOR, { verb: 'confirm', subscriptionId: found.id, subject, topicCode: confirmed.topicCode, status: ['pending', 'subscribed'] });
    return { confirmed };
  });
}

/**
 * Unsubscribe from a topic (also from a pending request, which kills its link): status
 * `unsubscribed` and a `withdrawn` record, audited.
 */
export async function unsubscribe(db: Db, actor: Actor, subject: ConsentSubject, topicCodeOrId: string, input: UnsubscribeInput): Promise<Outcome<SubscriptionState>> {
  return refusableTransaction(db, async (client) => {
    await lockSubject(client, subject);
    const topic = await findTopic(client, topicCodeOrId);
    if (!topic) refuse(notFound('Topic', topicCodeOrId));
    const { column, id } = subjectColumn(subject);
    const { rows } = await client.query<{ id: string; status: SubscriptionStatus }>(`SELECT id, status FROM subscriptions WHERE ${column} = $1 AND topic_id = $2`, [id, topic.id]);
    const current = rows[0];
    if (!current) refuse(notFound('Subscription to topic', topic.code));
    if (current.status === 'unsubscribed') {
      refuse(conflict('ALREADY_UNSUBSCRIBED', `Already unsubscribed from topic ${topic.code}`, [{ field: 'topic', message: `is already unsubscribed: ${topic.code}` }]));
    }
    await client.query(`UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = now() WHERE ${column} = $1 AND topic_id = $2`, [id, topic.id]);
    const latest = await client.query<{ channel: ConsentChannel }>(
      `SELECT channel FROM consent_records r WHERE ${recordsOf(column)} AND topic_id = $2 ORDER BY recorded_at DESC, id DESC LIMIT 1`,
      [id, topic.id],
    );
    await insertConsentRecord(client, subject, {
      topicId: topic.id,
      channel: latest.rows[0]?.channel ?? 'any',
      action: 'withdrawn',
      source: input.source,
      textShown: input.textShown ?? null,
      ipAddress: input.ipAddress ?? null,
      recordedBy: input.recordedBy ?? null,
    });
    await auditSubscription(client, actor, { verb: 'unsubscribe', subscriptionId: current.id, subject, topicCode: topic.code, status: [current.status, 'unsubscribed'] });
    return (await subscriptionState(client, column, id, topic.id))!;
  });
}

async function subscriptionState(client: DbClient, column: 'contact_id' | 'lead_id', id: string, topicId: string): Promise<SubscriptionState | undefined> {
  const { rows } = await client.query<SubscriptionState>(
    `SELECT ${STATE_COLUMNS} FROM subscriptions s JOIN topics t ON t.id = s.topic_id WHERE s.${column} = $1 AND s.topic_id = $2`,
    [id, topicId],
  );
  return rows[0];
}

/**
 * A contact's subscriptions by topic code. A topic the contact has no row for shows the row of
 * the lead it was converted from (with `viaLeadId`), so consent given as a lead is not hidden.
 */
export async function listSubscriptions(db: Db | DbClient, contactId: string): Promise<SubscriptionState[]> {
  const { rows } = await db.query<SubscriptionState>(
    `SELECT * FROM (
       SELECT DISTINCT ON (s.topic_id) ${STATE_COLUMNS}
       FROM subscriptions s JOIN topics t ON t.id = s.topic_id
       WHERE s.contact_id = $1 OR s.lead_id IN (SELECT l.id FROM leads l WHERE l.converted_contact_id = $1)
       ORDER BY s.topic_id, s.contact_id IS NULL, s.requested_at DESC
     ) own_first ORDER BY "topicCode"`,
    [contactId],
  );
  return rows;
}

/**
 * For lead conversion: hand the lead's subscriptions to the contact it became, so sending (which
 * checks the contact's subscriptions) honours them. A topic the contact already has keeps the
 * contact's row. Consent records are not moved: they stay proof of what the lead agreed to, and
 * the contact's consent view shows them through leads.converted_contact_id.
 */
export async function moveLeadSubscriptionsToContact(client: DbClient, leadId: string, contactId: string): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE subscriptions s SET contact_id = $2, lead_id = NULL
     WHERE s.lead_id = $1 AND NOT EXISTS (SELECT 1 FROM subscriptions own WHERE own.contact_id = $2 AND own.topic_id = s.topic_id)`,
    [leadId, contactId],
  );
  return rowCount ?? 0;
}
