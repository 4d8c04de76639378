import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Opportunities (routes being built; see issue 4). */
export const opportunityRoutes: FastifyPluginAsyncTypebox = async () => {};
