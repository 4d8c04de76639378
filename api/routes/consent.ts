import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Subscriptions, consent records and double opt-in per contact (routes being built; see issue 4). */
export const consentRoutes: FastifyPluginAsyncTypebox = async () => {};
