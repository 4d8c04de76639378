import type { Static } from '@sinclair/typebox';
import type { ContactEventSchema } from '../contracts/contact-event';
import type { Db } from './pool';

export type ContactEvent = Static<typeof ContactEventSchema>;

const EVENT_COLUMNS = 'id::text AS id, kind, title, body, occurred_at AS "occurredAt"';

/** Append an event to a contact's timeline; undefined when the contact does not exist. */
export async function addContactEvent(db: Db, contactId: string, input: { kind: string; title: string; body?: string | null }): Promise<ContactEvent | undefined> {
  const { rows } = await db.query<ContactEvent>(
    `INSERT INTO contact_events (contact_id, kind, title, body)
     SELECT id, $2, $3, $4 FROM contacts WHERE id = $1 RETURNING ${EVENT_COLUMNS}`,
    [contactId, input.kind, input.title, input.body ?? null],
  );
  return rows[0];
}

/** A contact's timeline events, newest first. */
export async function listContactEvents(db: Db, contactId: string): Promise<ContactEvent[]> {
  const { rows } = await db.query<ContactEvent>(`SELECT ${EVENT_COLUMNS} FROM contact_events WHERE contact_id = $1 ORDER BY occurred_at DESC, id DESC`, [contactId]);
  return rows;
}
