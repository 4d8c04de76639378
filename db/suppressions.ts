import type { Static } from '@sinclair/typebox';
import type { SuppressionInputSchema, SuppressionSchema } from '../contracts/suppression';
import { writeAudit, type Actor } from './audit';
import type { KeysetKey } from './keyset';
import { inTransaction, type Db, type Queryable } from './pool';


export const SUPPRESSION_CHANNELS = ['email', 'sms', 'letter', 'phone'] as const;
export type SuppressionChannel = (typeof SUPPRESSION_CHANNELS)[number];
export type SuppressionReason = 'unsubscribe' | 'bounce' | 'complaint' | 'manual' | 'legal';

export type Suppression = Static<typeof SuppressionSchema>;

export type SuppressionInput = Static<typeof SuppressionInputSchema>;

const COLUMNS = 'id, channel, address, reason, note, created_at AS "createdAt"';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** E.164: a + then the country code (never 0) and at most 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The one spelling an address is stored and compared in, so "Ana@X.test " and "ana@x.test" are
 * one entry: e-mail trimmed and lower-cased; phone numbers (sms, phone) as E.164 — separators
 * dropped, a leading 00 read as +, bare digits taken to start with the country code (a national
 * number with a leading 0 is refused rather than guessed); letters with whitespace collapsed.
 */
export function normaliseAddress(channel: SuppressionChannel, raw: string): { address: string } | { error: string } {
  const trimmed = raw.trim();
  switch (channel) {
    case 'email': {
      const email = trimmed.toLowerCase();
      return email.length <= 254 && EMAIL.test(email) ? { address: email } : { error: 'must be a valid e-mail address' };
    }
    case 'sms':
    case 'phone': {
      const compact = trimmed.replace(/[\s\-()./]/g, '');
      const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact.startsWith('+') ? compact : `+${compact}`;
      return E164.test(international) ? { address: international } : { error: 'must be a phone number with its country code, e.g. +40 721 000 111' };
    }
    case 'letter': {
      const postal = trimmed.replace(/\s+/g, ' ');
      return postal.length > 0 ? { address: postal } : { error: 'must not be blank' };
    }
  }
}

/** What an audit row says of an entry: the address and why, not the free-text note. */
function audited(suppression: Suppression): Record<string, unknown> {
  return { channel: suppression.channel, address: suppression.address, reason: suppression.reason };
}

/**
 * Add one address (already normalised by `normaliseAddress`), audited. Suppressing an address
 * that is already on the list changes nothing (and writes no audit row) and returns the existing
 * row (`created: false`): the list records a fact, and a second bounce or unsubscribe for the
 * same address is the same fact — the first reason is kept.
 */
export async function addSuppression(db: Db, actor: Actor, input: SuppressionInput): Promise<{ suppression: Suppression; created: boolean }> {
  // Two tries: the entry that blocked the insert may be deleted before it is read back.
  for (let attempt = 0; ; attempt += 1) {
    const inserted = await inTransaction(db, async (client) => {
      const { rows } = await client.query<Suppression>(
        `INSERT INTO suppressions (channel, address, reason, note) VALUES ($1, $2, $3, $4)
         ON CONFLICT (channel, lower(address)) DO NOTHING RETURNING ${COLUMNS}`,
        [input.channel, input.address, input.reason, input.note ?? null],
      );
      const suppression = rows[0];
      if (suppression) await writeAudit(client, actor, { action: 'suppression.create', entity: 'suppression', entityId: suppression.id, diff: audited(suppression) });
      return suppression;
    });
    if (inserted) return { suppression: inserted, created: true };
    const existing = await findSuppression(db, input.channel, input.address);
    if (existing) return { suppression: existing, created: false };
    if (attempt > 0) throw new Error(`suppression of ${input.channel} ${input.address} neither inserted nor found`);
  }
}

/**
 * Add many already-normalised addresses in one statement (all or nothing: one transaction).
 * Addresses already listed, or repeated in the batch, are skipped like a single add would. One
 * audit row tells how many were added (the addresses themselves are the list's rows).
 */
