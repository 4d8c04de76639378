import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Discount lists valid for a period (routes being built; see issue 4). */
export const discountListRoutes: FastifyPluginAsyncTypebox = async () => {};
