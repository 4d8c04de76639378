import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { getContactList, listContactLists } from '../../db/contact-lists';
import { notFound, problemResponses } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { ContactListListSchema, ContactListSchema } from '../../contracts/contact-list';
import { needs } from '../permissions';

/**
 * Static contact lists, read-only: they are made by the customer-code import (and its members
 * exported at /api/contact-lists/:id/export.csv); the audience node picks one by id.
 */
export const contactListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    { config: needs('segments:read'), schema: { tags: ['contacts'], summary: 'List contact lists with their member counts, newest first', response: { 200: ContactListListSchema } } },
    async () => ({ items: await listContactLists(app.db) }),
  );

  app.get(
    '/:id',
    { config: needs('segments:read'), schema: { tags: ['contacts'], summary: 'One contact list and its member count', params: IdParamsSchema, response: { 200: ContactListSchema, ...problemResponses(404) } } },
    async (request) => {
      const list = await getContactList(app.db, request.params.id);
      if (!list) throw notFound('Contact list', request.params.id);
      return list;
    },
  );
};
