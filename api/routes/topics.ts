import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createTopic, getTopic, listTopics, updateTopic } from '../../db/topics';
import { conflict, notFound, problemResponses } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { TopicInputSchema, TopicListSchema, TopicPatchSchema, TopicSchema } from '../../contracts/topic';
import { needs } from '../permissions';

const tags = ['consent'];

/**
 * Topics people subscribe to one by one (newsletters, offers). Subscribing is per contact, under
 * /api/contacts/:id/subscriptions (routes/consent.ts).
 */
export const topicRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { config: needs('crm:write'), schema: { tags, summary: 'Create a topic', body: TopicInputSchema, response: { 201: TopicSchema, ...problemResponses(409, 422) } } },
    async (request, reply) => {
      const result = await createTopic(app.db, request.body);
      if ('duplicateCode' in result) {
        throw conflict('DUPLICATE_CODE', `A topic with code ${request.body.code} already exists`, [{ field: 'code', message: 'is already used by another topic' }]);
      }
      return reply.code(201).send(result.topic);
    },
  );

  app.get(
    '',
    { config: needs('crm:read'), schema: { tags, summary: 'List topics by code, with their subscriber counts', response: { 200: TopicListSchema } } },
    async () => ({ items: await listTopics(app.db) }),
  );

  app.get(
    '/:id',
    { config: needs('crm:read'), schema: { tags, summary: 'Read a topic', params: IdParamsSchema, response: { 200: TopicSchema, ...problemResponses(400, 404) } } },
    async (request) => {
      const topic = await getTopic(app.db, request.params.id);
      if (!topic) throw notFound('Topic', request.params.id);
      return topic;
    },
  );

  app.patch(
    '/:id',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: "Change a topic's name, description or double opt-in (existing subscriptions keep their state)",
        params: IdParamsSchema,
        body: TopicPatchSchema,
        response: { 200: TopicSchema, ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const topic = await updateTopic(app.db, request.params.id, request.body);
      if (!topic) throw notFound('Topic', request.params.id);
      return topic;
    },
  );
};
