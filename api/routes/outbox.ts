import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { OutboxListSchema, type OutboxMail } from '../../contracts/outbox';
import { eventsByMessage } from '../../db/outbox-events';
import { prefersHtml } from '../accept';
import { problem, problemResponses, ProblemError } from '../problem';
import { needs } from '../permissions';
import { requireAccess } from '../plugins/auth';

/** A caught mail as the outbox keeps it: everything but what the database adds (its events). */
export type CaughtMail = Omit<OutboxMail, 'events'>;

/** The dev outbox as the API sees it: something that lists caught mail. */
export interface OutboxSource {
  list(): Promise<CaughtMail[]>;
}

export interface OutboxRoutesOptions {
  /** Present only in embedded mode; production sends real mail and has no outbox. */
  outbox: OutboxSource | undefined;
  /** The designer is served, so a browser asking for /outbox gets its Outbox screen. */
  designerServed: boolean;
}

/**
 * Mail caught by the embedded dev outbox, each with the events of its message (opens, clicks,
 * unsubscribes), so a developer sees what a contact got and what they did with it. `/outbox`
 * is also a designer screen: a browser navigating there gets the designer's page, a script
 * gets JSON. `/api/outbox` is always JSON.
 */
export const outboxRoutes: FastifyPluginAsyncTypebox<OutboxRoutesOptions> = async (app, options) => {
  const schema = {
    tags: ['outbox'],
    summary: 'Mail caught by the dev outbox (embedded mode only), with the events of each message',
    response: { 200: OutboxListSchema, ...problemResponses(404) },
  };

  async function listOutbox(): Promise<{ items: OutboxMail[] }> {
    if (!options.outbox) {
      throw new ProblemError(problem(404, 'NO_OUTBOX', 'This server sends real mail: there is no dev outbox'));
    }
    const mails = await options.outbox.list();
    const events = await eventsByMessage(app.db, mails.flatMap((mail) => (mail.messageRef ? [mail.messageRef] : [])));
    return { items: mails.map((mail) => ({ ...mail, events: (mail.messageRef && events.get(mail.messageRef)) || [] })) };
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
