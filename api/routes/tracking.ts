import { Type } from '@sinclair/typebox';
import { recordClick, recordOpen, storedLink } from '../../db/tracking-events';
import { allowCrossOriginEmbedding } from '../plugins/security-headers';
import { problemResponses } from '../problem';
import { checkSignedLink, linkNotFound, publicLinkConfig, publicLinkHeaders, type PublicLinkRouteOptions } from '../public-links';
import type { FastifyPluginAsyncTypebox } from '../type-provider';

/** A 1×1 transparent GIF (43 bytes): the smallest image every mail client shows without complaint. */
export const TRANSPARENT_GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** A link index as the URL writes it: digits only (no sign, no exponent), small. */
const LINK_INDEX = /^\d{1,6}$/;

/**
 * Where a tracked link may lead: the schemes a mail's links use. A stored `javascript:` or
 * `data:` URL (a template's mistake) is never sent as a Location.
 */
const REDIRECT_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);

function redirectable(url: string): boolean {
  try {
    return REDIRECT_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

const SIGNATURE = Type.String({ maxLength: 64, description: 'The link signature the mail carries' });
const MESSAGE_ID = Type.String({ maxLength: 64, description: 'The message id (a uuid)' });

/**
 * The public tracking links of a mail (DESIGN §6): the click redirect and the open pixel. Both
 * are HMAC-signed per message (and link), so they cannot be forged or moved to another message,
 * and the redirect only ever leads to a link stored in that message: never an open redirect.
 * Each records an `events` row that the engagement `wait` and `branch` read.
 */
export const trackingRoutes: FastifyPluginAsyncTypebox<PublicLinkRouteOptions> = async (app, options) => {
  app.addHook('onRequest', publicLinkHeaders);

  app.get(
    '/t/c/:messageId/:index/:sig',
    {
      config: publicLinkConfig(options.rateLimit),
      // A HEAD (link checkers) must not count as a click.
      exposeHeadRoute: false,
      schema: {
        tags: ['tracking'],
        summary: 'A tracked link in a mail: records the click and redirects (302) to the link stored in that message at that index',
        params: Type.Object({ messageId: MESSAGE_ID, index: Type.String({ maxLength: 12, description: 'The link number in the message, from 0' }), sig: SIGNATURE }),
        response: { 302: Type.Null({ description: 'Location: the original link' }), ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const { messageId, sig } = request.params;
      if (!LINK_INDEX.test(request.params.index)) throw linkNotFound();
      const index = Number(request.params.index);
      checkSignedLink(options.secret, 'click', messageId, index, sig);
      let url: string | undefined;
      try {
        url = (await recordClick(app.db, messageId, index))?.url;
      } catch (error) {
        // The person still gets where they clicked; only the count misses one.
        request.log.error({ err: error, messageId, index }, 'recording a click failed');
        url = await storedLink(app.db, messageId, index);
      }
      if (url === undefined || !redirectable(url)) throw linkNotFound();
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/t/o/:messageId/:sig.gif',
    {
      config: publicLinkConfig(options.rateLimit),
      exposeHeadRoute: false,
      schema: {
        tags: ['tracking'],
        summary: 'The open pixel of a mail: records an open and answers a 1×1 transparent GIF',
        params: Type.Object({ messageId: MESSAGE_ID, sig: SIGNATURE }),
        produces: ['image/gif'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'A 1×1 transparent GIF' }), ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const { messageId, sig } = request.params;
      checkSignedLink(options.secret, 'open', messageId, 0, sig);
      try {
        await recordOpen(app.db, messageId);
      } catch (error) {
        // A broken image in someone's mail helps nobody: the open is lost, the mail looks right.
        request.log.error({ err: error, messageId }, 'recording an open failed');
      }
      allowCrossOriginEmbedding(reply);
      return reply.type('image/gif').header('content-length', TRANSPARENT_GIF.length).send(TRANSPARENT_GIF);
    },
  );
};
