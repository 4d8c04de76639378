import type { Static } from '@sinclair/typebox';
import type { TeamSchema } from '../contracts/team';
import { writeAudit, type Actor } from './audit';
import { inTransaction, type Db } from './pool';

export type Team = Static<typeof TeamSchema>;

const TEAM_COLUMNS = 'id, name, store_id AS "storeId", created_at AS "createdAt"';

export type CreateTeamResult = { team: Team } | { duplicateName: true } | { unknownStore: true };

/** Insert a team (audited); a taken name or a store that does not exist is reported, not thrown. */
export async function createTeam(db: Db, actor: Actor, input: { name: string; storeId?: string | null }): Promise<CreateTeamResult> {
  const storeId = input.storeId ?? null;
  return inTransaction(db, async (client) => {
    if (storeId !== null) {
      const { rowCount } = await client.query('SELECT 1 FROM stores WHERE id = $1', [storeId]);
      if (rowCount === 0) return { unknownStore: true };
    }
    const { rows } = await client.query<Team>(
      `INSERT INTO teams (name, store_id) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING ${TEAM_COLUMNS}`,
      [input.name, storeId],
    );
    const team = rows[0];
    if (!team) return { duplicateName: true };
    await writeAudit(client, actor, { action: 'team.create', entity: 'team', entityId: team.id, diff: { name: team.name, storeId: team.storeId } });
    return { team };
  });
}

/** All teams by name: a workspace has tens of them, so no paging. */
export async function listTeams(db: Db): Promise<Team[]> {
  const { rows } = await db.query<Team>(`SELECT ${TEAM_COLUMNS} FROM teams ORDER BY name`);
  return rows;
}
