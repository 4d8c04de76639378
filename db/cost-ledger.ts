import type { MANUAL_COST_CHANNELS } from '../contracts/budget';
import { writeAudit, type Actor } from './audit';
import type { Db, Queryable } from './pool';
import { smsSegments } from './sms-segments';
import { validOn } from './validity-period';
import { invalid, notFound, refusableTransaction, refuse, type Outcome } from './write-refusal';

/**
 * The cost ledger (cost_entries): costs are booked as things happen, one line per cost, never
 * changed (a trigger refuses UPDATE and DELETE; a mistake is corrected by a further line).
 *
 * What the product books itself carries a `source_key` naming the thing that cost, so booking is
 * exactly once by construction: a retried activity inserts the same key again and `ON CONFLICT
 * DO NOTHING` keeps the first line. Each booking function takes the ids of things that may or
 * may not be ready (a message not sent, a call still open) and books only those that are.
 *
 * A thing costs the unit cost valid on the (UTC) day it happened; a later price does not change
 * an earlier line. With no unit cost valid that day nothing is booked for it: the campaign's
 * cost report lists that gap (db/campaign-costs.ts) rather than showing a silent zero.
 */

/**
 * The lines a sent message costs, by channel: one per e-mail, one per SMS segment, print and
 * postage per letter. `suffix` extends the source key for a channel's second line, so a letter's
 * two lines are each booked once ('message:<id>' for print, 'message:<id>:letter_postage').
 */
export const MESSAGE_COST_LINES_SQL = `(VALUES ('email', 'email', ''), ('sms', 'sms_segment', ''), ('letter', 'letter_print', ''),
  ('letter', 'letter_postage', ':letter_postage')) AS line(channel, item, suffix)`;

/** SQL: the unit cost (amount, currency) of `item` valid on `day`, joined LATERAL; absent when none is. */
export function unitCostOnSql(item: string, day: string): string {
  return `(SELECT uc.amount, uc.currency FROM unit_costs uc WHERE uc.item = ${item} AND ${validOn('uc', day)} ORDER BY uc.valid_from DESC LIMIT 1)`;
}

/** SQL: the UTC day of a timestamp column: the day a cost belongs to and its unit cost is looked up on. */
export function utcDaySql(column: string): string {
  return `(${column} AT TIME ZONE 'UTC')::date`;
}

/**
 * Book the cost of sent messages: for each id whose message is `sent`, its lines (see
 * MESSAGE_COST_LINES_SQL) at the unit cost valid on its sent_at day, with campaign, run, node
 * and contact. The node is the send step that sent it when the caller names it (cost by node
 * shows e-mail where it was spent), else the step that made the message. Ids of messages not
 * sent (yet) are skipped; already booked lines are kept. Returns how many lines were booked now.
 */
export async function bookMessageCosts(db: Queryable, messageIds: string[], sendNodeId?: string): Promise<number> {
  if (messageIds.length === 0) return 0;
  // Segments are counted from the text in TypeScript (the GSM alphabet test is not SQL's).
  const sms = await db.query<{ id: string; text: string }>(
    `SELECT m.id, m.body_text AS text FROM unnest($1::uuid[]) AS want(id) JOIN messages m ON m.id = want.id WHERE m.channel = 'sms' AND m.status = 'sent'`,
    [messageIds],
  );
  const segments = sms.rows.map((message) => ({ id: message.id, segments: smsSegments(message.text) }));
  const { rowCount } = await db.query(
    `INSERT INTO cost_entries (campaign_id, run_id, node_id, contact_id, channel, item, quantity, unit_amount, amount, currency, source_key, incurred_on)
     SELECT r.campaign_id, m.run_id, coalesce($3::text, m.node_id), m.contact_id, m.channel, line.item, q.quantity, u.amount, u.amount * q.quantity, u.currency,
            'message:' || m.id || line.suffix, d.day
     FROM unnest($1::uuid[]) AS want(id)
     JOIN messages m ON m.id = want.id
     JOIN campaign_runs r ON r.id = m.run_id
     JOIN ${MESSAGE_COST_LINES_SQL} ON line.channel = m.channel
     CROSS JOIN LATERAL (SELECT ${utcDaySql('m.sent_at')} AS day) d
     LEFT JOIN jsonb_to_recordset($2::jsonb) AS s(id uuid, segments integer) ON s.id = m.id
     CROSS JOIN LATERAL (SELECT CASE WHEN line.item = 'sms_segment' THEN coalesce(s.segments, 1) ELSE 1 END AS quantity) q
     JOIN LATERAL ${unitCostOnSql('line.item', 'd.day')} u ON true
     WHERE m.status = 'sent' AND m.sent_at IS NOT NULL
     ON CONFLICT (source_key) DO NOTHING`,
    [messageIds, JSON.stringify(segments), sendNodeId ?? null],
  );
  return rowCount ?? 0;
}

