import type { UserRole } from './users';
import { hashSecret, newSecret } from './secret-tokens';
import type { Queryable } from './pool';

/** A session lasts this long after its last use (sliding), and never longer than the absolute cap. */
export const SESSION_IDLE_HOURS = 12;
export const SESSION_MAX_DAYS = 14;

/** What a session resolves to: the person and where they are placed (for permissions and scope). */
export interface SessionUser {
  tokenHash: string;
  userId: string;
  email: string;
  name: string;
  role: UserRole;
  storeId: string | null;
  teamId: string | null;
  /** The team's store: where an agent of a team without a store of their own works. */
  teamStoreId: string | null;
  lastSeenAt: Date;
  /** Last used over a minute ago: the request should slide it (`touchSession`); most requests need not write. */
  stale: boolean;
}

/** Open a session for a user and record the sign-in; returns the cookie value (shown nowhere else). */
export async function openSession(client: Queryable, userId: string, meta: { address?: string; userAgent?: string }): Promise<string> {
  const secret = newSecret('');
  await client.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at, address, user_agent)
     VALUES ($1, $2, now() + make_interval(hours => $3), $4, $5)`,
    [hashSecret(secret), userId, SESSION_IDLE_HOURS, meta.address ?? null, meta.userAgent?.slice(0, 300) ?? null],
  );
  await client.query('UPDATE users SET last_sign_in_at = now() WHERE id = $1', [userId]);
  // Sign-ins are rare enough to carry the sweeping of long-dead sessions.
  await client.query("DELETE FROM sessions WHERE expires_at < now() - interval '1 day'");
  return secret;
}

/**
 * The live session a cookie names, or undefined: expired, unknown, or its user disabled. A
 * disabled user's sessions are also deleted when they are disabled; the check here is the belt.
 */
export async function findSession(db: Queryable, secret: string): Promise<SessionUser | undefined> {
  const { rows } = await db.query<SessionUser>(
    `SELECT s.token_hash AS "tokenHash", u.id AS "userId", u.email, u.name, u.role,
            u.store_id AS "storeId", u.team_id AS "teamId", t.store_id AS "teamStoreId", s.last_seen_at AS "lastSeenAt",
            s.last_seen_at < now() - interval '1 minute' AS stale
       FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN teams t ON t.id = u.team_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [hashSecret(secret)],
  );
  return rows[0];
}

/** Slide the session's expiry on use, at most once a minute per session (no write per request). */
export async function touchSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(
    `UPDATE sessions SET last_seen_at = now(),
       expires_at = LEAST(created_at + make_interval(days => $2), now() + make_interval(hours => $3))
     WHERE token_hash = $1 AND last_seen_at < now() - interval '1 minute'`,
    [tokenHash, SESSION_MAX_DAYS, SESSION_IDLE_HOURS],
  );
}

export async function endSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

/** End every session of a user, but the one (by hash) that is kept when the person changed their own password. */
export async function endSessionsOfUser(db: Queryable, userId: string, keepTokenHash?: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [userId, keepTokenHash ?? null]);
}
