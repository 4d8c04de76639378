import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createUser, listUsers, updateUser, type CreateUserResult, type UpdateUserResult } from '../../db/users';
import { createPasswordReset } from '../../db/password-resets';
import { writeAudit } from '../../db/audit';
import { inTransaction } from '../../db/pool';
import { conflict, notFound, problemResponses, unprocessable } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { ResetLinkSchema } from '../../contracts/auth';
import { UserInputSchema, UserListSchema, UserSchema, UserUpdateSchema } from '../../contracts/user';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';
import { publicOrigin } from '../public-origin';

export interface UserRouteOptions {
  publicUrl?: string;
}

/**
 * Users (staff, not contacts): an admin creates them, changes role, store and team, disables
 * them, and hands out one-time reset links (a new person has no password until they use one).
 */
export const userRoutes: FastifyPluginAsyncTypebox<UserRouteOptions> = async (app, options) => {
  function refuse(result: Exclude<CreateUserResult | UpdateUserResult, { user: unknown } | { notFound: true }>, email: string | undefined): never {
    if ('unknown' in result) {
      throw unprocessable('VALIDATION_FAILED', `The ${result.unknown === 'teamId' ? 'team' : 'store'} does not exist`, [{ field: result.unknown, message: 'names nothing on file' }]);
    }
    throw conflict('DUPLICATE_EMAIL', `A user with e-mail ${email} already exists`, [{ field: 'email', message: 'is already used by another user' }]);
  }

  app.post(
    '',
    { config: needs('users:manage'), schema: { tags: ['users'], summary: 'Create a user with a role (then make a reset link for their first password)', body: UserInputSchema, response: { 201: UserSchema, ...problemResponses(409, 422) } } },
    async (request, reply) => {
      const result = await createUser(app.db, actorOf(principalOf(request)), request.body);
      if (!('user' in result)) refuse(result, request.body.email);
      return reply.code(201).send(result.user);
    },
  );

  app.get(
    '',
    { config: needs('users:read'), schema: { tags: ['users'], summary: 'List users by name', response: { 200: UserListSchema } } },
    async () => ({ items: await listUsers(app.db) }),
  );

  app.patch(
    '/:id',
    {
      config: needs('users:manage'),
      schema: { tags: ['users'], summary: 'Change a user; disabling or a new role, store or team ends their sessions', params: IdParamsSchema, body: UserUpdateSchema, response: { 200: UserSchema, ...problemResponses(404, 409, 422) } },
    },
    async (request) => {
      const principal = principalOf(request);
      // Ids are stored lower-case; the URL may spell one in capitals and still name the same user.
      if (principal.kind === 'user' && principal.id === request.params.id.toLowerCase() && (request.body.disabled === true || (request.body.role !== undefined && request.body.role !== 'admin'))) {
        throw unprocessable('LOCKOUT_REFUSED', 'You cannot disable yourself or take away your own admin role; ask another admin', [{ field: request.body.disabled ? 'disabled' : 'role', message: 'would lock you out' }]);
      }
      const result = await updateUser(app.db, actorOf(principal), request.params.id, request.body);
      if ('notFound' in result) throw notFound('User', request.params.id);
      if (!('user' in result)) refuse(result, request.body.email);
      return result.user;
    },
  );

  app.post(
    '/:id/reset-link',
    {
      config: needs('users:manage'),
      schema: { tags: ['users'], summary: 'Make a one-time password link for a user, shown once; earlier links stop working', params: IdParamsSchema, response: { 201: ResetLinkSchema, ...problemResponses(404) } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const link = await inTransaction(app.db, async (client) => {
        const exists = await client.query('SELECT 1 FROM users WHERE id = $1', [request.params.id]);
        if (exists.rowCount === 0) throw notFound('User', request.params.id);
        const reset = await createPasswordReset(client, request.params.id, principal.kind === 'user' ? principal.id : null);
        await writeAudit(client, actorOf(principal), { action: 'user.reset-link', entity: 'user', entityId: request.params.id, diff: { expiresAt: reset.expiresAt } });
        return reset;
      });
      const url = new URL('/reset-password', publicOrigin(request, options.publicUrl));
      url.searchParams.set('token', link.secret);
      return reply.code(201).send({ url: url.toString(), expiresAt: link.expiresAt });
    },
  );
};
