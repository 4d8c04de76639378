import type { Static } from '@sinclair/typebox';
import type { AuditEntrySchema, AuditQuerySchema } from '../contracts/audit';
import type { Queryable } from './pool';

export type AuditEntry = Static<typeof AuditEntrySchema>;

/** Which entries to read: every filter is optional; `from` and `to` both include their instant. */
export type AuditFilters = Pick<Static<typeof AuditQuerySchema>, 'actorId' | 'entity' | 'entityId' | 'action' | 'from' | 'to'>;

export interface AuditPage {
  items: AuditEntry[];
  /** The cursor for the next (older) page, or null when this one is the last. */
  nextBefore: string | null;
}

const ENTRY_COLUMNS = `id::text AS id, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_label AS "actorLabel",
  action, entity, entity_id AS "entityId", diff`;

/**
 * Up to `limit` entries matching `filters` with an id below `before`, newest first. Ids only grow,
 * so the id is the keyset: one index range per page, however deep the reader pages.
 */
async function entriesBefore(db: Queryable, filters: AuditFilters, before: string | undefined, limit: number): Promise<AuditEntry[]> {
  const { rows } = await db.query<AuditEntry>(
    `SELECT ${ENTRY_COLUMNS} FROM audit_log
     WHERE ($1::uuid IS NULL OR actor_id = $1)
       AND ($2::text IS NULL OR entity = $2)
       AND ($3::text IS NULL OR entity_id = $3)
       AND ($4::text IS NULL OR action = $4)
       AND ($5::timestamptz IS NULL OR at >= $5)
       AND ($6::timestamptz IS NULL OR at <= $6)
       AND ($7::bigint IS NULL OR id < $7)
     ORDER BY audit_log.id DESC LIMIT $8`,
    [filters.actorId ?? null, filters.entity ?? null, filters.entityId ?? null, filters.action ?? null, filters.from ?? null, filters.to ?? null, before ?? null, limit],
  );
  return rows;
}

/** One page of the audit log, newest first, paged backwards by id (`before`). */
export async function listAuditEntries(db: Queryable, filters: AuditFilters, page: { limit: number; before?: string }): Promise<AuditPage> {
  const rows = await entriesBefore(db, filters, page.before, page.limit + 1);
  const items = rows.slice(0, page.limit);
  return { items, nextBefore: rows.length > page.limit ? items[items.length - 1]!.id : null };
}

/** Entries read per statement while exporting: memory stays flat whatever the log's size. */
const EXPORT_BATCH = 1_000;

/** Every entry matching `filters` (older than `before` when given), newest first, read in batches. */
export async function* allAuditEntries(db: Queryable, filters: AuditFilters, before?: string): AsyncGenerator<AuditEntry> {
  let cursor = before;
  for (;;) {
    const batch = await entriesBefore(db, filters, cursor, EXPORT_BATCH);
    yield* batch;
    if (batch.length < EXPORT_BATCH) return;
    cursor = batch[batch.length - 1]!.id;
  }
}
