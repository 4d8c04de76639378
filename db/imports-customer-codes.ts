import { writeAudit, type Actor } from './audit';
import { inTransaction, type Db } from './pool';

/** One code of an uploaded customer-code file, with its line in the file. */
export interface CodeLine {
  line: number;
  code: string;
}

/**
 * Make a contact list (source `customer_codes`) of the contacts whose customer code is in the
 * file, in one transaction with its audit row (the counts); codes that match no contact come
 * back with their lines.
 */
export async function createListFromCustomerCodes(
  db: Db,
  actor: Actor,
  name: string,
  codes: CodeLine[],
): Promise<{ listId: string; name: string; matched: number; unmatched: CodeLine[] }> {
  return inTransaction(db, async (client) => {
    const { rows: lists } = await client.query<{ id: string; name: string }>(
      `INSERT INTO contact_lists (name, source) VALUES ($1, 'customer_codes') RETURNING id, name`,
      [name],
    );
    const { id: listId, name: listName } = lists[0]!;
    const { rows: found } = await client.query<{ code: string }>(
      `INSERT INTO contact_list_members (list_id, contact_id)
       SELECT $1, id FROM contacts WHERE customer_code = ANY($2::text[])
       ON CONFLICT DO NOTHING
       RETURNING (SELECT customer_code FROM contacts WHERE id = contact_id) AS code`,
      [listId, codes.map((entry) => entry.code)],
    );
    const known = new Set(found.map((row) => row.code));
    const unmatched = codes.filter((entry) => !known.has(entry.code));
    await writeAudit(client, actor, {
      action: 'contact_list.import',
      entity: 'contact_list',
      entityId: listId,
      diff: { name: listName, source: 'customer_codes', codes: codes.length, matched: found.length, unmatched: unmatched.length },
    });
    return { listId, name: listName, matched: found.length, unmatched };
  });
}
