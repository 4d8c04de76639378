import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import {
  createAttributeDefinition,
  deleteAttributeDefinition,
  listAttributeDefinitions,
  updateAttributeDefinition,
} from '../../db/attribute-definitions';
import { problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';
import {
  AttributeDefinitionInputSchema,
  AttributeDefinitionListSchema,
  AttributeDefinitionSchema,
  AttributeDefinitionUpdateSchema,
  AttributeKeyParamsSchema,
} from '../../contracts/attribute-definition';
import { needs } from '../permissions';

/**
 * Custom attribute definitions per workspace: their type checks every contact write, and a
 * number or date definition carries the expression index its range conditions use.
 */
export const attributeDefinitionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    { config: needs('contacts:read'), schema: { tags: ['attributes'], summary: 'List attribute definitions by key', response: { 200: AttributeDefinitionListSchema } } },
    async () => ({ items: await listAttributeDefinitions(app.db) }),
  );

  app.post(
    '',
    {
      config: needs('crm:write'),
      schema: {
        tags: ['attributes'],
        summary: 'Declare a custom attribute (number and date ones get an index for range queries)',
        body: AttributeDefinitionInputSchema,
        response: { 201: AttributeDefinitionSchema, ...problemResponses(409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(unwrap(await createAttributeDefinition(app.db, request.body))),
  );

  app.put(
    '/:key',
    {
      config: needs('crm:write'),
      schema: {
        tags: ['attributes'],
        summary: 'Change the label or options of a definition (its type never changes)',
        params: AttributeKeyParamsSchema,
        body: AttributeDefinitionUpdateSchema,
        response: { 200: AttributeDefinitionSchema, ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => unwrap(await updateAttributeDefinition(app.db, request.params.key, request.body)),
  );

  app.delete(
    '/:key',
    {
      config: needs('crm:write'),
      schema: {
        tags: ['attributes'],
        summary: 'Forget a definition and drop its index (stored values stay, untyped)',
        params: AttributeKeyParamsSchema,
        response: { 204: Type.Null(), ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      unwrap(await deleteAttributeDefinition(app.db, request.params.key));
      return reply.code(204).send(null);
    },
  );
};
