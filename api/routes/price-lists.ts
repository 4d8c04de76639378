import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Price lists valid for a period (routes being built; see issue 4). */
export const priceListRoutes: FastifyPluginAsyncTypebox = async () => {};
