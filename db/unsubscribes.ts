import { writeAudit, type Actor } from './audit';
import { insertConsentRecord, type ConsentChannel } from './consent-records';
import { inTransaction, type Db, type DbClient, type Queryable } from './pool';
import type { SubscriptionStatus } from './subscriptions';
import { recordMessageEvent, type TrackedMessage } from './tracking-events';

/** Who a change made through a mail's signed link is audited as: the recipient, who has no account. */
export const UNSUBSCRIBE_LINK_ACTOR: Actor = { kind: 'system', id: null, label: 'contact via unsubscribe link' };

/** Where a change came from, kept as the consent record's `source` and the event's. */
export const UNSUBSCRIBE_SOURCES = {
  /** RFC 8058: the mail provider's button POSTs `List-Unsubscribe=One-Click`; nobody saw a page. */
  oneClick: 'one-click unsubscribe',
  /** The confirmation page's button. */
  page: 'unsubscribe page',
  preferences: 'preference page',
} as const;
export type UnsubscribeSource = (typeof UNSUBSCRIBE_SOURCES)[keyof typeof UNSUBSCRIBE_SOURCES];

/** The request behind a change: proof kept with its consent record. */
export interface LinkRequest {
  source: UnsubscribeSource;
  ipAddress: string | null;
  /** What the person saw or did, naming the address (consent records have no address column). */
  textShown: string;
}

export interface UnsubscribeResult {
  /** False when it was already done: repeating changes nothing and records nothing. */
  changed: boolean;
  /** The topic left, or null for a withdrawal of e-mail as a channel (service mail names no topic). */
  topic: TrackedMessage['topic'];
}

/**
 * The one-click / confirmation-page unsubscribe of the message's recipient, in one transaction:
 * from the campaign's topic (subscription → `unsubscribed`), or, for mail that names no topic,
 * a withdrawal of e-mail as a channel. Each change writes a `withdrawn` consent record, an audit
 * row and an `unsubscribe` event; the send policy reads the subscription and the records at its
 * next claim, so nothing more goes out. Concurrent requests (providers retry) are serialised on
 * the contact: the second finds it done.
 */
export async function unsubscribeByMessage(db: Db, message: TrackedMessage, request: LinkRequest): Promise<UnsubscribeResult> {
  return inTransaction(db, async (client) => {
    await lockContact(client, message.contactId);
    const changed = message.topic ? await leaveTopic(client, message, message.topic, request) : await withdrawEmail(client, message, request);
    return { changed, topic: message.topic };
  });
}

/** One topic on the preference page. */
export interface TopicPreference {
  topicId: string;
  code: string;
  name: string;
  status: SubscriptionStatus;
  /**
   * Whether the page may tick it again: the contact confirmed (or was granted) this topic before,
   * so re-subscribing restores consent they gave, with a new record. A topic never confirmed
   * would need a double opt-in, which this page does not start.
   */
  mayResubscribe: boolean;
}

export interface Preferences {
  topics: TopicPreference[];
  /** The contact's latest channel-level record for e-mail withdraws it: no mail at all. */
  emailWithdrawn: boolean;
}

/** The contact's own subscriptions (those the send policy reads) and whether e-mail as a whole is withdrawn. */
export async function readPreferences(db: Queryable, contactId: string): Promise<Preferences> {
  const topics = await db.query<TopicPreference>(
    `SELECT t.id AS "topicId", t.code, t.name, s.status,
            EXISTS (SELECT 1 FROM consent_records r
                    WHERE (r.contact_id = $1 OR r.lead_id IN (SELECT l.id FROM leads l WHERE l.converted_contact_id = $1))
                      AND r.topic_id = t.id AND r.action IN ('granted', 'confirmed')) AS "mayResubscribe"
     FROM subscriptions s JOIN topics t ON t.id = s.topic_id
     WHERE s.contact_id = $1
     ORDER BY t.name, t.code`,
    [contactId],
  );
  return { topics: topics.rows, emailWithdrawn: await emailWithdrawn(db, contactId) };
}

