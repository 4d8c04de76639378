import type { Static } from '@sinclair/typebox';
import type { UserInputSchema, UserRoleSchema, UserSchema } from '../contracts/user';
import type { Db } from './pool';

export type UserRole = Static<typeof UserRoleSchema>;

export type User = Static<typeof UserSchema>;

export type UserInput = Static<typeof UserInputSchema>;

const USER_COLUMNS = 'id, email, name, role, team_id AS "teamId", store_id AS "storeId", created_at AS "createdAt"';

export type CreateUserResult = { user: User } | { duplicateEmail: true } | { unknown: 'teamId' | 'storeId' };

/** Insert a user; a taken e-mail (case-insensitively) or a missing team/store is reported, not thrown. */
export async function createUser(db: Db, input: UserInput): Promise<CreateUserResult> {
  const teamId = input.teamId ?? null;
  const storeId = input.storeId ?? null;
  if (teamId !== null && (await db.query('SELECT 1 FROM teams WHERE id = $1', [teamId])).rowCount === 0) return { unknown: 'teamId' };
  if (storeId !== null && (await db.query('SELECT 1 FROM stores WHERE id = $1', [storeId])).rowCount === 0) return { unknown: 'storeId' };
  const { rows } = await db.query<User>(
    `INSERT INTO users (email, name, role, team_id, store_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (lower(email)) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [input.email, input.name, input.role, teamId, storeId],
  );
  const user = rows[0];
  return user ? { user } : { duplicateEmail: true };
}

/** All users by name: staff lists are short, so no paging. */
export async function listUsers(db: Db): Promise<User[]> {
  const { rows } = await db.query<User>(`SELECT ${USER_COLUMNS} FROM users ORDER BY name, id`);
  return rows;
}
