import type { SegmentRule } from '../../flow/segment-rule';
import type { Db } from '../pool';
import { compileAudienceSelection, type AudienceSelection } from './audience-where';

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  rule: SegmentRule;
  createdAt: Date;
  updatedAt: Date;
}

export interface SegmentInput {
  name: string;
  description?: string;
  rule: SegmentRule;
}

export interface SampleContact {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  abcClass: string | null;
}

export interface AudiencePreview {
  count: number;
  sample: SampleContact[];
}

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

export async function deleteSegment(db: Db, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM segments WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

/** The confirmation before a run: how many contacts, and the first few (oldest first). */
export async function previewAudience(db: Db, selection: AudienceSelection): Promise<AudiencePreview> {
  const params: unknown[] = [];
  const where = await compileAudienceSelection(db, selection, params);
  const [count, sample] = await Promise.all([
    db.query<{ count: string }>(`SELECT count(*) AS count FROM contacts c WHERE ${where}`, params),
    db.query<SampleContact>(
      `SELECT c.id, c.email, c.first_name AS "firstName", c.last_name AS "lastName", c.abc_class AS "abcClass"
       FROM contacts c WHERE ${where} ORDER BY c.created_at, c.id LIMIT ${PREVIEW_SAMPLE_SIZE}`,
      params,
    ),
  ]);
  return { count: Number(count.rows[0]?.count ?? 0), sample: sample.rows };
}

const EXPORT_PAGE = 1000;
export const EXPORT_COLUMNS = ['id', 'email', 'first_name', 'last_name', 'phone', 'language', 'city', 'country', 'customer_code', 'abc_class'] as const;

/** Page through a selection's contacts by (created_at, id) keyset: the CSV export streams these. */
export async function* selectionContacts(db: Db, selection: AudienceSelection): AsyncGenerator<Record<string, unknown>[]> {
  const params: unknown[] = [];
  const where = await compileAudienceSelection(db, selection, params);
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