/** What the preference form asks for. */
export interface PreferenceChoice {
  /** The topics ticked. */
  topicIds: readonly string[];
  /** "Unsubscribe from all e-mail". */
  stopAllEmail: boolean;
}

/** One change the page made, for its consent record's wording and the answer's summary. */
export type PreferenceChange =
  | { kind: 'subscribe' | 'unsubscribe'; topic: { id: string; code: string; name: string } }
  | { kind: 'stop-email' | 'resume-email' };

/**
 * Apply the preference form in one transaction: ticked topics the contact confirmed before are
 * subscribed again (`granted` record), unticked subscribed ones are left (`withdrawn` record and
 * an `unsubscribe` event), and "unsubscribe from all e-mail" withdraws or restores e-mail as a
 * channel. A topic the contact never confirmed, or does not have, is left as it is whatever the
 * form says. Returns what changed (nothing when the form matches the state).
 */
export async function applyPreferences(
  db: Db,
  message: TrackedMessage,
  choice: PreferenceChoice,
  request: { ipAddress: string | null; textShown: (change: PreferenceChange) => string },
): Promise<PreferenceChange[]> {
  return inTransaction(db, async (client) => {
    await lockContact(client, message.contactId);
    const current = await readPreferences(client, message.contactId);
    const wanted = new Set(choice.topicIds);
    const changes: PreferenceChange[] = [];
    const proof = (change: PreferenceChange): LinkRequest => ({ source: UNSUBSCRIBE_SOURCES.preferences, ipAddress: request.ipAddress, textShown: request.textShown(change) });
    for (const topic of current.topics) {
      const ref = { id: topic.topicId, code: topic.code, name: topic.name };
      if (wanted.has(topic.topicId) && topic.status === 'unsubscribed' && topic.mayResubscribe) {
        const change: PreferenceChange = { kind: 'subscribe', topic: ref };
        await rejoinTopic(client, message, ref, proof(change));
        changes.push(change);
      } else if (!wanted.has(topic.topicId) && topic.status === 'subscribed') {
        const change: PreferenceChange = { kind: 'unsubscribe', topic: ref };
        await leaveTopic(client, message, ref, proof(change));
        changes.push(change);
      }
    }
    if (choice.stopAllEmail && !current.emailWithdrawn) {
      const change: PreferenceChange = { kind: 'stop-email' };
      await withdrawEmail(client, message, proof(change));
      changes.push(change);
    } else if (!choice.stopAllEmail && current.emailWithdrawn) {
      const change: PreferenceChange = { kind: 'resume-email' };
      await channelRecord(client, message.contactId, 'granted', proof(change));
      changes.push(change);
    }
    return changes;
  });
}

/** Serialise changes to one person: their subscription rows and records always agree. */
async function lockContact(client: DbClient, contactId: string): Promise<void> {
  await client.query('SELECT 1 FROM contacts WHERE id = $1 FOR NO KEY UPDATE', [contactId]);
}

/**
 * The subscription to `topic` becomes `unsubscribed` (a contact with no row gets one, so the
 * wish is kept should someone subscribe them later); false when it already was.
 */
async function leaveTopic(client: DbClient, message: TrackedMessage, topic: NonNullable<TrackedMessage['topic']>, request: LinkRequest): Promise<boolean> {
  const { rows } = await client.query<{ id: string; status: SubscriptionStatus }>('SELECT id, status FROM subscriptions WHERE contact_id = $1 AND topic_id = $2', [message.contactId, topic.id]);
  const before = rows[0];
  if (before?.status === 'unsubscribed') return false;
  const written = before
    ? await client.query<{ id: string }>(`UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = now() WHERE id = $1 RETURNING id`, [before.id])
    : await client.query<{ id: string }>(`INSERT INTO subscriptions (contact_id, topic_id, status, unsubscribed_at) VALUES ($1, $2, 'unsubscribed', now()) RETURNING id`, [message.contactId, topic.id]);
  await insertConsentRecord(client, { contactId: message.contactId }, {
    topicId: topic.id,
    channel: await topicChannel(client, message.contactId, topic.id),
    action: 'withdrawn',
    source: request.source,
    textShown: request.textShown,
    ipAddress: request.ipAddress,
  });
  await writeAudit(client, UNSUBSCRIBE_LINK_ACTOR, {
    action: 'subscription.unsubscribe',
    entity: 'subscription',
    entityId: written.rows[0]!.id,
    diff: { contactId: message.contactId, topic: topic.code, status: [before?.status ?? null, 'unsubscribed'], source: request.source, messageId: message.id },
  });
  await recordMessageEvent(client, message, 'unsubscribe', { topic: topic.code, source: request.source });
  return true;
}

