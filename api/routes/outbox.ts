import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { OutboxListSchema, type OutboxMail } from '../../contracts/outbox';
import { prefersHtml } from '../accept';
import { problem, problemResponses, ProblemError } from '../problem';
import { needs } from '../permissions';
import { requireAccess } from '../plugins/auth';

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

  app.get('/api/outbox', { config: needs('outbox:read'), schema }, listOutbox);

  // Public because a browser opening /outbox gets the designer's shell (which signs in itself);
  // the JSON answer still needs outbox:read.
  app.get('/outbox', { config: needs('public'), schema }, async (request, reply) => {
    if (options.outbox && options.designerServed && prefersHtml(request.headers.accept)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    requireAccess(request, 'outbox:read');
    return listOutbox();
  });
};
