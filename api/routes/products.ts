import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Products, services and bundles (routes being built; see issue 4). */
export const productRoutes: FastifyPluginAsyncTypebox = async () => {};
