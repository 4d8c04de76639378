import type { Db, Queryable } from './pool';


/** A member's contact data as templates see it. */
export interface CohortContact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  title: string | null;
  gender: string | null;
  language: string;
  city: string | null;
  country: string | null;
  attributes: Record<string, unknown>;
}


/** A page of the contacts still in a cohort, with what a template needs (keyset by id). */
export async function cohortContactsPage(
  db: Queryable,
  cohortId: string,
  afterContactId: string | null,
  limit: number,
): Promise<CohortContact[]> {
  const { rows } = await db.query<CohortContact>(
    `SELECT c.id, c.first_name AS "firstName", c.last_name AS "lastName", c.email, c.title, c.gender,
            c.language, c.city, c.country, c.attributes
     FROM campaign_members m JOIN contacts c ON c.id = m.contact_id
     WHERE m.cohort_id = $1 AND ($2::uuid IS NULL OR m.contact_id > $2::uuid)
     ORDER BY m.contact_id LIMIT $3`,
    [cohortId, afterContactId, limit],
  );
  return rows;
}

export interface DraftMessage {
  contact_id: string;
  to_address: string;
  subject: string;
  body_text: string;
}

/** Batched insert of drafts; a retry re-inserting the same (run, node, contact) is a no-op. */
export async function insertDrafts(
  db: Queryable,
  runId: string,
  nodeId: string,
  channel: string,
  drafts: DraftMessage[],
): Promise<void> {
  if (drafts.length === 0) return;
  await db.query(
    `INSERT INTO messages (run_id, node_id, contact_id, channel, to_address, subject, body_text)
     SELECT $1, $2, x.contact_id, $3, x.to_address, x.subject, x.body_text
     FROM jsonb_to_recordset($4::jsonb) AS x(contact_id uuid, to_address text, subject text, body_text text)
     ON CONFLICT (run_id, node_id, contact_id) DO NOTHING`,
    [runId, nodeId, channel, JSON.stringify(drafts)],
  );
}

export interface ClaimedMessage {
  id: string;
  contactId: string;
  toAddress: string;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
}

/**
 * Claim the next page of sendable messages of a cohort: `FOR UPDATE SKIP LOCKED` so two
 * workers never take the same row, marked `sending` before anything leaves. Rows a crashed
 * attempt left in `sending` are claimed first (`reclaim`), and re-sent with the same Message-ID.
 */
export async function claimMessages(
  db: Db,
  params: { runId: string; cohortId: string; channel: string; limit: number; reclaim: boolean },
): Promise<ClaimedMessage[]> {
  const statuses = params.reclaim ? ['sending'] : ['draft', 'approved'];
  const { rows } = await db.query<ClaimedMessage>(
    `WITH claim AS (
       SELECT m.id FROM messages m
       JOIN campaign_members cm ON cm.run_id = m.run_id AND cm.contact_id = m.contact_id
       WHERE cm.cohort_id = $2 AND m.run_id = $1 AND m.channel = $3 AND m.status = ANY($4::text[])
       ORDER BY cm.contact_id LIMIT $5
       FOR UPDATE OF m SKIP LOCKED
     )
     UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = now()
     FROM claim WHERE messages.id = claim.id
     RETURNING messages.id, messages.contact_id AS "contactId", messages.to_address AS "toAddress",
               messages.subject, messages.body_text AS "bodyText", messages.body_html AS "bodyHtml"`,
    [params.runId, params.cohortId, params.channel, statuses, params.limit],
  );
  return rows;
}

export async function markSent(db: Queryable, sent: { id: string; providerId: string }[]): Promise<void> {
  if (sent.length === 0) return;
  await db.query(
    `UPDATE messages SET status = 'sent', provider_id = x.provider_id, sent_at = now(), updated_at = now(), error = NULL
     FROM unnest($1::uuid[], $2::text[]) AS x(id, provider_id) WHERE messages.id = x.id`,
    [sent.map((s) => s.id), sent.map((s) => s.providerId)],
  );
}

export async function markFailed(db: Queryable, failed: { id: string; error: string }[]): Promise<void> {
  if (failed.length === 0) return;
  await db.query(
    `UPDATE messages SET status = 'failed', error = x.error, updated_at = now()
     FROM unnest($1::uuid[], $2::text[]) AS x(id, error) WHERE messages.id = x.id`,
    [failed.map((f) => f.id), failed.map((f) => f.error.slice(0, 2000))],
  );
}

/**
 * Members of a cohort whose message on `channel` reached `status` — used to route members
 * after sending, including those a crashed attempt sent but did not move.
 */
export async function cohortMembersWithMessageStatus(
  db: Queryable,
  params: { runId: string; cohortId: string; channel: string; status: string },
): Promise<string[]> {
  const { rows } = await db.query<{ contactId: string }>(
    `SELECT cm.contact_id AS "contactId" FROM campaign_members cm
     WHERE cm.run_id = $1 AND cm.cohort_id = $2 AND EXISTS (
       SELECT 1 FROM messages m WHERE m.run_id = cm.run_id AND m.contact_id = cm.contact_id
         AND m.channel = $3 AND m.status = $4)`,
    [params.runId, params.cohortId, params.channel, params.status],
  );
  return rows.map((row) => row.contactId);
}