/** Subscribed again to a topic the contact confirmed before: a new `granted` record carries this page's wording. */
async function rejoinTopic(client: DbClient, message: TrackedMessage, topic: NonNullable<TrackedMessage['topic']>, request: LinkRequest): Promise<void> {
  const { rows } = await client.query<{ id: string }>(
    `UPDATE subscriptions SET status = 'subscribed', unsubscribed_at = NULL WHERE contact_id = $1 AND topic_id = $2 RETURNING id`,
    [message.contactId, topic.id],
  );
  await insertConsentRecord(client, { contactId: message.contactId }, {
    topicId: topic.id,
    channel: await topicChannel(client, message.contactId, topic.id),
    action: 'granted',
    source: request.source,
    textShown: request.textShown,
    ipAddress: request.ipAddress,
  });
  await writeAudit(client, UNSUBSCRIBE_LINK_ACTOR, {
    action: 'subscription.resubscribe',
    entity: 'subscription',
    entityId: rows[0]!.id,
    diff: { contactId: message.contactId, topic: topic.code, status: ['unsubscribed', 'subscribed'], source: request.source, messageId: message.id },
  });
}

/** E-mail withdrawn as a channel (no topic): the send policy then refuses every mail, service mail too; false when it already was. */
async function withdrawEmail(client: DbClient, message: TrackedMessage, request: LinkRequest): Promise<boolean> {
  if (await emailWithdrawn(client, message.contactId)) return false;
  await channelRecord(client, message.contactId, 'withdrawn', request);
  await recordMessageEvent(client, message, 'unsubscribe', { source: request.source });
  return true;
}

async function channelRecord(client: DbClient, contactId: string, action: 'granted' | 'withdrawn', request: LinkRequest): Promise<void> {
  const record = await insertConsentRecord(client, { contactId }, { topicId: null, channel: 'email', action, source: request.source, textShown: request.textShown, ipAddress: request.ipAddress });
  await writeAudit(client, UNSUBSCRIBE_LINK_ACTOR, {
    action: 'consent_record.create',
    entity: 'consent_record',
    entityId: record.id,
    diff: { contactId, channel: 'email', action, source: request.source },
  });
}

/** The rule the send policy applies (db/send-policy.ts): the latest channel-level record for e-mail or any channel decides. */
async function emailWithdrawn(db: Queryable, contactId: string): Promise<boolean> {
  const { rows } = await db.query<{ action: string }>(
    `SELECT action FROM consent_records WHERE contact_id = $1 AND channel IN ('email', 'any') AND topic_id IS NULL
     ORDER BY recorded_at DESC, id DESC LIMIT 1`,
    [contactId],
  );
  return rows[0]?.action === 'withdrawn';
}

/** A topic's records keep the channel its consent was given for (as db/subscriptions.ts `unsubscribe` does). */
async function topicChannel(client: DbClient, contactId: string, topicId: string): Promise<ConsentChannel> {
  const { rows } = await client.query<{ channel: ConsentChannel }>(
    `SELECT channel FROM consent_records r
     WHERE (r.contact_id = $1 OR r.lead_id IN (SELECT l.id FROM leads l WHERE l.converted_contact_id = $1)) AND r.topic_id = $2
     ORDER BY recorded_at DESC, id DESC LIMIT 1`,
    [contactId, topicId],
  );
  return rows[0]?.channel ?? 'any';
}
