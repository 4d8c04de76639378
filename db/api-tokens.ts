import type { Static } from '@sinclair/typebox';
import type { ApiTokenSchema, CreateApiTokenSchema } from '../contracts/api-token';
import { writeAudit, type Actor } from './audit';
import { inTransaction, type Db, type Queryable } from './pool';
import { hashSecret, newSecret } from './secret-tokens';

export type ApiToken = Static<typeof ApiTokenSchema>;

/** Tokens start with this, so a leaked one is recognisable by secret scanners and in logs. */
export const API_TOKEN_PREFIX = 'cst_';

const TOKEN_COLUMNS = `id, name, role, store_id AS "storeId", prefix, created_by AS "createdBy", created_at AS "createdAt",
  last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

/** Create a token (audited); its secret is returned this once and stored only as a hash. */
export async function createApiToken(db: Db, actor: Actor, input: Static<typeof CreateApiTokenSchema>): Promise<{ token: ApiToken; secret: string } | { unknownStore: true }> {
  return inTransaction(db, async (client) => {
    if (input.storeId && (await client.query('SELECT 1 FROM stores WHERE id = $1', [input.storeId])).rowCount === 0) return { unknownStore: true };
    const secret = newSecret(API_TOKEN_PREFIX);
    const { rows } = await client.query<ApiToken>(
      `INSERT INTO api_tokens (name, role, store_id, token_hash, prefix, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TOKEN_COLUMNS}`,
      [input.name.trim(), input.role, input.storeId ?? null, hashSecret(secret), secret.slice(0, API_TOKEN_PREFIX.length + 6), actor.kind === 'user' ? actor.id : null],
    );
    const token = rows[0]!;
    await writeAudit(client, actor, { action: 'token.create', entity: 'api_token', entityId: token.id, diff: { name: token.name, role: token.role, storeId: token.storeId } });
    return { token, secret };
  });
}

export async function listApiTokens(db: Queryable): Promise<ApiToken[]> {
  const { rows } = await db.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY revoked_at IS NOT NULL, created_at DESC`);
  return rows;
}

/** Revoke a token (audited); false when there is no such token. Revoking twice keeps the first time. */
export async function revokeApiToken(db: Db, actor: Actor, id: string): Promise<boolean> {
  return inTransaction(db, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      'UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING name',
      [id],
    );
    const row = rows[0];
    if (!row) return false;
    await writeAudit(client, actor, { action: 'token.revoke', entity: 'api_token', entityId: id, diff: { name: row.name } });
    return true;
  });
}

export interface TokenPrincipalRow {
  id: string;
  name: string;
  role: ApiToken['role'];
  storeId: string | null;
}

/** The live token a bearer secret names; marks it used (at most once a minute). */
export async function findApiToken(db: Queryable, secret: string): Promise<TokenPrincipalRow | undefined> {
  const { rows } = await db.query<TokenPrincipalRow & { stale: boolean }>(
    `SELECT id, name, role, store_id AS "storeId", last_used_at IS NULL OR last_used_at < now() - interval '1 minute' AS stale
       FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
    [hashSecret(secret)],
  );
  const found = rows[0];
  if (!found) return undefined;
  const { stale, ...token } = found;
  // Only a token unused for a minute is written to: most requests read and nothing more.
  if (stale) await db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [token.id]);
  return token;
}
