import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import {
  addSuppression,
  addSuppressions,
  deleteSuppression,
  findSuppression,
  listSuppressions,
  normaliseAddress,
  type SuppressionInput,
} from '../../db/suppressions';
import { decodeCursor, encodeCursor } from '../keyset-cursor';
import type { ProblemItem } from '../../contracts/problem';
import { notFound, problem, ProblemError, problemResponses, unprocessable } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import {
  BulkSuppressionInputSchema,
  BulkSuppressionResultSchema,
  SuppressionCheckQuerySchema,
  SuppressionCheckSchema,
  SuppressionInputSchema,
  SuppressionListQuerySchema,
  SuppressionPageSchema,
  SuppressionSchema,
} from '../../contracts/suppression';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

const tags = ['suppressions'];

/** 100,000 addresses of JSON are a few MB: more than Fastify's 1 MB default. */
const BULK_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * The suppression list: addresses nothing is ever sent to again, whatever consent says (hard
 * bounces, complaints, legal requests). Addresses are normalised, so one address is one entry.
 * Adding an address already listed answers 200 with the existing entry instead of 409: the list
 * records a fact, and callers (bounce handlers, imports) can safely repeat themselves.
 */
export const suppressionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      config: needs('suppressions:read'),
      schema: {
        tags,
        summary: 'Page through the suppression list, newest first, by channel and part of the address',
        querystring: SuppressionListQuerySchema,
        response: { 200: SuppressionPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { channel, q, limit, after } = request.query;
      const page = await listSuppressions(app.db, { channel, search: q, limit, after: after === undefined ? undefined : decodeCursor(after) });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.post(
    '',
    {
      config: needs('suppressions:write'),
      schema: {
        tags,
        summary: 'Suppress an address: 201 when added, 200 with the existing entry when it is already listed',
        body: SuppressionInputSchema,
        response: { 200: SuppressionSchema, 201: SuppressionSchema, ...problemResponses(422) },
      },
    },
    async (request, reply) => {
      const normalised = normaliseAddress(request.body.channel, request.body.address);
      if ('error' in normalised) throw unprocessable('INVALID_ADDRESS', `address: ${normalised.error}`, [{ field: 'address', message: normalised.error }]);
      const { suppression, created } = await addSuppression(app.db, actorOf(principalOf(request)), { ...request.body, address: normalised.address });
      return reply.code(created ? 201 : 200).send(suppression);
    },
  );

  app.post(
    '/bulk',
    {
      config: needs('suppressions:write'),
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Suppress many addresses in one transaction: all are checked first, and nothing is written if one is invalid',
        body: BulkSuppressionInputSchema,
        response: { 200: BulkSuppressionResultSchema, ...problemResponses(413, 422) },
      },
    },
    async (request) => {
      const items: SuppressionInput[] = [];
      const errors: ProblemItem[] = [];
      request.body.items.forEach((item, index) => {
        const normalised = normaliseAddress(item.channel, item.address);
        if ('error' in normalised) errors.push({ field: `items[${index}].address`, message: normalised.error });
        else items.push({ ...item, address: normalised.address });
      });
      if (errors.length > 0) {
        throw unprocessable('INVALID_ADDRESS', `${errors.length === 1 ? 'One address is' : `${errors.length} addresses are`} invalid; nothing was written`, errors);
      }
      return addSuppressions(app.db, actorOf(principalOf(request)), items);
    },
  );

  app.get(
    '/check',
    {
      config: needs('suppressions:read'),
      schema: {
        tags,
        summary: 'Is this address suppressed on this channel?',
        querystring: SuppressionCheckQuerySchema,
        response: { 200: SuppressionCheckSchema, ...problemResponses(400) },
      },
    },
    async (request) => {
      const { channel, address } = request.query;
      const normalised = normaliseAddress(channel, address);
      if ('error' in normalised) {
        throw new ProblemError(problem(400, 'INVALID_ADDRESS', `The query string is not valid (address: ${normalised.error})`, [{ field: 'address', message: normalised.error }]));
      }
      const found = await findSuppression(app.db, channel, normalised.address);
      return found ? { suppressed: true, address: normalised.address, reason: found.reason, since: found.createdAt } : { suppressed: false, address: normalised.address };
    },
  );

  app.delete(
    '/:id',
    { config: needs('suppressions:write'), schema: { tags, summary: 'Take an address off the suppression list', params: IdParamsSchema, response: { 204: Type.Null(), ...problemResponses(400, 404) } } },
    async (request, reply) => {
      if (!(await deleteSuppression(app.db, actorOf(principalOf(request)), request.params.id))) throw notFound('Suppression', request.params.id);
      return reply.code(204).send(null);
    },
  );
};
