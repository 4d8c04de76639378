import type { Queryable } from './pool';

/** A member waiting at a send node, with its current message (if it has one). */
export interface SendCandidate {
  contactId: string;
  messageId: string | null;
  status: string | null;
  channel: string | null;
  /** Epoch ms before which a deferred message must not be tried again. */
  nextAttemptAt: number | null;
  /** Whether the message counts against the contact's frequency cap (marketing mail). */
  marketing: boolean | null;
  /** Why a settled message was not sent (a refusal's reason, a bounce's reply). */
  error: string | null;
}

/** The next page of a send node's members and their messages' states (keyset by contact). */
export async function sendCandidatesPage(db: Queryable, cohortId: string, afterContactId: string | null, limit: number): Promise<SendCandidate[]> {
  const { rows } = await db.query<SendCandidate>(
    `SELECT page.contact_id AS "contactId", msg.id AS "messageId", msg.status, msg.channel,
            (extract(epoch FROM msg.next_attempt_at) * 1000)::float8 AS "nextAttemptAt", msg.marketing, msg.error
     FROM cohort_page($1, $2, $3) page
     LEFT JOIN LATERAL (SELECT * FROM messages WHERE messages.id = page.message_id OFFSET 0) msg ON true
     ORDER BY page.contact_id`,
    [cohortId, afterContactId, limit],
  );
  return rows;
}

export interface ClaimedMessage {
  id: string;
  contactId: string;
  toAddress: string;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
  /** Headers written at generate (List-Unsubscribe, ...), passed to the mailer unchanged. */
  headers: Record<string, string>;
  attempts: number;
  /** Epoch ms of the first try: a deferred message gives up when the node's lifetime has passed. */
  firstAttemptAt: number;
}

/**
 * Claim messages for sending: marked `sending` before anything leaves, only if still sendable
 * (a draft or approved, deferred and due, or left `sending` by a crashed attempt — re-sent
 * under the same Message-ID). `FOR UPDATE SKIP LOCKED` keeps two workers off the same row.
 */
export async function claimMessages(db: Queryable, ids: string[]): Promise<ClaimedMessage[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ClaimedMessage>(
    `WITH claim AS (
       SELECT id FROM messages
       WHERE id = ANY($1::uuid[])
         AND (status IN ('draft', 'approved', 'sending') OR (status = 'deferred' AND next_attempt_at <= now()))
       FOR UPDATE SKIP LOCKED
     )
     UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = now(),
       first_attempt_at = COALESCE(first_attempt_at, now())
     FROM claim WHERE messages.id = claim.id
     RETURNING messages.id, messages.contact_id AS "contactId", messages.to_address AS "toAddress",
               messages.subject, messages.body_text AS "bodyText", messages.body_html AS "bodyHtml",
               messages.headers, messages.attempts, (extract(epoch FROM messages.first_attempt_at) * 1000)::float8 AS "firstAttemptAt"`,
    [ids],
  );
  return rows;
}

export async function markSent(db: Queryable, sent: { id: string; providerId: string }[]): Promise<void> {
  if (sent.length === 0) return;
  await db.query(
    `UPDATE messages SET status = 'sent', provider_id = x.provider_id, sent_at = now(), updated_at = now(), error = NULL, next_attempt_at = NULL
     FROM unnest($1::uuid[], $2::text[]) AS x(id, provider_id) WHERE messages.id = x.id`,
    [sent.map((s) => s.id), sent.map((s) => s.providerId)],
  );
}

/** A final fault: `failed`, the node gave up (see markBounced for a refusal by the server). */
export async function markFailed(db: Queryable, messages: { id: string; error: string }[]): Promise<void> {
  if (messages.length === 0) return;
  await db.query(
    `UPDATE messages SET status = 'failed', error = x.error, updated_at = now(), next_attempt_at = NULL
     FROM unnest($1::uuid[], $2::text[]) AS x(id, error) WHERE messages.id = x.id`,
    [messages.map((m) => m.id), messages.map((m) => m.error.slice(0, 2000))],
  );
}

/**
 * A 5xx reply: the message is `bounced` with the server's reply kept, its address goes on the
 * suppression list (reason 'bounce', the reply as note; an address already listed keeps its
 * entry and first reason) and a 'bounce' event is written for the engagement steps and the
 * outbox — one statement, so all three happen or none.
 */
export async function markBounced(db: Queryable, messages: { id: string; error: string }[]): Promise<void> {
  if (messages.length === 0) return;
  await db.query(
    `WITH marked AS (
       UPDATE messages SET status = 'bounced', error = x.error, updated_at = now(), next_attempt_at = NULL
       FROM unnest($1::uuid[], $2::text[]) AS x(id, error)
       WHERE messages.id = x.id
       RETURNING messages.id, messages.run_id, messages.contact_id, messages.channel, messages.to_address, x.error
     ), listed AS (
       INSERT INTO suppressions (channel, address, reason, note)
       SELECT DISTINCT ON (lower(trim(to_address))) channel, lower(trim(to_address)), 'bounce', error FROM marked
       ON CONFLICT (channel, lower(address)) DO NOTHING
     )
     INSERT INTO events (contact_id, run_id, message_id, type, data)
     SELECT contact_id, run_id, id, 'bounce', jsonb_build_object('reply', error) FROM marked`,
    [messages.map((m) => m.id), messages.map((m) => m.error.slice(0, 2000))],
  );
}

/**
 * Messages refused at send: `suppressed` (consent, the suppression list) or `capped` (the
 * frequency cap), the reason kept as their error. Only a message still waiting to be sent is
 * refused; returns the ids that were.
 */
export async function markRefused(db: Queryable, status: 'suppressed' | 'capped', messages: { id: string; reason: string }[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `UPDATE messages SET status = $3, error = x.reason, updated_at = now(), next_attempt_at = NULL
     FROM unnest($1::uuid[], $2::text[]) AS x(id, reason)
     WHERE messages.id = x.id AND messages.status IN ('draft', 'approved', 'sending', 'deferred')
     RETURNING messages.id`,
    [messages.map((m) => m.id), messages.map((m) => m.reason), status],
  );
  return rows.map((row) => row.id);
}

/** A temporary fault: `deferred`, to be tried again at its own time (epoch ms). */
export async function markDeferred(db: Queryable, messages: { id: string; error: string; retryAt: number }[]): Promise<void> {
  if (messages.length === 0) return;
  await db.query(
    `UPDATE messages SET status = 'deferred', error = x.error, next_attempt_at = to_timestamp(x.retry_at / 1000.0), updated_at = now()
     FROM unnest($1::uuid[], $2::text[], $3::float8[]) AS x(id, error, retry_at) WHERE messages.id = x.id`,
    [messages.map((m) => m.id), messages.map((m) => m.error.slice(0, 2000)), messages.map((m) => m.retryAt)],
  );
}

/**
 * The earliest time (epoch ms) still ahead at which a deferred message of a cohort's members may
 * be tried again. Retries already due are left out: one not claimed in the pass just made was
 * held by the send window (which says when it opens) or locked by another worker.
 */
export async function nextDeferredAttempt(db: Queryable, cohortId: string): Promise<number | null> {
  const { rows } = await db.query<{ at: number | null }>(
    `SELECT (extract(epoch FROM min(msg.next_attempt_at)) * 1000)::float8 AS at
     FROM campaign_members m JOIN messages msg ON msg.id = m.message_id
     WHERE m.cohort_id = $1 AND msg.status = 'deferred' AND msg.next_attempt_at > now()`,
    [cohortId],
  );
  return rows[0]?.at ?? null;
}
