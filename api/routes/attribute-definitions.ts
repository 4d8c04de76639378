import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Custom attribute definitions per workspace (routes being built; see issue 4). */
export const attributeDefinitionRoutes: FastifyPluginAsyncTypebox = async () => {};
