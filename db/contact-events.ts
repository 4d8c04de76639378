import type { Static } from '@sinclair/typebox';
import type { ContactEventSchema } from '../contracts/contact-event';
import type { Db } from './pool';
import { ALL_CONTACTS, scopeWhere, type Scope } from './scope';

export type ContactEvent = Static<typeof ContactEventSchema>;

const EVENT_COLUMNS = 'ce.id::text AS id, ce.kind, ce.title, ce.body, ce.occurred_at AS "occurredAt"';

/**
 * Append an event to a contact's timeline; undefined when the contact does not exist or is
 * outside `scope`. Every route passes its caller's scope; the default is for the product's own
 * code (seed, tests).
 */
export async function addContactEvent(
  db: Db,
  contactId: string,
  input: { kind: string; title: string; body?: string | null },
  scope: Scope = ALL_CONTACTS,
): Promise<ContactEvent | undefined> {
  const params: unknown[] = [contactId, input.kind, input.title, input.body ?? null];
  const { rows } = await db.query<ContactEvent>(
    `INSERT INTO contact_events AS ce (contact_id, kind, title, body)
     SELECT c.id, $2, $3, $4 FROM contacts c WHERE c.id = $1 AND ${scopeWhere(scope, 'c.store_id', params)}
     RETURNING ${EVENT_COLUMNS}`,
    params,
  );
  return rows[0];
}

/** A contact's timeline events, newest first; none when the contact is outside `scope`. */
export async function listContactEvents(db: Db, contactId: string, scope: Scope): Promise<ContactEvent[]> {
  const params: unknown[] = [contactId];
  const { rows } = await db.query<ContactEvent>(
    `SELECT ${EVENT_COLUMNS} FROM contact_events ce JOIN contacts c ON c.id = ce.contact_id
     WHERE ce.contact_id = $1 AND ${scopeWhere(scope, 'c.store_id', params)}
     ORDER BY ce.occurred_at DESC, ce.id DESC`,
    params,
  );
  return rows;
}
