import { hashSecret, newSecret } from './secret-tokens';
import type { Queryable } from './pool';

/** How long a reset link works; one day lets an admin hand it over, short enough to go stale safely. */
export const RESET_LINK_HOURS = 24;

/** Make a one-time reset link's secret for a user; earlier unused links of theirs stop working. */
export async function createPasswordReset(client: Queryable, userId: string, createdBy: string | null): Promise<{ secret: string; expiresAt: Date }> {
  const secret = newSecret('');
  await client.query('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [userId]);
  const { rows } = await client.query<{ expiresAt: Date }>(
    `INSERT INTO password_resets (token_hash, user_id, created_by, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING expires_at AS "expiresAt"`,
    [hashSecret(secret), userId, createdBy, RESET_LINK_HOURS],
  );
  return { secret, expiresAt: rows[0]!.expiresAt };
}

export type ResetLinkState =
  | { state: 'valid'; userId: string; email: string; name: string; expiresAt: Date }
  | { state: 'expired' | 'used' | 'unknown' };

/** What a reset link is now; `lock` takes the row for the transaction that uses it. */
export async function readPasswordReset(client: Queryable, secret: string, lock = false): Promise<ResetLinkState> {
  const { rows } = await client.query<{ userId: string; email: string; name: string; expiresAt: Date; usedAt: Date | null; disabled: boolean }>(
    `SELECT r.user_id AS "userId", u.email, u.name, r.expires_at AS "expiresAt", r.used_at AS "usedAt", u.disabled
       FROM password_resets r JOIN users u ON u.id = r.user_id
      WHERE r.token_hash = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
    [hashSecret(secret)],
  );
  const row = rows[0];
  if (!row || row.disabled) return { state: 'unknown' };
  if (row.usedAt) return { state: 'used' };
  if (row.expiresAt.getTime() <= Date.now()) return { state: 'expired' };
  return { state: 'valid', userId: row.userId, email: row.email, name: row.name, expiresAt: row.expiresAt };
}

export async function markPasswordResetUsed(client: Queryable, secret: string): Promise<void> {
  await client.query('UPDATE password_resets SET used_at = now() WHERE token_hash = $1', [hashSecret(secret)]);
}
