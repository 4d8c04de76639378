import { createHash } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import pg from 'pg';
import type { AttributeDefinitionInputSchema, AttributeDefinitionSchema, AttributeDefinitionUpdateSchema, AttributeType } from '../contracts/attribute-definition';
import type { Db, DbClient } from './pool';
import { typedAttributeSql, type RangeType } from './segments/typed-attributes';
import { conflict, invalid, notFound, refusableTransaction, refuse, type FieldProblem, type Outcome } from './write-refusal';


/** A custom contact attribute declared for the workspace; `options` only for `list`. */
export type AttributeDefinition = Static<typeof AttributeDefinitionSchema>;

export type AttributeDefinitionInput = Static<typeof AttributeDefinitionInputSchema>;

/** `type` is accepted only when it repeats the current type: a type never changes (stored values would lie). */
export type AttributeDefinitionUpdate = Static<typeof AttributeDefinitionUpdateSchema>;

const DEFINITION_COLUMNS = 'key, label, type, options, created_at AS "createdAt"';

export async function listAttributeDefinitions(db: Db): Promise<AttributeDefinition[]> {
  const { rows } = await db.query<AttributeDefinition>(`SELECT ${DEFINITION_COLUMNS} FROM attribute_definitions ORDER BY key`);
  return rows;
}

/**
 * Declare an attribute. A number or date attribute gets its expression index in the same
 * transaction, so the definition never exists without it. (A plain CREATE INDEX blocks contact
 * writes while it builds — seconds for a million contacts — but CONCURRENTLY cannot run inside a
 * transaction, and a definition whose index silently failed would leave range queries scanning.)
 */
export async function createAttributeDefinition(db: Db, input: AttributeDefinitionInput): Promise<Outcome<AttributeDefinition>> {
  return refusableTransaction(db, async (client) => {
    const problems = optionProblems(input.type, input.options);
    if (problems.length > 0) refuse(invalid(problems));
    const { rows } = await client.query<AttributeDefinition>(
      `INSERT INTO attribute_definitions (key, label, type, options) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (key) DO NOTHING RETURNING ${DEFINITION_COLUMNS}`,
      [input.key, input.label, input.type, input.type === 'list' ? JSON.stringify(input.options) : null],
    );
    const definition = rows[0];
    if (!definition) {
      refuse(conflict('DUPLICATE_KEY', `An attribute with key ${input.key} is already defined`, [{ field: 'key', message: 'is already defined' }]));
    }
    if (isRangeType(definition.type)) await createRangeIndex(client, definition.key, definition.type);
    return definition;
  });
}

/** Change the label or the options of a definition; its type is fixed once created. */
export async function updateAttributeDefinition(db: Db, key: string, update: AttributeDefinitionUpdate): Promise<Outcome<AttributeDefinition>> {
  return refusableTransaction(db, async (client) => {
    const { rows } = await client.query<AttributeDefinition>(`SELECT ${DEFINITION_COLUMNS} FROM attribute_definitions WHERE key = $1 FOR UPDATE`, [key]);
    const current = rows[0];
    if (!current) refuse(notFound('Attribute definition', key));
    if (update.type !== undefined && update.type !== current.type) {
      refuse(invalid([{ field: 'type', message: `cannot change (is ${current.type}); define a new attribute instead` }]));
    }
    if (update.options !== undefined) {
      const problems = optionProblems(current.type, update.options);
      if (problems.length > 0) refuse(invalid(problems));
    }
    const { rows: updated } = await client.query<AttributeDefinition>(
      `UPDATE attribute_definitions SET label = coalesce($2, label), options = coalesce($3::jsonb, options)
       WHERE key = $1 RETURNING ${DEFINITION_COLUMNS}`,
      [key, update.label ?? null, update.options === undefined ? null : JSON.stringify(update.options)],
    );
    return updated[0]!;
  });
}

/**
 * Forget a definition and drop its index. Values already stored on contacts stay, untyped from
 * now on (deleting a declaration must not destroy customer data).
 */
export async function deleteAttributeDefinition(db: Db, key: string): Promise<Outcome<true>> {
  return refusableTransaction(db, async (client) => {
    const { rowCount } = await client.query('DELETE FROM attribute_definitions WHERE key = $1', [key]);
    if (!rowCount) refuse(notFound('Attribute definition', key));
    await client.query(`DROP INDEX IF EXISTS ${pg.escapeIdentifier(rangeIndexName(key))}`);
    return true as const;
  });
}

/** Options belong to lists only, and a list needs at least one, each named once. */
function optionProblems(type: AttributeType, options: string[] | undefined): FieldProblem[] {
  if (type !== 'list') return options === undefined ? [] : [{ field: 'options', message: `are only allowed for type list (this is ${type})` }];
  if (options === undefined || options.length === 0) return [{ field: 'options', message: 'are required for type list: at least one' }];
  const seen = new Set<string>();
  return options.flatMap((option, index) => {
    if (!seen.has(option)) {
      seen.add(option);
      return [];
    }
    return [{ field: `options[${index}]`, message: `repeats "${option}"` }];
  });
}

function isRangeType(type: AttributeType): type is RangeType {
  return type === 'number' || type === 'date';
}

/**
 * The index name of a key: readable when it fits Postgres' 63-byte identifiers, else shortened
 * with a hash so two long keys sharing a prefix never collide.
 */
export function rangeIndexName(key: string): string {
  const name = `contacts_attr_${key}`;
  if (name.length <= 63) return name;
  return `${name.slice(0, 54)}_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

/**
 * DDL takes no parameters, so the key is quoted as a literal here (it is also checked against the
 * identifier pattern by the table's CHECK). The expression comes from the segment compiler's own
 * builder, which is what makes the planner match it.
 */
export async function createRangeIndex(client: DbClient, key: string, type: RangeType): Promise<void> {
  const expression = typedAttributeSql(type, 'attributes', pg.escapeLiteral(key));
  await client.query(`CREATE INDEX ${pg.escapeIdentifier(rangeIndexName(key))} ON contacts ((${expression}))`);
}
