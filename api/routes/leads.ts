import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Leads, kept apart from customers, and their one-call conversion (routes being built; see issue 4). */
export const leadRoutes: FastifyPluginAsyncTypebox = async () => {};
