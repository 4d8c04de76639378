import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createUser, listUsers } from '../../db/users';
import { conflict, problemResponses, unprocessable } from '../problem';
import { UserInputSchema, UserListSchema, UserSchema } from '../../contracts/user';

/** Users (staff, not contacts): list and create, each with one role. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { schema: { tags: ['users'], summary: 'Create a user with a role', body: UserInputSchema, response: { 201: UserSchema, ...problemResponses(409, 422) } } },
    async (request, reply) => {
      const result = await createUser(app.db, request.body);
      if ('unknown' in result) {
        throw unprocessable('VALIDATION_FAILED', `The ${result.unknown === 'teamId' ? 'team' : 'store'} does not exist`, [{ field: result.unknown, message: 'names nothing on file' }]);
      }
      if ('duplicateEmail' in result) {
        throw conflict('DUPLICATE_EMAIL', `A user with e-mail ${request.body.email} already exists`, [{ field: 'email', message: 'is already used by another user' }]);
      }
      return reply.code(201).send(result.user);
    },
  );

  app.get(
    '',
    { schema: { tags: ['users'], summary: 'List users by name', response: { 200: UserListSchema } } },
    async () => ({ items: await listUsers(app.db) }),
  );
};
