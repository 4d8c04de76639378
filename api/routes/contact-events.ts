import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { addContactEvent, listContactEvents } from '../../db/contact-events';
import { getContact } from '../../db/contacts';
import { notFound, problemResponses } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { ContactEventInputSchema, ContactEventListSchema, ContactEventSchema } from '../../contracts/contact-event';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';

/**
 * A contact's timeline: log an event (call, visit, note) and read them back, newest first. A
 * contact outside the caller's scope is 404, as if it did not exist.
 */
export const contactEventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/:id/events',
    { config: needs('contacts:events'), schema: { tags: ['contacts'], summary: 'Log an event on a contact', params: IdParamsSchema, body: ContactEventInputSchema, response: { 201: ContactEventSchema, ...problemResponses(404, 422) } } },
    async (request, reply) => {
      const event = await addContactEvent(app.db, request.params.id, request.body, principalOf(request).scope);
      if (!event) throw notFound('contact', request.params.id);
      return reply.code(201).send(event);
    },
  );

  app.get(
    '/:id/events',
    { config: needs('contacts:read'), schema: { tags: ['contacts'], summary: "A contact's events, newest first", params: IdParamsSchema, response: { 200: ContactEventListSchema, ...problemResponses(404) } } },
    async (request) => {
      const { scope } = principalOf(request);
      if (!(await getContact(app.db, request.params.id, scope))) throw notFound('contact', request.params.id);
      return { items: await listContactEvents(app.db, request.params.id, scope) };
    },
  );
};
