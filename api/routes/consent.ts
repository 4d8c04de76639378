import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { contactVisible, listConsentRecords, recordChannelConsent } from '../../db/consent-records';
import { CONFIRM_TOKEN_TTL_DAYS, confirmSubscription, listSubscriptions, requestSubscription, unsubscribe } from '../../db/subscriptions';
import { notFound, problem, ProblemError, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';
import { IdParamsSchema } from '../../contracts/common';
import {
  ChannelConsentInputSchema,
  ConfirmQuerySchema,
  ConsentRecordSchema,
  ConsentViewSchema,
  ContactTopicParamsSchema,
  SubscribeInputSchema,
  SubscriptionRequestSchema,
  SubscriptionSchema,
  UnsubscribeInputSchema,
} from '../../contracts/consent';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

const tags = ['consent'];

/** Where double opt-in links point, below this plugin's prefix. */
const CONFIRM_PATH = '/subscriptions/confirm';

/**
 * Per-topic subscriptions with double opt-in, channel-level consent and the consent history of a
 * contact. Every change appends a consent record (source, time, wording shown, IP); records are
 * never changed or removed, so the history is proof of what was agreed and when.
 */
export const consentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const confirmUrl = (token: string) => `${app.prefix}${CONFIRM_PATH}?token=${encodeURIComponent(token)}`;

  /** A contact outside the caller's store is 404 for its consent as for everything else of it. */
  async function requireVisible(request: FastifyRequest, contactId: string): Promise<void> {
    if (!(await contactVisible(app.db, contactId, principalOf(request).scope))) throw notFound('Contact', contactId);
  }

  app.post(
    '/contacts/:id/subscriptions',
    {
      config: needs('consent:write'),
      schema: {
        tags,
        summary: `Subscribe a contact to a topic: pending with a confirmation link (valid ${CONFIRM_TOKEN_TTL_DAYS} days) when the topic has double opt-in, else subscribed at once`,
        params: IdParamsSchema,
        body: SubscribeInputSchema,
        response: { 201: SubscriptionRequestSchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await requireVisible(request, request.params.id);
      const { confirmToken, confirmExpiresAt, ...subscription } = unwrap(await requestSubscription(app.db, actorOf(principalOf(request)), { contactId: request.params.id }, request.body));
      return reply.code(201).send({
        ...subscription,
        ...(confirmToken === null ? {} : { confirmUrl: confirmUrl(confirmToken) }),
        ...(confirmExpiresAt === null ? {} : { confirmExpiresAt }),
      });
    },
  );

  app.post(
    '/contacts/:id/subscriptions/:topic/unsubscribe',
    {
      config: needs('consent:write'),
      schema: {
        tags,
        summary: 'Unsubscribe a contact from a topic (code or id); a pending request is cancelled and its link stops working',
        params: ContactTopicParamsSchema,
        body: UnsubscribeInputSchema,
        response: { 200: SubscriptionSchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request) => {
      await requireVisible(request, request.params.id);
      return unwrap(await unsubscribe(app.db, actorOf(principalOf(request)), { contactId: request.params.id }, request.params.topic, request.body));
    },
  );

  // GET is what a click on the mailed link does; POST serves a confirmation page with a button,
  // for mail systems whose link scanners fetch every GET link before the person sees it.
  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: CONFIRM_PATH,
      // Public: the contact clicking their double opt-in link has no account; the token is the credential.
      config: needs('public'),
      schema: {
        tags,
        summary: 'Confirm a subscription with the token from its double opt-in link (works once)',
        querystring: ConfirmQuerySchema,
        response: { 200: SubscriptionSchema, ...problemResponses(400, 404, 410) },
      },
      handler: async (request) => {
        const result = await confirmSubscription(app.db, request.query.token, request.ip);
        if ('confirmed' in result) return result.confirmed;
        if ('unknownToken' in result) throw new ProblemError(problem(404, 'UNKNOWN_TOKEN', 'This confirmation link is not valid', [{ field: 'token', message: 'is not a confirmation token' }]));
        if ('usedToken' in result) throw new ProblemError(problem(410, 'TOKEN_USED', 'This confirmation link has already been used', [{ field: 'token', message: 'was already used' }]));
        throw new ProblemError(
          problem(410, 'TOKEN_EXPIRED', `This confirmation link has expired (links work for ${CONFIRM_TOKEN_TTL_DAYS} days); subscribe again for a new one`, [
            { field: 'token', message: 'has expired' },
          ]),
        );
      },
    });
  }

  app.post(
    '/contacts/:id/consent-records',
    {
      config: needs('consent:write'),
      schema: {
        tags,
        summary: 'Record consent to, or withdrawal from, a whole channel (not tied to a topic)',
        params: IdParamsSchema,
        body: ChannelConsentInputSchema,
        response: { 201: ConsentRecordSchema, ...problemResponses(400, 404, 422) },
      },
    },
    async (request, reply) => {
      await requireVisible(request, request.params.id);
      const record = await recordChannelConsent(app.db, actorOf(principalOf(request)), request.params.id, request.body);
      if (!record) throw notFound('Contact', request.params.id);
      return reply.code(201).send(record);
    },
  );

  app.get(
    '/contacts/:id/consent',
    {
      config: needs('contacts:read'),
      schema: {
        tags,
        summary: "A contact's subscriptions and every consent record, oldest first (including those made as a lead); 404 for a contact outside the caller's store",
        params: IdParamsSchema,
        response: { 200: ConsentViewSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const contactId = request.params.id;
      await requireVisible(request, contactId);
      const [subscriptions, records] = await Promise.all([listSubscriptions(app.db, contactId), listConsentRecords(app.db, contactId)]);
      return { subscriptions, records };
    },
  );
};
