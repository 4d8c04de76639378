import { messageIdSql } from './cohorts';
import type { TemplateContact } from '../contracts/template-context';
import type { Queryable } from './pool';

/** A member's contact with what templates need. */
export type DraftContact = TemplateContact;

const CONTACT_COLUMNS = `c.id, c.first_name AS "firstName", c.last_name AS "lastName", c.email, c.title, c.position, c.gender,
  c.language, c.city, c.country, c.customer_code AS "customerCode", c.time_zone AS "timeZone", c.attributes`;

/**
 * A page of the contacts still in a cohort, with what a template needs (keyset by id). The
 * page's member ids come from `cohort_page` (O(page) whatever the statistics) and the contacts
 * are joined by primary key.
 */
export async function draftContactsPage(db: Queryable, cohortId: string, afterContactId: string | null, limit: number): Promise<DraftContact[]> {
  const { rows } = await db.query<DraftContact>(
    `SELECT ${CONTACT_COLUMNS}
     FROM cohort_page($1, $2, $3) page
     CROSS JOIN LATERAL (SELECT * FROM contacts WHERE contacts.id = page.contact_id OFFSET 0) c
     ORDER BY c.id`,
    [cohortId, afterContactId, limit],
  );
  return rows;
}

/** One contact as templates see it (a preview or a test send), or undefined. */
export async function draftContact(db: Queryable, contactId: string): Promise<DraftContact | undefined> {
  const { rows } = await db.query<DraftContact>(`SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.id = $1`, [contactId]);
  return rows[0];
}

/** A rendered message as generate stores it (api-shapes.md: the message row). */
export interface RenderedDraft {
  contactId: string;
  toAddress: string;
  subject: string;
  bodyText: string;
  /** Null for a text-only mail. */
  bodyHtml: string | null;
  language: string;
  headers: Record<string, string>;
  /** The original URLs behind the tracked links, in index order. */
  links: string[];
  marketing: boolean;
}

/**
 * Batched insert of an arrival's rendered drafts. Each id is made from (arrival, contact), the
 * id the links were signed with (templating/tracking-links.ts messageIdFor), so a retry
 * re-inserting the page is a no-op and the member's pointer (set by the move) finds it.
 */
export async function insertRenderedDrafts(
  db: Queryable,
  arrival: { runId: string; nodeId: string; arrivalId: string; channel: string },
  drafts: RenderedDraft[],
): Promise<void> {
  if (drafts.length === 0) return;
  await db.query(
    `INSERT INTO messages (id, arrival_id, run_id, node_id, contact_id, channel, to_address, subject, body_text, body_html, language, headers, links, marketing)
     SELECT ${messageIdSql('$3', 'x."contactId"')}, $3::uuid, $1, $2, x."contactId", $4, x."toAddress", x.subject, x."bodyText", x."bodyHtml",
            x.language, x.headers, x.links, x.marketing
     FROM jsonb_to_recordset($5::jsonb) AS x("contactId" uuid, "toAddress" text, subject text, "bodyText" text, "bodyHtml" text,
                                             language text, headers jsonb, links jsonb, marketing boolean)
     ON CONFLICT (id) DO NOTHING`,
    [arrival.runId, arrival.nodeId, arrival.arrivalId, arrival.channel, JSON.stringify(drafts)],
  );
}
