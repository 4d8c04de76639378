import type { Queryable } from './pool';

/** The engagement events the public links record (H3 writes `bounce`); `wait` and `branch` read them by run and type. */
export type TrackingEventType = 'open' | 'click' | 'unsubscribe';

/** What the public routes need of a message: whose it is, which run, its links, and what its campaign mails about. */
export interface TrackedMessage {
  id: string;
  runId: string;
  contactId: string;
  /** The address the mail went to: the unsubscribe pages name it, so a forwarded mail does not mislead. */
  toAddress: string;
  /** The language the mail was written in (the variant used), else the contact's; null when neither is known. */
  language: string | null;
  /** The original URLs behind the tracked links, by index. */
  links: string[];
  mailPurpose: 'marketing' | 'service';
  /** The campaign's topic; null for service mail that names none. */
  topic: { id: string; code: string; name: string } | null;
}

interface TrackedMessageRow {
  id: string;
  runId: string;
  contactId: string;
  toAddress: string;
  language: string | null;
  links: unknown;
  mailPurpose: 'marketing' | 'service';
  topicId: string | null;
  topicCode: string | null;
  topicName: string | null;
}

/** A message with its run, contact and campaign topic, for the unsubscribe and preference pages; undefined if there is none. */
export async function findTrackedMessage(db: Queryable, messageId: string): Promise<TrackedMessage | undefined> {
  const { rows } = await db.query<TrackedMessageRow>(
    `SELECT m.id, m.run_id AS "runId", m.contact_id AS "contactId", m.to_address AS "toAddress",
            coalesce(m.language, c.language) AS language, m.links, cp.mail_purpose AS "mailPurpose",
            t.id AS "topicId", t.code AS "topicCode", t.name AS "topicName"
     FROM messages m
     JOIN contacts c ON c.id = m.contact_id
     JOIN campaign_runs r ON r.id = m.run_id
     JOIN campaigns cp ON cp.id = r.campaign_id
     LEFT JOIN topics t ON t.id = cp.topic_id
     WHERE m.id = $1`,
    [messageId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    runId: row.runId,
    contactId: row.contactId,
    toAddress: row.toAddress,
    language: row.language,
    links: Array.isArray(row.links) ? row.links.filter((link): link is string => typeof link === 'string') : [],
    mailPurpose: row.mailPurpose,
    topic: row.topicId !== null ? { id: row.topicId, code: row.topicCode!, name: row.topicName! } : null,
  };
}

/**
 * The schemes a tracked link may lead to (a POSIX regex, case-insensitive): web and mail
 * addresses. A stored `javascript:` or `data:` link (a template's mistake) is never a redirect
 * target, and a click on it is not counted.
 */
const REDIRECTABLE_PATTERN = '^(https?|mailto|tel):';

/**
 * Record a click on link `index` of a message and return the link it stands for; undefined when
 * the message does not exist or has no redirectable link at that index (nothing recorded then).
 * One round trip: the redirect is the hot path of a campaign's busiest minute. The URL comes only from the
 * message's stored links, never from the request (a negative index, which jsonb would count from
 * the end, finds nothing).
 */
export async function recordClick(db: Queryable, messageId: string, index: number): Promise<{ url: string } | undefined> {
  const { rows } = await db.query<{ url: string }>(
    `WITH target AS (
       SELECT id, run_id, contact_id, links ->> $2::int AS url FROM messages
       WHERE id = $1 AND $2::int >= 0 AND jsonb_typeof(links -> $2::int) = 'string' AND links ->> $2::int ~* $3
     ), recorded AS (
       INSERT INTO events (contact_id, run_id, message_id, type, data)
       SELECT contact_id, run_id, id, 'click', jsonb_build_object('index', $2::int, 'url', url) FROM target
     )
     SELECT url FROM target`,
    [messageId, index, REDIRECTABLE_PATTERN],
  );
  return rows[0];
}

/** The link at `index` of a message without recording anything: the redirect still works when recording a click fails. */
export async function storedLink(db: Queryable, messageId: string, index: number): Promise<string | undefined> {
  const { rows } = await db.query<{ url: string }>(
    `SELECT links ->> $2::int AS url FROM messages
     WHERE id = $1 AND $2::int >= 0 AND jsonb_typeof(links -> $2::int) = 'string' AND links ->> $2::int ~* $3`,
    [messageId, index, REDIRECTABLE_PATTERN],
  );
  return rows[0]?.url;
}

/** Record that a message was opened (its pixel was fetched); false when there is no such message. */
export async function recordOpen(db: Queryable, messageId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO events (contact_id, run_id, message_id, type) SELECT contact_id, run_id, id, 'open' FROM messages WHERE id = $1`,
    [messageId],
  );
  return (rowCount ?? 0) > 0;
}

/** Append an event of a message (in the caller's transaction when it passes one). */
export async function recordMessageEvent(db: Queryable, message: Pick<TrackedMessage, 'id' | 'runId' | 'contactId'>, type: TrackingEventType, data: Record<string, unknown>): Promise<void> {
  await db.query(`INSERT INTO events (contact_id, run_id, message_id, type, data) VALUES ($1, $2, $3, $4, $5)`, [
    message.contactId,
    message.runId,
    message.id,
    type,
    JSON.stringify(data),
  ]);
}
