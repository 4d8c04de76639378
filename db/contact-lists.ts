import type { Static } from '@sinclair/typebox';
import type { ContactListSchema } from '../contracts/contact-list';
import type { Db } from './pool';

/** A static list of contacts (a customer-code file, a manual pick) an audience can be drawn from. */
export type ContactList = Static<typeof ContactListSchema>;

const LIST_SELECT = `SELECT l.id, l.name, l.source, l.created_at AS "createdAt",
    (SELECT count(*)::int FROM contact_list_members m WHERE m.list_id = l.id) AS "memberCount"
  FROM contact_lists l`;

/** Every list, newest first (the file just imported is the one a designer is looking for). */
export async function listContactLists(db: Db): Promise<ContactList[]> {
  const { rows } = await db.query<ContactList>(`${LIST_SELECT} ORDER BY l.created_at DESC, l.id`);
  return rows;
}

export async function getContactList(db: Db, id: string): Promise<ContactList | undefined> {
  const { rows } = await db.query<ContactList>(`${LIST_SELECT} WHERE l.id = $1`, [id]);
  return rows[0];
}

/** Which of `ids` (uuids, checked by the flow schema) are contact lists: a flow may only name those. */
export async function existingContactListIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>('SELECT id FROM contact_lists WHERE id = ANY($1::uuid[])', [ids]);
  return new Set(rows.map((row) => row.id));
}
