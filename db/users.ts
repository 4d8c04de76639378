import type { Static } from '@sinclair/typebox';
import type { UserInputSchema, UserRoleSchema, UserSchema, UserUpdateSchema } from '../contracts/user';
import { changedFields, writeAudit, type Actor } from './audit';
import { inTransaction, type Db, type Queryable } from './pool';
import { endSessionsOfUser } from './sessions';

export type UserRole = Static<typeof UserRoleSchema>;

export type User = Static<typeof UserSchema>;

export type UserInput = Static<typeof UserInputSchema>;

export type UserUpdate = Static<typeof UserUpdateSchema>;

const USER_COLUMNS = `id, email, name, role, team_id AS "teamId", store_id AS "storeId", created_at AS "createdAt",
  disabled, last_sign_in_at AS "lastSignInAt", password_hash IS NOT NULL AS "hasPassword"`;

export type CreateUserResult = { user: User } | { duplicateEmail: true } | { unknown: 'teamId' | 'storeId' };

async function unknownPlace(db: Queryable, teamId: string | null | undefined, storeId: string | null | undefined): Promise<'teamId' | 'storeId' | undefined> {
  if (teamId && (await db.query('SELECT 1 FROM teams WHERE id = $1', [teamId])).rowCount === 0) return 'teamId';
  if (storeId && (await db.query('SELECT 1 FROM stores WHERE id = $1', [storeId])).rowCount === 0) return 'storeId';
  return undefined;
}

/**
 * Insert a user (audited); a taken e-mail (case-insensitively) or a missing team/store is
 * reported, not thrown. `passwordHash` is for the seed and the CLI; people made by an admin get
 * a reset link instead.
 */
export async function createUser(db: Db, actor: Actor, input: UserInput, passwordHash: string | null = null): Promise<CreateUserResult> {
  return inTransaction(db, async (client) => {
    const unknown = await unknownPlace(client, input.teamId, input.storeId);
    if (unknown) return { unknown };
    const { rows } = await client.query<User>(
      `INSERT INTO users (email, name, role, team_id, store_id, password_hash, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [input.email, input.name, input.role, input.teamId ?? null, input.storeId ?? null, passwordHash],
    );
    const user = rows[0];
    if (!user) return { duplicateEmail: true };
    await writeAudit(client, actor, { action: 'user.create', entity: 'user', entityId: user.id, diff: { email: user.email, name: user.name, role: user.role, teamId: user.teamId, storeId: user.storeId } });
    return { user };
  });
}

/** All users by name: staff lists are short, so no paging. */
export async function listUsers(db: Db): Promise<User[]> {
  const { rows } = await db.query<User>(`SELECT ${USER_COLUMNS} FROM users ORDER BY name, id`);
  return rows;
}

export async function getUser(db: Queryable, id: string): Promise<User | undefined> {
  const { rows } = await db.query<User>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0];
}

export type UpdateUserResult = { user: User } | { notFound: true } | { duplicateEmail: true } | { unknown: 'teamId' | 'storeId' };

/**
 * Change a user (audited with before/after). Disabling, or a change of role or store, ends the
 * person's sessions at once: their next request meets the sign-in page with their new rights.
 */
export async function updateUser(db: Db, actor: Actor, id: string, update: UserUpdate): Promise<UpdateUserResult> {
  return inTransaction(db, async (client) => {
    const before = (await client.query<User>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [id])).rows[0];
    if (!before) return { notFound: true };
    const unknown = await unknownPlace(client, update.teamId, update.storeId);
    if (unknown) return { unknown };
    if (update.email !== undefined) {
      const taken = await client.query('SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2', [update.email, id]);
      if (taken.rowCount) return { duplicateEmail: true };
    }
    const { rows } = await client.query<User>(
      `UPDATE users SET
         email = COALESCE($2, email), name = COALESCE($3, name), role = COALESCE($4, role),
         team_id = CASE WHEN $5 THEN $6::uuid ELSE team_id END,
         store_id = CASE WHEN $7 THEN $8::uuid ELSE store_id END,
         disabled = COALESCE($9, disabled)
       WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, update.email ?? null, update.name ?? null, update.role ?? null, update.teamId !== undefined, update.teamId ?? null, update.storeId !== undefined, update.storeId ?? null, update.disabled ?? null],
    );
    const user = rows[0]!;
    const diff = changedFields(before, user);
    const rightsChanged = 'disabled' in diff || 'role' in diff || 'storeId' in diff || 'teamId' in diff;
    if (rightsChanged) await endSessionsOfUser(client, id);
    if (Object.keys(diff).length > 0) {
      const action = diff.disabled ? (user.disabled ? 'user.disable' : 'user.enable') : 'user.update';
      await writeAudit(client, actor, { action, entity: 'user', entityId: id, diff });
    }
    return { user };
  });
}

/** What sign-in needs of a user, found by e-mail case-insensitively. */
export interface SignInCandidate {
  id: string;
  passwordHash: string | null;
  disabled: boolean;
}

export async function findSignInCandidate(db: Queryable, email: string): Promise<SignInCandidate | undefined> {
  const { rows } = await db.query<SignInCandidate>(
    'SELECT id, password_hash AS "passwordHash", disabled FROM users WHERE lower(email) = lower($1)',
    [email.trim()],
  );
  return rows[0];
}

export async function getPasswordHash(db: Queryable, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ hash: string | null }>('SELECT password_hash AS hash FROM users WHERE id = $1', [userId]);
  return rows[0]?.hash ?? null;
}

/**
 * Store a new password hash and end the person's sessions (all, or all but `keepSession`, the
 * one that changed it), in the caller's transaction.
 */
export async function setPasswordHash(client: Queryable, userId: string, passwordHash: string, keepSession?: string): Promise<void> {
  await client.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [userId, passwordHash]);
  await endSessionsOfUser(client, userId, keepSession);
}

export async function findUserIdByEmail(db: Queryable, email: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM users WHERE lower(email) = lower($1)', [email.trim()]);
  return rows[0]?.id;
}
