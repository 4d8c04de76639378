import type { OutboxEvent } from '../contracts/outbox';
import { isUuid } from '../flow/uuid';
import type { Queryable } from './pool';

export type { OutboxEvent };

/**
 * The events of each of `messageIds` (opens, clicks, unsubscribes, bounces), oldest first, in
 * one query for a whole outbox page (index events_message). Ids that are not uuids (someone
 * else's Message-ID) have none.
 */
export async function eventsByMessage(db: Queryable, messageIds: readonly string[]): Promise<Map<string, OutboxEvent[]>> {
  const ids = [...new Set(messageIds.filter(isUuid))];
  const events = new Map<string, OutboxEvent[]>();
  if (ids.length === 0) return events;
  const { rows } = await db.query<{ messageId: string; type: string; at: Date; data: Record<string, unknown> }>(
    `SELECT message_id AS "messageId", type, at, data FROM events
     WHERE message_id = ANY($1::uuid[]) ORDER BY message_id, at, id`,
    [ids],
  );
  for (const { messageId, at, ...rest } of rows) {
    // A string, as the outbox's other times are: the wire type has no Date in it.
    const event = { ...rest, at: at.toISOString() };
    const list = events.get(messageId);
    if (list) list.push(event);
    else events.set(messageId, [event]);
  }
  return events;
}
