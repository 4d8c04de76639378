import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Topics and per-topic subscriptions (routes being built; see issue 4). */
export const topicRoutes: FastifyPluginAsyncTypebox = async () => {};
