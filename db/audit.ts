import type { Queryable } from './pool';

/** Who did something: a signed-in person, an API token, or the product itself (seed, CLI). */
export interface Actor {
  kind: 'user' | 'token' | 'system';
  id: string | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, label: 'system' };

export interface AuditRecord {
  /** `<entity>.<verb>`: flow.create, run.pause, user.disable, contacts.export. */
  action: string;
  entity: string;
  entityId?: string | null;
  /** A small before/after of the changed fields (`{ field: [before, after] }`), or what was done. */
  diff?: unknown;
}

/**
 * Append one audit row. Call it with the transaction's client of the write it describes, so
 * both commit or neither does (db/pool.ts `inTransaction`).
 */
export async function writeAudit(client: Queryable, actor: Actor, record: AuditRecord): Promise<void> {
  await client.query(
    `INSERT INTO audit_log (actor_id, actor_kind, actor_label, action, entity, entity_id, diff)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [actor.id, actor.kind, actor.label, record.action, record.entity, record.entityId ?? null, record.diff === undefined ? null : JSON.stringify(record.diff)],
  );
}

/** `{ field: [before, after] }` for the fields of `after` whose value differs from `before`. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const diff: Record<string, [unknown, unknown]> = {};
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined) continue;
    if (JSON.stringify(before[field] ?? null) !== JSON.stringify(value ?? null)) diff[field] = [before[field] ?? null, value ?? null];
  }
  return diff;
}
