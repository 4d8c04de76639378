import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../db/audit';
import type { Db } from '../../db/pool';
import { requestSubscription } from '../../db/subscriptions';
import { clickUrl, messageIdFor, openPixelUrl, preferencesUrl, unsubscribeUrl, type TrackingKeys } from '../../templating/tracking-links';

/** The keys the tests' API is built with: links signed with them are the API's own. */
export const TEST_TRACKING_KEYS: TrackingKeys = { publicUrl: 'http://localhost', secret: 'tracking-secret-of-the-tests-0123456789' };

/** A URL's path, for `app.inject`. */
export const pathOf = (url: string) => new URL(url).pathname;

/** The signed paths of a message, as its mail carries them. */
export function linksOf(messageId: string, keys: TrackingKeys = TEST_TRACKING_KEYS) {
  return {
    click: (index: number) => pathOf(clickUrl(keys, messageId, index)),
    open: pathOf(openPixelUrl(keys, messageId)),
    unsubscribe: pathOf(unsubscribeUrl(keys, messageId)),
    preferences: pathOf(preferencesUrl(keys, messageId)),
  };
}

export interface TrackedMessageSeed {
  email: string;
  /** The contact's language; the message's is `messageLanguage` (null: none recorded). */
  language?: string;
  messageLanguage?: string | null;
  /** The campaign's topic (created when its code is new), or null for service mail naming none. */
  topic?: { code: string; name: string } | null;
  mailPurpose?: 'marketing' | 'service';
  links?: string[];
  /** Topic codes the contact is subscribed to (topics without double opt-in: `granted` at once). */
  subscribedTo?: string[];
}

export interface SeededMessage {
  messageId: string;
  contactId: string;
  runId: string;
  topicId: string | null;
}

/** A topic without double opt-in (its code is its identity: created once, then reused). */
export async function ensureTopic(db: Db, topic: { code: string; name: string }): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO topics (code, name, double_opt_in) VALUES ($1, $2, false)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id`,
    [topic.code, topic.name],
  );
  return rows[0]!.id;
}

/**
 * A contact, a campaign (with its flow and a run) and one sent message to them, written straight
 * into the tables as generate and send leave them: what the public links act on.
 */
export async function seedTrackedMessage(db: Db, seed: TrackedMessageSeed): Promise<SeededMessage> {
  const topic = seed.topic === undefined ? { code: 'news', name: 'Newsletter' } : seed.topic;
  const topicId = topic ? await ensureTopic(db, topic) : null;
  const contact = await db.query<{ id: string }>(`INSERT INTO contacts (email, first_name, last_name, language) VALUES ($1, 'Test', 'Person', $2) RETURNING id`, [
    seed.email,
    seed.language ?? 'en',
  ]);
  const contactId = contact.rows[0]!.id;
  for (const code of seed.subscribedTo ?? (topic ? [topic.code] : [])) {
    const subscribed = await requestSubscription(db, SYSTEM_ACTOR, { contactId }, { topic: code, source: 'web form', textShown: `Send me ${code}` });
    if (!('ok' in subscribed)) throw new Error(`could not subscribe ${seed.email} to ${code}: ${JSON.stringify(subscribed)}`);
  }
  const flow = await db.query<{ id: string }>(`INSERT INTO flows (name) VALUES ('Tracked flow') RETURNING id`);
  const flowId = flow.rows[0]!.id;
  await db.query(`INSERT INTO flow_versions (flow_id, version, graph) VALUES ($1, 1, '{}')`, [flowId]);
  const campaign = await db.query<{ id: string }>(`INSERT INTO campaigns (name, flow_id, topic_id, mail_purpose) VALUES ('Tracked campaign', $1, $2, $3) RETURNING id`, [
    flowId,
    topicId,
    seed.mailPurpose ?? (topic ? 'marketing' : 'service'),
  ]);
  const runId = randomUUID();
  await db.query(`INSERT INTO campaign_runs (id, campaign_id, flow_id, flow_version, workflow_id) VALUES ($1, $2, $3, 1, $4)`, [runId, campaign.rows[0]!.id, flowId, `tracked-${runId}`]);
  // Ids as the engine makes them: the message's id is derived from its arrival and contact.
  const arrivalId = randomUUID();
  const message = await db.query<{ id: string }>(
    `INSERT INTO messages (id, arrival_id, run_id, node_id, contact_id, channel, to_address, subject, body_text, status, sent_at, language, links)
     VALUES ($6, $7, $1, 'send', $2, 'email', $3, 'Hello', 'Hello there', 'sent', now(), $4, $5) RETURNING id`,
    [runId, contactId, seed.email, seed.messageLanguage === undefined ? (seed.language ?? 'en') : seed.messageLanguage, JSON.stringify(seed.links ?? []), messageIdFor(arrivalId, contactId), arrivalId],
  );
  return { messageId: message.rows[0]!.id, contactId, runId, topicId };
}

/** The events of a message, oldest first. */
export async function eventsOf(db: Db, messageId: string): Promise<{ type: string; data: Record<string, unknown>; runId: string; contactId: string }[]> {
  const { rows } = await db.query<{ type: string; data: Record<string, unknown>; runId: string; contactId: string }>(
    `SELECT type, data, run_id AS "runId", contact_id AS "contactId" FROM events WHERE message_id = $1 ORDER BY id`,
    [messageId],
  );
  return rows;
}
