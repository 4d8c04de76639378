import type { Template, TemplateVariant } from '../contracts/template';
import { changedFields, writeAudit, type Actor } from './audit';
import { inTransaction, type Db, type Queryable } from './pool';
import { isUuid } from '../flow/uuid';

export type { Template, TemplateVariant };

/** A template as stored: every variant spelled out (the API expands its shorthand first). */
export interface TemplateInput {
  name: string;
  channel: 'email' | 'sms' | 'letter';
  /** The default language: its variant is the last fallback. */
  language: string;
  formality: 'formal' | 'informal';
  variants: TemplateVariant[];
}

/** The variants as one JSON array per template: the default language first, then by language. */
const TEMPLATE_SELECT = `SELECT t.id, t.name, t.channel, t.language, t.formality,
    coalesce((SELECT json_agg(json_build_object('language', v.language, 'subject', v.subject, 'preheader', v.preheader,
                                                'html', v.html_body, 'text', v.text_body)
                              ORDER BY v.language <> t.language, v.language)
              FROM template_variants v WHERE v.template_id = t.id), '[]'::json) AS variants,
    t.created_at AS "createdAt", t.updated_at AS "updatedAt"
  FROM templates t`;

export async function listTemplates(db: Db): Promise<Template[]> {
  const { rows } = await db.query<Template>(`${TEMPLATE_SELECT} ORDER BY t.name, t.id`);
  return rows;
}

export async function getTemplate(db: Queryable, id: string): Promise<Template | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<Template>(`${TEMPLATE_SELECT} WHERE t.id = $1`, [id]);
  return rows[0];
}

/**
 * What an audit row says of a template: its short fields as they are, each variant's subject,
 * and its bodies only as changed or not (they are the document, and may be long).
 */
function auditedFields(template: Template): Record<string, unknown> {
  const subjects = Object.fromEntries(template.variants.map((variant) => [`subject.${variant.language}`, variant.subject]));
  return { name: template.name, channel: template.channel, language: template.language, formality: template.formality, ...subjects };
}

function bodiesChanged(before: Template, after: Template): string[] {
  const body = (variant: TemplateVariant | undefined) => JSON.stringify([variant?.html ?? null, variant?.text ?? null, variant?.preheader ?? null]);
  const languages = new Set([...before.variants, ...after.variants].map((variant) => variant.language));
  return [...languages].filter(
    (language) => body(before.variants.find((v) => v.language === language)) !== body(after.variants.find((v) => v.language === language)),
  );
}

async function writeVariants(client: Queryable, templateId: string, variants: TemplateVariant[]): Promise<void> {
  await client.query('DELETE FROM template_variants WHERE template_id = $1', [templateId]);
  await client.query(
    `INSERT INTO template_variants (template_id, language, subject, preheader, html_body, text_body)
     SELECT $1, x.language, x.subject, x.preheader, x.html, x.text
     FROM jsonb_to_recordset($2::jsonb) AS x(language text, subject text, preheader text, html text, text text)`,
    [templateId, JSON.stringify(variants)],
  );
}

export async function createTemplate(db: Db, actor: Actor, input: TemplateInput): Promise<Template> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO templates (name, channel, language, formality) VALUES ($1, $2, $3, $4) RETURNING id`,
      [input.name, input.channel, input.language, input.formality],
    );
    const id = rows[0]!.id;
    await writeVariants(client, id, input.variants);
    const template = (await getTemplate(client, id))!;
    await writeAudit(client, actor, { action: 'template.create', entity: 'template', entityId: id, diff: auditedFields(template) });
    return template;
  });
}

/** Replace a template's content and variants (audited: the fields that changed); undefined when there is no such template. */
export async function updateTemplate(db: Db, actor: Actor, id: string, input: TemplateInput): Promise<Template | undefined> {
  return inTransaction(db, async (client) => {
    const locked = await client.query('SELECT 1 FROM templates WHERE id = $1 FOR UPDATE', [id]);
    if (locked.rowCount === 0) return undefined;
    const before = (await getTemplate(client, id))!;
    await client.query(`UPDATE templates SET name = $2, channel = $3, language = $4, formality = $5, updated_at = now() WHERE id = $1`, [
      id,
      input.name,
      input.channel,
      input.language,
      input.formality,
    ]);
    await writeVariants(client, id, input.variants);
    const template = (await getTemplate(client, id))!;
    const changedBodies = bodiesChanged(before, template);
    const diff = { ...changedFields(auditedFields(before), auditedFields(template)), ...(changedBodies.length > 0 ? { bodies: `changed: ${changedBodies.join(', ')}` } : {}) };
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
