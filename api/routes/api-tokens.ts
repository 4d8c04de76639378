import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createApiToken, listApiTokens, revokeApiToken } from '../../db/api-tokens';
import { IdParamsSchema } from '../../contracts/common';
import { ApiTokenListSchema, CreateApiTokenSchema, CreatedApiTokenSchema } from '../../contracts/api-token';
import { notFound, problemResponses, unprocessable } from '../problem';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/** API tokens for integrations: each acts as a role (optionally bound to a store); the secret is shown once. */
export const apiTokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    { config: needs('tokens:manage'), schema: { tags: ['tokens'], summary: 'List API tokens, live ones first', response: { 200: ApiTokenListSchema } } },
    async () => ({ items: await listApiTokens(app.db) }),
  );

  app.post(
    '',
    {
      config: needs('tokens:manage'),
      schema: { tags: ['tokens'], summary: 'Create an API token; its secret is in this answer only', body: CreateApiTokenSchema, response: { 201: CreatedApiTokenSchema, ...problemResponses(422) } },
    },
    async (request, reply) => {
      const result = await createApiToken(app.db, actorOf(principalOf(request)), request.body);
      if ('unknownStore' in result) throw unprocessable('VALIDATION_FAILED', 'The store does not exist', [{ field: 'storeId', message: 'names nothing on file' }]);
      return reply.code(201).send(result);
    },
  );

  app.delete(
    '/:id',
    { config: needs('tokens:manage'), schema: { tags: ['tokens'], summary: 'Revoke an API token: it stops working at once', params: IdParamsSchema, response: { 204: Type.Null(), ...problemResponses(404) } } },
    async (request, reply) => {
      if (!(await revokeApiToken(app.db, actorOf(principalOf(request)), request.params.id))) throw notFound('API token', request.params.id);
      return reply.code(204).send(null);
    },
  );
};
