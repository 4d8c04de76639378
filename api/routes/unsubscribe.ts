import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { findTrackedMessage, type TrackedMessage } from '../../db/tracking-events';
import { applyPreferences, readPreferences, unsubscribeByMessage, UNSUBSCRIBE_SOURCES } from '../../db/unsubscribes';
import { problemResponses } from '../problem';
import { checkSignedLink, linkNotFound, publicLinkConfig, publicLinkHeaders, type PublicLinkRouteOptions } from '../public-links';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import {
  confirmationPage,
  confirmationQuestion,
  oneClickProof,
  PAGE_CONTENT_SECURITY_POLICY,
  pageLanguage,
  preferenceProof,
  preferencesPage,
  unsubscribedPage,
  type UnsubscribeSubject,
} from '../unsubscribe-pages';

/** The largest form these pages take: a preference form with a few dozen topics. */
const FORM_BODY_LIMIT = 16 * 1024;

const PARAMS = Type.Object({
  messageId: Type.String({ maxLength: 64, description: 'The message id (a uuid)' }),
  sig: Type.String({ maxLength: 64, description: 'The link signature the mail carries' }),
});

const HTML_PAGE = Type.String({ description: 'A small HTML page (no script)' });

/** What RFC 8058 senders and our own pages post: form-encoded or multipart fields, or nothing. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** The values of a form field, whether it came once, repeated, or not at all. */
function fieldValues(body: unknown, name: string): string[] {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const values = Array.isArray(value) ? value : [value];
  return values.filter((item): item is string => typeof item === 'string');
}

/**
 * One-click unsubscribe (RFC 8058 / RFC 2369) and the preference page, reached from the
 * `List-Unsubscribe` header and the footer link of every marketing mail. The signed link is the
 * only credential: no session, no CSRF token (a mail provider's POST has neither). GET only ever
 * shows; POST acts. Each change is a consent record, an audit row and an `unsubscribe` event,
 * and the send policy reads it at its next claim.
 */
export const unsubscribeRoutes: FastifyPluginAsyncTypebox<PublicLinkRouteOptions> = async (app, options) => {
  app.addHook('onRequest', publicLinkHeaders);
  // Only here: the rest of the API takes JSON (and uploads), never forms.
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  // Some providers post the one-click body as multipart/form-data (RFC 8058 allows both); fields only.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', limits: { files: 0, fields: 200, fieldSize: 1024, fieldNameSize: 100 } });

  async function linkedMessage(params: { messageId: string; sig: string }): Promise<TrackedMessage> {
    checkSignedLink(options.secret, 'unsubscribe', params.messageId, 0, params.sig);
    const message = await findTrackedMessage(app.db, params.messageId);
    if (!message) throw linkNotFound();
    return message;
  }

  function subjectOf(message: TrackedMessage): UnsubscribeSubject {
    return { language: pageLanguage(message.language), address: message.toAddress, topicName: message.topic?.name ?? null };
  }

  function sendPage(reply: FastifyReply, html: string): FastifyReply {
    return reply.header('content-security-policy', PAGE_CONTENT_SECURITY_POLICY).type('text/html; charset=utf-8').send(html);
  }

  /** Relative to /u/:messageId/:sig, so the page works behind any public URL. */
  const preferencesHref = (sig: string) => `${sig}/preferences`;

  app.get(
    '/u/:messageId/:sig',
    {
      config: publicLinkConfig(options.rateLimit),
      schema: {
        tags: ['unsubscribe'],
        summary: 'The unsubscribe link of a mail: a confirmation page with a button; never unsubscribes by itself',
        params: PARAMS,
        produces: ['text/html'],
        response: { 200: HTML_PAGE, ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const message = await linkedMessage(request.params);
      return sendPage(reply, confirmationPage(subjectOf(message), preferencesHref(request.params.sig)));
    },
  );

  app.post(
    '/u/:messageId/:sig',
    {
      config: publicLinkConfig(options.rateLimit),
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        tags: ['unsubscribe'],
        summary: 'Unsubscribe (RFC 8058 one-click: body List-Unsubscribe=One-Click, or the confirmation page\'s button): from the campaign\'s topic, or from e-mail for mail that names none. Repeating is harmless',
        params: PARAMS,
        consumes: FORM_TYPES,
        produces: ['text/html'],
        response: { 200: HTML_PAGE, ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const message = await linkedMessage(request.params);
      const subject = subjectOf(message);
      // Our page says so; anything else (the RFC 8058 body, an empty or multipart post) is a mail provider's one click.
      const fromPage = fieldValues(request.body, 'from').includes('page');
      await unsubscribeByMessage(app.db, message, {
        source: fromPage ? UNSUBSCRIBE_SOURCES.page : UNSUBSCRIBE_SOURCES.oneClick,
        ipAddress: request.ip,
        textShown: fromPage ? confirmationQuestion(subject) : oneClickProof(message.toAddress),
      });
      return sendPage(reply, unsubscribedPage(subject, preferencesHref(request.params.sig)));
    },
  );

  app.get(
    '/u/:messageId/:sig/preferences',
    {
      config: publicLinkConfig(options.rateLimit),
      schema: {
        tags: ['unsubscribe'],
        summary: 'The preference page of a mail\'s recipient: their topics as checkboxes, and "unsubscribe from all e-mail"',
        params: PARAMS,
        produces: ['text/html'],
        response: { 200: HTML_PAGE, ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const message = await linkedMessage(request.params);
      const preferences = await readPreferences(app.db, message.contactId);
      return sendPage(reply, preferencesPage(pageLanguage(message.language), message.toAddress, preferences, false));
    },
  );

  app.post(
    '/u/:messageId/:sig/preferences',
    {
      config: publicLinkConfig(options.rateLimit),
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        tags: ['unsubscribe'],
        summary:
          'Save the preference page: unticked topics are left, ticked ones the contact confirmed before are subscribed again (no new double opt-in is started here), and e-mail as a whole is withdrawn or restored',
        params: PARAMS,
        consumes: FORM_TYPES,
        produces: ['text/html'],
        response: { 200: HTML_PAGE, ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const message = await linkedMessage(request.params);
      const language = pageLanguage(message.language);
      // Only the page's own form changes anything: an empty or foreign POST must not read as "untick everything".
      const submitted = fieldValues(request.body, 'form').includes('preferences');
      if (submitted) {
        await applyPreferences(
          app.db,
          message,
          { topicIds: fieldValues(request.body, 'topic'), stopAllEmail: fieldValues(request.body, 'stop_all').includes('yes') },
          { ipAddress: request.ip, textShown: (change) => preferenceProof(language, message.toAddress, change) },
        );
      }
      const preferences = await readPreferences(app.db, message.contactId);
      return sendPage(reply, preferencesPage(language, message.toAddress, preferences, submitted));
    },
  );
};
