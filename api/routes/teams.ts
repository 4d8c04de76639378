import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createTeam, listTeams } from '../../db/teams';
import { conflict, problemResponses, unprocessable } from '../problem';
import { TeamInputSchema, TeamListSchema, TeamSchema } from '../../contracts/team';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/** Teams: list and create. Agents see only the tasks of their own team. */
export const teamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { config: needs('org:manage'), schema: { tags: ['teams'], summary: 'Create a team, optionally in a store', body: TeamInputSchema, response: { 201: TeamSchema, ...problemResponses(409, 422) } } },
    async (request, reply) => {
      const result = await createTeam(app.db, actorOf(principalOf(request)), request.body);
      if ('unknownStore' in result) {
        throw unprocessable('VALIDATION_FAILED', 'The store does not exist', [{ field: 'storeId', message: 'names no store' }]);
      }
      if ('duplicateName' in result) {
        throw conflict('DUPLICATE_NAME', `A team named ${request.body.name} already exists`, [{ field: 'name', message: 'is already used by another team' }]);
      }
      return reply.code(201).send(result.team);
    },
  );

  app.get(
    '',
    { config: needs('crm:read'), schema: { tags: ['teams'], summary: 'List teams by name', response: { 200: TeamListSchema } } },
    async () => ({ items: await listTeams(app.db) }),
  );
};
