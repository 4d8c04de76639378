import { SUPPRESS_REASONS } from '../flow/nodes/send';
import type { Queryable } from './pool';

interface PolicyRow {
  contactId: string;
  /** The suppression list's reason for the contact's address (bounce, unsubscribe, ...), if listed. */
  suppression: string | null;
  withdrawn: boolean;
  marketing: boolean;
  topicCode: string | null;
  subscription: 'pending' | 'subscribed' | 'unsubscribed' | null;
}

/**
 * Contacts of the run's campaign that may not be mailed now, each with why (a short human reason,
 * SUPPRESS_REASONS). Asked at generate and again just before a page is claimed at send, so an
 * unsubscribe or a bounce recorded in between wins. The rules, first match told:
 * - the contact's address is on the e-mail suppression list (compared lower-cased, as stored);
 * - the contact's latest channel-level consent record (no topic) for 'email' or 'any' is a
 *   withdrawal — a topic's unsubscribe is that topic's matter, read from its subscription;
 * - marketing mail only: the campaign must name a topic and the contact's subscription to it be
 *   `subscribed` (pending = not confirmed). Service mail skips this check only.
 * One statement over the page, each contact's facts read by index (suppressions by
 * (channel, lower(address)), consent records by contact and channel, subscriptions by contact
 * and topic). Contacts not in `contactIds` or unknown are not in the answer.
 */
export async function refusedForMail(db: Queryable, runId: string, contactIds: string[]): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  if (contactIds.length === 0) return refused;
  const { rows } = await db.query<PolicyRow>(
    `WITH campaign AS (
       SELECT cp.mail_purpose = 'marketing' AS marketing, cp.topic_id, t.code AS topic_code
       FROM campaign_runs r JOIN campaigns cp ON cp.id = r.campaign_id LEFT JOIN topics t ON t.id = cp.topic_id
       WHERE r.id = $1
     )
     SELECT c.id AS "contactId", s.reason AS suppression, coalesce(w.withdrawn, false) AS withdrawn,
            campaign.marketing, campaign.topic_code AS "topicCode", sub.status AS subscription
     FROM campaign
     CROSS JOIN unnest($2::uuid[]) AS wanted(id)
     JOIN contacts c ON c.id = wanted.id
     LEFT JOIN LATERAL (
       SELECT reason FROM suppressions WHERE channel = 'email' AND lower(address) = lower(c.email)
     ) s ON true
     LEFT JOIN LATERAL (
       SELECT action = 'withdrawn' AS withdrawn FROM consent_records
       WHERE contact_id = c.id AND channel IN ('email', 'any') AND topic_id IS NULL
       ORDER BY recorded_at DESC, id DESC LIMIT 1
     ) w ON true
     LEFT JOIN LATERAL (
       SELECT status FROM subscriptions WHERE contact_id = c.id AND topic_id = campaign.topic_id
     ) sub ON true
     WHERE s.reason IS NOT NULL OR w.withdrawn
        OR (campaign.marketing AND sub.status IS DISTINCT FROM 'subscribed')`,
    [runId, contactIds],
  );
  for (const row of rows) refused.set(row.contactId, reasonOf(row));
  return refused;
}

function reasonOf(row: PolicyRow): string {
  if (row.suppression !== null) return SUPPRESS_REASONS.suppressed(row.suppression);
  if (row.withdrawn) return SUPPRESS_REASONS.consentWithdrawn;
  if (row.topicCode === null) return SUPPRESS_REASONS.noTopic;
  if (row.subscription === 'unsubscribed') return SUPPRESS_REASONS.unsubscribed(row.topicCode);
  if (row.subscription === 'pending') return SUPPRESS_REASONS.notConfirmed(row.topicCode);
  return SUPPRESS_REASONS.notSubscribed(row.topicCode);
}

/**
 * Of these contacts, those who already received `cap.max` marketing mails (from any campaign) in
 * the last `cap.days` days: the frequency cap. Each contact's count reads at most
 * `max` rows of the messages_contact_sent index, whatever their history.
 */
export async function overFrequencyCap(db: Queryable, contactIds: string[], cap: { max: number; days: number }): Promise<Set<string>> {
  if (contactIds.length === 0) return new Set();
  const { rows } = await db.query<{ contactId: string }>(
    `SELECT wanted.id AS "contactId"
     FROM unnest($1::uuid[]) AS wanted(id)
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS received FROM (
         SELECT 1 FROM messages
         WHERE contact_id = wanted.id AND status = 'sent' AND marketing AND sent_at > now() - make_interval(days => $2)
         LIMIT $3
       ) recent
     ) n
     WHERE n.received >= $3`,
    [contactIds, cap.days, cap.max],
  );
  return new Set(rows.map((row) => row.contactId));
}