export async function addSuppressions(db: Db, actor: Actor, items: SuppressionInput[]): Promise<{ created: number; alreadySuppressed: number }> {
  return inTransaction(db, async (client) => {
    const { rowCount } = await client.query(
      `INSERT INTO suppressions (channel, address, reason, note)
       SELECT x.channel, x.address, x.reason, x.note
       FROM jsonb_to_recordset($1::jsonb) AS x(channel text, address text, reason text, note text)
       ON CONFLICT (channel, lower(address)) DO NOTHING`,
      [JSON.stringify(items.map((item) => ({ ...item, note: item.note ?? null })))],
    );
    const created = rowCount ?? 0;
    const alreadySuppressed = items.length - created;
    if (created > 0) await writeAudit(client, actor, { action: 'suppression.bulk_create', entity: 'suppression', diff: { created, alreadySuppressed } });
    return { created, alreadySuppressed };
  });
}

export async function findSuppression(db: Queryable, channel: SuppressionChannel, normalisedAddress: string): Promise<Suppression | undefined> {
  const { rows } = await db.query<Suppression>(`SELECT ${COLUMNS} FROM suppressions WHERE channel = $1 AND lower(address) = lower($2)`, [channel, normalisedAddress]);
  return rows[0];
}

/** Remove an entry (e.g. an address suppressed by mistake), audited with what it was; false when there is none. */
export async function deleteSuppression(db: Db, actor: Actor, id: string): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<Suppression>(`DELETE FROM suppressions WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
    const deleted = rows[0];
    if (!deleted) return false;
    await writeAudit(client, actor, { action: 'suppression.delete', entity: 'suppression', entityId: id, diff: audited(deleted) });
    return true;
  });
}

/** Position in the list: newest first, ties broken by id. */
/** The keyset key of a suppression (its time and id), as contacts and leads page. */
export type SuppressionKey = KeysetKey;

export interface SuppressionPage {
  items: Suppression[];
  next: SuppressionKey | null;
}

/** Keyset paging, newest first, filtered by channel and by a piece of the address. */
export async function listSuppressions(
  db: Db,
  query: { channel?: SuppressionChannel; search?: string; limit: number; after?: SuppressionKey },
): Promise<SuppressionPage> {
  const pattern = query.search === undefined ? null : `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<Suppression & { key: string }>(
    `SELECT ${COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS key
     FROM suppressions
     WHERE ($1::text IS NULL OR channel = $1)
       AND ($2::text IS NULL OR lower(address) LIKE $2)
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
     ORDER BY created_at DESC, id DESC
     LIMIT $5`,
    [query.channel ?? null, pattern, query.after?.createdAt ?? null, query.after?.id ?? null, query.limit + 1],
  );
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ key: _key, ...item }) => item),
    next: more && last ? { createdAt: last.key, id: last.id } : null,
  };
}

/**
 * Which of `addresses` must not be sent to on `channel`, with why — for the send step, which
 * checks at send time (not only when the audience was built). Keys are the addresses as given;
 * an address that does not normalise is not on the list (sending to it fails for its own reason).
 */
export async function suppressedAddresses(db: Queryable, channel: SuppressionChannel, addresses: string[]): Promise<Map<string, SuppressionReason>> {
  const byNormalised = new Map<string, string[]>();
  for (const address of addresses) {
    const normalised = normaliseAddress(channel, address);
    if (!('address' in normalised)) continue;
    const key = normalised.address.toLowerCase();
    byNormalised.set(key, [...(byNormalised.get(key) ?? []), address]);
  }
  const suppressed = new Map<string, SuppressionReason>();
  if (byNormalised.size === 0) return suppressed;
  const { rows } = await db.query<{ key: string; reason: SuppressionReason }>(
    'SELECT lower(address) AS key, reason FROM suppressions WHERE channel = $1 AND lower(address) = ANY($2::text[])',
    [channel, [...byNormalised.keys()]],
  );
  for (const row of rows) for (const address of byNormalised.get(row.key) ?? []) suppressed.set(address, row.reason);
  return suppressed;
}
