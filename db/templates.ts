import type { Static } from '@sinclair/typebox';
import type { TemplateSchema } from '../contracts/template';
import { changedFields, writeAudit, type Actor } from './audit';
import { inTransaction, type Db } from './pool';
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

/**
 * What an audit row says of a template: its short fields as they are; the body only as changed
 * or not (it is the document, and may be long).
 */
function auditedFields(template: Template): Record<string, unknown> {
  return { name: template.name, channel: template.channel, language: template.language, subject: template.subject };
}

export async function createTemplate(db: Db, actor: Actor, input: TemplateInput): Promise<Template> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<Template>(
      `INSERT INTO templates (name, channel, language, subject, body) VALUES ($1, $2, coalesce($3, 'en'), $4, $5)
       RETURNING ${TEMPLATE_COLUMNS}`,
      [input.name, input.channel, input.language ?? null, input.subject, input.body],
    );
    const template = rows[0]!;
    await writeAudit(client, actor, { action: 'template.create', entity: 'template', entityId: template.id, diff: auditedFields(template) });
    return template;
  });
}

/** Replace a template's content (audited: the fields that changed); undefined when there is no such template. */
export async function updateTemplate(db: Db, actor: Actor, id: string, input: TemplateInput): Promise<Template | undefined> {
  return inTransaction(db, async (client) => {
    const before = (await client.query<Template>(`SELECT ${TEMPLATE_COLUMNS} FROM templates WHERE id = $1 FOR UPDATE`, [id])).rows[0];
    if (!before) return undefined;
    const { rows } = await client.query<Template>(
      `UPDATE templates SET name = $2, channel = $3, language = coalesce($4, 'en'), subject = $5, body = $6, updated_at = now()
       WHERE id = $1 RETURNING ${TEMPLATE_COLUMNS}`,
      [id, input.name, input.channel, input.language ?? null, input.subject, input.body],
    );
    const template = rows[0]!;
    const diff = { ...changedFields(auditedFields(before), auditedFields(template)), ...(before.body === template.body ? {} : { body: 'changed' }) };
    await writeAudit(client, actor, { action: 'template.update', entity: 'template', entityId: id, diff });
    return template;
  });
}

/** Which of `ids` name an existing template (ids that are not UUIDs never do). */
export async function existingTemplateIds(db: Db, ids: string[]): Promise<Set<string>> {
  const uuids = ids.filter(isUuid);
  if (uuids.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>('SELECT id FROM templates WHERE id = ANY($1::uuid[])', [uuids]);
  return new Set(rows.map((row) => row.id));
}