/**
 * Book the cost of closed call-back tasks: one 'call' line each at the unit cost valid on the
 * day it was closed. Call it in the transaction that closes the call (db/task-work.ts), so a
 * closed call and its cost commit together. Returns how many lines were booked now.
 */
export async function bookCallCosts(db: Queryable, taskIds: string[]): Promise<number> {
  if (taskIds.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO cost_entries (campaign_id, run_id, node_id, contact_id, channel, item, quantity, unit_amount, amount, currency, source_key, incurred_on)
     SELECT r.campaign_id, t.run_id, t.node_id, t.contact_id, 'call', 'call', 1, u.amount, u.amount, u.currency, 'call:' || t.id, d.day
     FROM unnest($1::uuid[]) AS want(id)
     JOIN tasks t ON t.id = want.id
     JOIN campaign_runs r ON r.id = t.run_id
     CROSS JOIN LATERAL (SELECT ${utcDaySql('t.closed_at')} AS day) d
     JOIN LATERAL ${unitCostOnSql(`'call'`, 'd.day')} u ON true
     WHERE t.type = 'callback' AND t.status = 'closed' AND t.closed_at IS NOT NULL
     ON CONFLICT (source_key) DO NOTHING`,
    [taskIds],
  );
  return rowCount ?? 0;
}

/**
 * Book granted rewards: one 'reward' line each, the reward's own value and currency (a reward
 * needs no unit cost: it is worth what was granted), item = its kind, on the day it was granted.
 * Returns how many lines were booked now.
 */
export async function bookRewardCosts(db: Queryable, rewardIds: string[]): Promise<number> {
  if (rewardIds.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO cost_entries (campaign_id, run_id, node_id, contact_id, channel, item, quantity, unit_amount, amount, currency, source_key, incurred_on, note)
     SELECT r.campaign_id, w.run_id, w.node_id, w.contact_id, 'reward', w.kind, 1, w.value, w.value, w.currency, 'reward:' || w.id,
            ${utcDaySql('w.granted_at')}, w.description
     FROM unnest($1::uuid[]) AS want(id) JOIN rewards w ON w.id = want.id JOIN campaign_runs r ON r.id = w.run_id
     ON CONFLICT (source_key) DO NOTHING`,
    [rewardIds],
  );
  return rowCount ?? 0;
}

/** Channels a person books by hand, with a document (an invoice) behind each line. */
export type ManualCostChannel = (typeof MANUAL_COST_CHANNELS)[number];

export interface ManualCostInput {
  campaignId: string;
  channel: ManualCostChannel;
  /** Decimal string, up to two decimals; negative to correct an earlier line (the ledger is append-only). */
  amount: string;
  /** Defaults to the plan's currency, else EUR. */
  currency?: string;
  /** The invoice or contract the cost comes from. */
  documentRef: string;
  note?: string | null;
  /** The day the cost belongs to (the invoice date), YYYY-MM-DD. */
  incurredOn: string;
  /** Optionally, the run and node it was spent for. */
  runId?: string | null;
  nodeId?: string | null;
}

export interface CostEntry {
  /** The line number: ledger lines are numbered in the order they were booked. */
  id: string;
  campaignId: string;
  runId: string | null;
  nodeId: string | null;
  contactId: string | null;
  channel: string;
  item: string | null;
  quantity: string;
  /** Four decimals: an e-mail may cost 0.0012. */
  unitAmount: string | null;
  amount: string;
  currency: string;
  sourceKey: string | null;
  documentRef: string | null;
  note: string | null;
  bookedBy: string | null;
  bookedAt: Date;
  incurredOn: string;
}

