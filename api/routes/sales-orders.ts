import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Sales orders and lines (routes being built; see issue 4). */
export const salesOrderRoutes: FastifyPluginAsyncTypebox = async () => {};
