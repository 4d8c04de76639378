import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** The suppression list (routes being built; see issue 4). */
export const suppressionRoutes: FastifyPluginAsyncTypebox = async () => {};
