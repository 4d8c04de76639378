import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { prefersHtml } from '../accept';
import { problem, problemResponses, ProblemError } from '../problem';

export interface OutboxMail {
  id: string;
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  receivedAt: string;
}

/** The dev outbox as the API sees it: something that lists caught mail. */
export interface OutboxSource {
  list(): Promise<OutboxMail[]>;
}

export interface OutboxRoutesOptions {
  /** Present only in embedded mode; production sends real mail and has no outbox. */
  outbox: OutboxSource | undefined;
  /** The designer is served, so a browser asking for /outbox gets its Outbox screen. */
  designerServed: boolean;
}

const OutboxMailSchema = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.Optional(Type.String()),
  receivedAt: Type.String({ format: 'date-time' }),
});
const OutboxListSchema = Type.Object({ items: Type.Array(OutboxMailSchema, { description: 'Newest first' }) });

/**
 * Mail caught by the embedded dev outbox. `/outbox` is also a designer screen: a browser
 * navigating there gets the designer's page, a script gets JSON. `/api/outbox` is always JSON.
 */
export const outboxRoutes: FastifyPluginAsyncTypebox<OutboxRoutesOptions> = async (app, options) => {
  const schema = {
    tags: ['outbox'],
    summary: 'Mail caught by the dev outbox (embedded mode only)',
    response: { 200: OutboxListSchema, ...problemResponses(404) },
  };

  async function listOutbox() {
    if (!options.outbox) {
      throw new ProblemError(problem(404, 'NO_OUTBOX', 'This server sends real mail: there is no dev outbox'));
    }
    return { items: await options.outbox.list() };
  }

  app.get('/api/outbox', { schema }, listOutbox);

  app.get('/outbox', { schema }, async (request, reply) => {
    if (options.outbox && options.designerServed && prefersHtml(request.headers.accept)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return listOutbox();
  });
};
