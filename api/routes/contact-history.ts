import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** One contact's history, ordered by time (routes being built; see issue 4). */
export const contactHistoryRoutes: FastifyPluginAsyncTypebox = async () => {};
