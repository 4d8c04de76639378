import type { Static } from '@sinclair/typebox';
import type { TemplateSchema } from '../contracts/template';
import type { Db } from './pool';
import { isUuid } from '../flow/uuid';

export interface TemplateInput {
  name: string;
  channel: 'email' | 'sms' | 'letter';
  language?: string;
  subject: string;
  body: string;
}

export type Template = Static<typeof TemplateSchema>;

const TEMPLATE_COLUMNS = `id, name, channel, language, subject, body, created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function listTemplates(db: Db): Promise<Template[]> {
  const { rows } = await db.query<Template>(`SELECT ${TEMPLATE_COLUMNS} FROM templates ORDER BY name, id`);
  return rows;
}

export async function getTemplate(db: Db, id: string): Promise<Template | undefined> {
  const { rows } = await db.query<Template>(`SELECT ${TEMPLATE_COLUMNS} FROM templates WHERE id = $1`, [id]);
  return rows[0];
}

export async function createTemplate(db: Db, input: TemplateInput): Promise<Template> {
  const { rows } = await db.query<Template>(
    `INSERT INTO templates (name, channel, language, subject, body) VALUES ($1, $2, coalesce($3, 'en'), $4, $5)
     RETURNING ${TEMPLATE_COLUMNS}`,
    [input.name, input.channel, input.language ?? null, input.subject, input.body],
  );
  return rows[0]!;
}

/** Replace a template's content; undefined when there is no such template. */
export async function updateTemplate(db: Db, id: string, input: TemplateInput): Promise<Template | undefined> {
  const { rows } = await db.query<Template>(
    `UPDATE templates SET name = $2, channel = $3, language = coalesce($4, 'en'), subject = $5, body = $6, updated_at = now()
     WHERE id = $1 RETURNING ${TEMPLATE_COLUMNS}`,
    [id, input.name, input.channel, input.language ?? null, input.subject, input.body],
  );
  return rows[0];
}

/** Which of `ids` name an existing template (ids that are not UUIDs never do). */
export async function existingTemplateIds(db: Db, ids: string[]): Promise<Set<string>> {
  const uuids = ids.filter(isUuid);
  if (uuids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>('SELECT id FROM templates WHERE id = ANY($1::uuid[])', [uuids]);
  return new Set(rows.map((row) => row.id));
}