const ENTRY_COLUMNS = `e.id::text AS id, e.campaign_id AS "campaignId", e.run_id AS "runId", e.node_id AS "nodeId", e.contact_id AS "contactId",
  e.channel, e.item, e.quantity::text AS quantity, e.unit_amount::text AS "unitAmount", e.amount::text AS amount, e.currency,
  e.source_key AS "sourceKey", e.document_ref AS "documentRef", e.note, e.booked_by AS "bookedBy", e.booked_at AS "bookedAt",
  to_char(e.incurred_on, 'YYYY-MM-DD') AS "incurredOn"`;

/**
 * Book a cost line by hand (agency, media, other): its document reference is required, the
 * line is audited in the same transaction, and a run named must be one of the campaign's.
 */
export async function bookManualCost(db: Db, actor: Actor, input: ManualCostInput): Promise<Outcome<CostEntry>> {
  return refusableTransaction(db, async (client) => {
    const campaign = await client.query<{ currency: string | null }>(
      `SELECT p.currency FROM campaigns c LEFT JOIN campaign_plans p ON p.campaign_id = c.id WHERE c.id = $1`,
      [input.campaignId],
    );
    if (campaign.rows.length === 0) refuse(notFound('Campaign', input.campaignId));
    if (input.runId) {
      const run = await client.query('SELECT 1 FROM campaign_runs WHERE id = $1 AND campaign_id = $2', [input.runId, input.campaignId]);
      if (run.rows.length === 0) refuse(invalid([{ field: 'runId', message: 'is not a run of this campaign' }]));
    }
    if (input.nodeId && !input.runId) refuse(invalid([{ field: 'nodeId', message: 'names a step of a run: send runId with it' }]));
    if (Number(input.amount) === 0) refuse(invalid([{ field: 'amount', message: 'must not be zero: a line records a cost or corrects one' }]));
    const currency = input.currency ?? campaign.rows[0]!.currency ?? 'EUR';
    const { rows } = await client.query<CostEntry>(
      `INSERT INTO cost_entries AS e (campaign_id, run_id, node_id, channel, quantity, unit_amount, amount, currency, document_ref, note, booked_by, incurred_on)
       VALUES ($1, $2, $3, $4, 1, $5, $5, $6, $7, $8, $9, $10)
       RETURNING ${ENTRY_COLUMNS}`,
      [input.campaignId, input.runId ?? null, input.nodeId ?? null, input.channel, input.amount, currency, input.documentRef, input.note ?? null, actor.label, input.incurredOn],
    );
    const entry = rows[0]!;
    await writeAudit(client, actor, {
      action: 'cost.book',
      entity: 'campaign',
      entityId: input.campaignId,
      diff: { line: entry.id, channel: entry.channel, amount: entry.amount, currency, documentRef: input.documentRef, incurredOn: entry.incurredOn },
    });
    return entry;
  });
}

/** Which lines of a campaign's ledger: all, or those behind one figure of its cost report. */
export interface CostEntryFilter {
  channel?: string;
  runId?: string;
  nodeId?: string;
}

/** A page of a campaign's ledger in line order, after line `after`; `next` continues it. */
export async function listCostEntries(
  db: Queryable,
  campaignId: string,
  page: { after?: string; limit: number } & CostEntryFilter,
): Promise<{ items: CostEntry[]; next: string | null }> {
  const { rows } = await db.query<CostEntry>(
    `SELECT ${ENTRY_COLUMNS} FROM cost_entries e
     WHERE e.campaign_id = $1 AND e.id > $2
       AND ($4::text IS NULL OR e.channel = $4) AND ($5::uuid IS NULL OR e.run_id = $5) AND ($6::text IS NULL OR e.node_id = $6)
     ORDER BY e.id LIMIT $3`,
    [campaignId, page.after ?? '0', page.limit + 1, page.channel ?? null, page.runId ?? null, page.nodeId ?? null],
  );
  const more = rows.length > page.limit;
  const items = more ? rows.slice(0, page.limit) : rows;
  return { items, next: more ? items[items.length - 1]!.id : null };
}

const EXPORT_PAGE = 2000;

/** Every line of a campaign's ledger, a page at a time (constant memory for a CSV of any size). */
export async function* allCostEntries(db: Queryable, campaignId: string, filter: CostEntryFilter = {}): AsyncGenerator<CostEntry> {
  let after: string | undefined;
  for (;;) {
    const page = await listCostEntries(db, campaignId, { ...filter, after, limit: EXPORT_PAGE });
    yield* page.items;
    if (page.next === null) return;
    after = page.next;
  }
}
