import type { Static } from '@sinclair/typebox';
import type { PreviewSchema, SegmentSchema } from '../../contracts/segment';
import type { SegmentRule } from '../../flow/segment-rule';
import type { Db } from '../pool';
import { ALL_CONTACTS, scopeWhere, type Scope } from '../scope';
import { conflict, notFound, refusableTransaction, refuse, type Outcome } from '../write-refusal';
import { compileAudienceSelection, type AudienceSelection } from './audience-where';

export type Segment = Static<typeof SegmentSchema>;

export interface SegmentInput {
  name: string;
  description?: string;
  rule: SegmentRule;
}

export type SampleContact = AudiencePreview['sample'][number];

export type AudiencePreview = Static<typeof PreviewSchema>;

const SEGMENT_COLUMNS = 'id, name, description, rule, created_at AS "createdAt", updated_at AS "updatedAt"';
export const PREVIEW_SAMPLE_SIZE = 20;

export async function listSegments(db: Db): Promise<Segment[]> {
  const { rows } = await db.query<Segment>(`SELECT ${SEGMENT_COLUMNS} FROM segments ORDER BY name, id`);
  return rows;
}

export async function getSegment(db: Db, id: string): Promise<Segment | undefined> {
  const { rows } = await db.query<Segment>(`SELECT ${SEGMENT_COLUMNS} FROM segments WHERE id = $1`, [id]);
  return rows[0];
}

export async function createSegment(db: Db, input: SegmentInput): Promise<Segment> {
  const { rows } = await db.query<Segment>(
    `INSERT INTO segments (name, description, rule) VALUES ($1, $2, $3::jsonb) RETURNING ${SEGMENT_COLUMNS}`,
    [input.name, input.description ?? null, JSON.stringify(input.rule)],
  );
  return rows[0]!;
}

export async function updateSegment(db: Db, id: string, input: SegmentInput): Promise<Segment | undefined> {
  const { rows } = await db.query<Segment>(
    `UPDATE segments SET name = $2, description = $3, rule = $4::jsonb, updated_at = now() WHERE id = $1 RETURNING ${SEGMENT_COLUMNS}`,
    [id, input.name, input.description ?? null, JSON.stringify(input.rule)],
  );
  return rows[0];
}

/**
 * The flows whose latest version has a node drawing on the segment (`{ source: 'segment',
 * segmentId }`, the audience node's config), by name. Older versions are history: only the
 * latest is run next.
 */
const FLOWS_USING_SEGMENT = `SELECT f.name FROM flows f
  JOIN LATERAL (SELECT v.graph FROM flow_versions v WHERE v.flow_id = f.id ORDER BY v.version DESC LIMIT 1) latest ON TRUE
  WHERE latest.graph -> 'nodes' @> jsonb_build_array(jsonb_build_object('config', jsonb_build_object('source', 'segment', 'segmentId', $1::uuid::text)))
  ORDER BY f.name, f.id`;

/**
 * Delete a segment, refused (409, naming each flow) while a saved flow's audience uses it: the
 * flow's next run would find no segment. The row is locked first, so the check and the delete
 * see the same segment.
 */
export async function deleteSegment(db: Db, id: string): Promise<Outcome<void>> {
  return refusableTransaction(db, async (client) => {
    const { rows: segments } = await client.query<{ name: string }>('SELECT name FROM segments WHERE id = $1 FOR UPDATE', [id]);
    const segment = segments[0];
    if (!segment) refuse(notFound('Segment', id));
    const { rows: flows } = await client.query<{ name: string }>(FLOWS_USING_SEGMENT, [id]);
    if (flows.length > 0) {
      const names = flows.map(({ name }) => `"${name}"`);
      const detail = `Segment "${segment.name}" is used by ${flows.length === 1 ? `flow ${names[0]}` : `${flows.length} flows: ${names.join(', ')}`}; change their audience first`;
      refuse(conflict('SEGMENT_IN_USE', detail, flows.map(({ name }) => ({ field: 'id', message: `is used by flow "${name}"` }))));
    }
    await client.query('DELETE FROM segments WHERE id = $1', [id]);
  });
}

/**
 * The selection's WHERE condition over `contacts c`, limited to the reader's scope: a
 * store-bound reader's counts, samples and exports only ever hold their store's contacts.
 */
async function scopedSelection(db: Db, selection: AudienceSelection, scope: Scope, params: unknown[]): Promise<string> {
  const where = await compileAudienceSelection(db, selection, params);
  return `(${where}) AND ${scopeWhere(scope, 'c.store_id', params)}`;
}

async function countWhere(db: Db, where: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ count: string }>(`SELECT count(*) AS count FROM contacts c WHERE ${where}`, params);
  return Number(rows[0]?.count ?? 0);
}

/** How many of the reader's contacts a selection holds (an export's audit row records it). */
export async function countSelection(db: Db, selection: AudienceSelection, scope: Scope): Promise<number> {
  const params: unknown[] = [];
  return countWhere(db, await scopedSelection(db, selection, scope, params), params);
}

/**
 * The confirmation before a run: how many contacts, and the first few (oldest first), of those
 * the reader may see. Every route passes its caller's scope; the default is for the product's
 * own code (seed, tests).
 */
export async function previewAudience(db: Db, selection: AudienceSelection, scope: Scope = ALL_CONTACTS): Promise<AudiencePreview> {
  const params: unknown[] = [];
  const where = await scopedSelection(db, selection, scope, params);
  const [count, sample] = await Promise.all([
    countWhere(db, where, params),
    db.query<SampleContact>(
      `SELECT c.id, c.email, c.first_name AS "firstName", c.last_name AS "lastName", c.abc_class AS "abcClass"
       FROM contacts c WHERE ${where} ORDER BY c.created_at, c.id LIMIT ${PREVIEW_SAMPLE_SIZE}`,
      params,
    ),
  ]);
  return { count, sample: sample.rows };
}

const EXPORT_PAGE = 1000;
export const EXPORT_COLUMNS = ['id', 'email', 'first_name', 'last_name', 'phone', 'language', 'city', 'country', 'customer_code', 'abc_class'] as const;

/** Page through a selection's contacts in `scope` by (created_at, id) keyset: the CSV export streams these. */
export async function* selectionContacts(db: Db, selection: AudienceSelection, scope: Scope): AsyncGenerator<Record<string, unknown>[]> {
  const params: unknown[] = [];
  const where = await scopedSelection(db, selection, scope, params);
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    const pageParams = [...params];
    let keyset = '';
    if (after) {
      pageParams.push(after.createdAt, after.id);
      keyset = ` AND (c.created_at, c.id) > ($${pageParams.length - 1}::timestamptz, $${pageParams.length}::uuid)`;
    }
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT ${EXPORT_COLUMNS.map((column) => `c.${column}`).join(', ')}, c.created_at::text AS cursor_at
       FROM contacts c WHERE (${where})${keyset} ORDER BY c.created_at, c.id LIMIT ${EXPORT_PAGE}`,
      pageParams,
    );
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: String(last.cursor_at), id: String(last.id) };
    yield rows;
    if (rows.length < EXPORT_PAGE) return;
  }
}

/** Which of `ids` (uuids, checked by the flow schema) are saved segments: a flow may only name those. */
export async function existingSegmentIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>('SELECT id FROM segments WHERE id = ANY($1::uuid[])', [ids]);
  return new Set(rows.map((row) => row.id));
}
