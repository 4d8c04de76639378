import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createStore, listStores } from '../../db/stores';
import { conflict, problemResponses } from '../problem';
import { StoreInputSchema, StoreListSchema, StoreSchema } from '../../contracts/store';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/** Stores: list and create. Teams, users and tasks hang off them. */
export const storeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { config: needs('org:manage'), schema: { tags: ['stores'], summary: 'Create a store', body: StoreInputSchema, response: { 201: StoreSchema, ...problemResponses(409, 422) } } },
    async (request, reply) => {
      const result = await createStore(app.db, actorOf(principalOf(request)), request.body);
      if ('duplicateCode' in result) {
        throw conflict('DUPLICATE_CODE', `A store with code ${request.body.code} already exists`, [{ field: 'code', message: 'is already used by another store' }]);
      }
      return reply.code(201).send(result.store);
    },
  );

  app.get(
    '',
    { config: needs('crm:read'), schema: { tags: ['stores'], summary: 'List stores by code', response: { 200: StoreListSchema } } },
    async () => ({ items: await listStores(app.db) }),
  );
};
