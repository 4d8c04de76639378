import { attributePatchSql } from './contact-attributes';
import type { Queryable } from './pool';

/**
 * Lock the members of a page that are still in the cohort, for the caller's transaction: what
 * the transaction then writes for them and the move out of the cohort commit together, so a
 * retried page never writes twice for a member (those already moved are not claimed again), and
 * two attempts running at once cannot both claim the same member.
 */
export async function claimMembers(db: Queryable, page: { runId: string; cohortId: string; contactIds: string[] }): Promise<string[]> {
  if (page.contactIds.length === 0) return [];
  const { rows } = await db.query<{ contactId: string }>(
    `SELECT contact_id AS "contactId" FROM campaign_members
     WHERE run_id = $1 AND contact_id = ANY($3::uuid[]) AND cohort_id = $2
     ORDER BY contact_id FOR UPDATE`,
    [page.runId, page.cohortId, page.contactIds],
  );
  return rows.map((row) => row.contactId);
}

/**
 * Apply one attribute patch (a key set to null is removed) to these contacts in one statement.
 * Values are the typed ones (`checkAttributeValue`): the caller checked them.
 */
export async function patchContactAttributes(db: Queryable, contactIds: string[], patch: Record<string, unknown>): Promise<void> {
  if (contactIds.length === 0 || Object.keys(patch).length === 0) return;
  const params: unknown[] = [contactIds];
  const assignment = attributePatchSql('c', patch, params);
  await db.query(`UPDATE contacts c SET ${assignment}, updated_at = now() WHERE c.id = ANY($1::uuid[])`, params);
}

/** Who and why, for the consent records a bulk subscription change writes. */
export interface BulkConsent {
  topicId: string;
  source: string;
  textShown?: string | null;
  recordedBy?: string | null;
}

/**
 * Subscribe these contacts to a topic, with a `granted` consent record each — only for those not
 * subscribed yet, so doing it again changes and records nothing. A pending double opt-in request
 * is settled (its link stops working): the consent is the one the campaign recorded.
 */
export function subscribeContacts(db: Queryable, contactIds: string[], consent: BulkConsent): Promise<number> {
  return changeConsent(db, contactIds, consent, 'granted',
    `INSERT INTO subscriptions (contact_id, topic_id, status, confirmed_at)
     SELECT member.contact_id, $2, 'subscribed', NULL FROM unnest($1::uuid[]) AS member(contact_id)
     ON CONFLICT (contact_id, topic_id) WHERE contact_id IS NOT NULL DO UPDATE
       SET status = 'subscribed', requested_at = now(), confirmed_at = NULL, unsubscribed_at = NULL,
           confirm_token_hash = NULL, confirm_token_expires_at = NULL
       WHERE subscriptions.status <> 'subscribed'
     RETURNING contact_id`);
}

/**
 * Unsubscribe these contacts from a topic, with a `withdrawn` record each — only those subscribed
 * or pending: a contact never subscribed has nothing to withdraw, and doing it again records nothing.
 */
export function unsubscribeContacts(db: Queryable, contactIds: string[], consent: BulkConsent): Promise<number> {
  return changeConsent(db, contactIds, consent, 'withdrawn',
    `UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = now()
     WHERE contact_id = ANY($1::uuid[]) AND topic_id = $2 AND status <> 'unsubscribed'
     RETURNING contact_id`);
}

/**
 * One statement: `change` ($1 the contacts, $2 the topic) returns the contacts whose
 * subscription it changed, and each of them gets its consent record. Returns how many changed.
 */
async function changeConsent(db: Queryable, contactIds: string[], consent: BulkConsent, action: 'granted' | 'withdrawn', change: string): Promise<number> {
  if (contactIds.length === 0) return 0;
  const { rows } = await db.query<{ changed: string }>(
    `WITH changed AS (${change}), recorded AS (
       INSERT INTO consent_records (contact_id, topic_id, channel, action, source, text_shown, recorded_by)
       SELECT contact_id, $2, 'any', $3, $4, $5, $6 FROM changed
     )
     SELECT count(*) AS changed FROM changed`,
    [contactIds, consent.topicId, action, consent.source, consent.textShown ?? null, consent.recordedBy ?? null],
  );
  return Number(rows[0]?.changed ?? 0);
}

/** Add these contacts to a static list; those already on it stay as they are. */
export async function addContactsToList(db: Queryable, listId: string, contactIds: string[]): Promise<void> {
  if (contactIds.length === 0) return;
  await db.query(
    `INSERT INTO contact_list_members (list_id, contact_id)
     SELECT $1, member.contact_id FROM unnest($2::uuid[]) AS member(contact_id)
     ON CONFLICT (list_id, contact_id) DO NOTHING`,
    [listId, contactIds],
  );
}

/** Put one event on each of these contacts' timelines, tied to the run (and its campaign) and node. */
export async function logRunContactEvents(
  db: Queryable,
  contactIds: string[],
  event: { runId: string; nodeId: string; kind: string; title: string; body?: string | null },
): Promise<void> {
  if (contactIds.length === 0) return;
  await db.query(
    `INSERT INTO contact_events (contact_id, kind, title, body, campaign_id, run_id, data)
     SELECT member.contact_id, $3, $4, $5, r.campaign_id, r.id, jsonb_build_object('nodeId', $6::text)
     FROM unnest($1::uuid[]) AS member(contact_id) CROSS JOIN campaign_runs r WHERE r.id = $2`,
    [contactIds, event.runId, event.kind, event.title, event.body ?? null, event.nodeId],
  );
}
