import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { Type } from '@sinclair/typebox';
import { createTemplate, getTemplate, listTemplates, updateTemplate } from '../../db/templates';
import { notFound, problem, ProblemError, problemResponses, serviceUnavailable, unprocessable } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import {
  TemplateInputSchema,
  TemplatePreviewInputSchema,
  TemplatePreviewSchema,
  TemplateSchema,
  TemplateTestSendInputSchema,
  TemplateTestSendSchema,
  type TemplateInputBody,
} from '../../contracts/template';
import { writeAudit } from '../../db/audit';
import type { TemplateInput } from '../../db/templates';
import type { Db } from '../../db/pool';
import { listAttributeDefinitions } from '../../db/attribute-definitions';
import { templateVocabulary, variantProblems } from '../template-check';
import { expandTemplateInput } from '../template-input';
import { needs } from '../permissions';
import { principalOf, requireAccess } from '../plugins/auth';
import { actorOf } from '../principal';
import type { TestMailer } from '../app';
import { renderTemplatePreview, type PreviewLinks } from '../template-preview';

/** The From of a test mail when the API was given none (config's MAIL_FROM default). */
const DEFAULT_TEST_FROM = 'Campaign Studio <campaigns@campaign-studio.local>';

export interface TemplateRouteOptions extends PreviewLinks {
  /** Sends test mails; without one, a test send is 503 NO_MAILER. */
  mailer?: TestMailer;
}

/** Templates: Handlebars messages in language variants, refused when they name anything a message cannot have. */
export const templateRoutes: FastifyPluginAsyncTypebox<TemplateRouteOptions> = async (app, options) => {
  app.get(
    '',
    { config: needs('templates:read'), schema: { tags: ['templates'], summary: 'List templates', response: { 200: Type.Array(TemplateSchema) } } },
    async () => listTemplates(app.db),
  );

  app.post(
    '',
    {
      config: needs('templates:write'),
      schema: {
        tags: ['templates'],
        summary: 'Create a template',
        body: TemplateInputSchema,
        response: { 201: TemplateSchema, ...problemResponses(422) },
      },
    },
    async (request, reply) => {
      const template = await checkedTemplate(app.db, request.body);
      return reply.code(201).send(await createTemplate(app.db, actorOf(principalOf(request)), template));
    },
  );

  app.get(
    '/:id',
    {
      config: needs('templates:read'),
      schema: {
        tags: ['templates'],
        summary: 'Read a template',
        params: IdParamsSchema,
        response: { 200: TemplateSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const template = await getTemplate(app.db, request.params.id);
      if (!template) throw notFound('Template', request.params.id);
      return template;
    },
  );

  app.put(
    '/:id',
    {
      config: needs('templates:write'),
      schema: {
        tags: ['templates'],
        summary: 'Replace a template',
        params: IdParamsSchema,
        body: TemplateInputSchema,
        response: { 200: TemplateSchema, ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const checked = await checkedTemplate(app.db, request.body);
      const template = await updateTemplate(app.db, actorOf(principalOf(request)), request.params.id, checked);
      if (!template) throw notFound('Template', request.params.id);
      return template;
    },
  );

  app.post(
    '/preview',
    {
      config: needs('templates:read'),
      schema: {
        tags: ['templates'],
        summary: 'Preview a template (saved or not) for a contact',
        description:
          'Exactly what generate would make of the template for the contact (or, without one, a sample contact of the fields\' examples): the variant chosen and why, subject, preheader, HTML and text parts, headers. ' +
          'Links are signed with a message id of the preview\'s own, so they lead nowhere. Problems of the template are named as when saving (`variants[1].html`). Naming a contact needs contacts:read, and only contacts the caller may see are found.',
        body: TemplatePreviewInputSchema,
        response: { 200: TemplatePreviewSchema, ...problemResponses(400, 403, 404, 422) },
      },
    },
    async (request) => {
      const { template, contactId, campaignId, language } = request.body;
      // A preview shows the contact's name, address and attributes: a reader of contacts only.
      if (contactId !== undefined) requireAccess(request, 'contacts:read');
      const checked = await checkedTemplate(app.db, template);
      const mail = await renderTemplatePreview(app.db, checked, { contactId, campaignId, language, scope: principalOf(request).scope }, options);
      return { language: mail.language, fallback: mail.fallback, subject: mail.subject, preheader: mail.preheader, html: mail.html, text: mail.text, headers: mail.headers };
    },
  );

  app.post(
    '/:id/test-send',
    {
      config: needs('templates:write'),
      schema: {
        tags: ['templates'],
        summary: 'Send a saved template once to an address, as a test',
        description: 'Rendered for the contact (or the sample contact), the subject marked "[Test] ", sent through the mail server the campaigns use; audited. 503 NO_MAILER when the API has no mail server.',
        params: IdParamsSchema,
        body: TemplateTestSendInputSchema,
        response: { 202: TemplateTestSendSchema, ...problemResponses(400, 404, 422, 502, 503) },
      },
    },
    async (request, reply) => {
      const { to, contactId, campaignId, language } = request.body;
      const principal = principalOf(request);
      const template = await getTemplate(app.db, request.params.id);
      if (!template) throw notFound('Template', request.params.id);
      const mailer = options.mailer;
      if (!mailer) throw serviceUnavailable('NO_MAILER', 'This API has no mail server to send tests through (set SMTP_URL, or run the embedded stack)');
      const mail = await renderTemplatePreview(app.db, template, { contactId, campaignId, language, scope: principal.scope }, options);
      const subject = `[Test] ${mail.subject}`;
      try {
        await mailer.send({ messageId: mail.messageId, from: options.mailFrom ?? DEFAULT_TEST_FROM, to, subject, text: mail.text, ...(mail.html === null ? {} : { html: mail.html }), headers: mail.headers });
      } catch (error) {
        throw new ProblemError(problem(502, 'TEST_SEND_FAILED', `The mail server did not take the test mail: ${error instanceof Error ? error.message : String(error)}`));
      }
      await writeAudit(app.db, actorOf(principal), {
        action: 'template.test-send',
        entity: 'template',
        entityId: template.id,
        diff: { to, language: mail.language, contactId: contactId ?? null, campaignId: campaignId ?? null },
      });
      return reply.code(202).send({ to, language: mail.language, subject });
    },
  );
};

/**
 * The template as stored, or ONE 422 TEMPLATE_INVALID listing everything wrong with it: its
 * shape (shorthand and variants at once, a language twice, no variant in the default language)
 * and every unknown field, helper and syntax error of every variant, each with its line.
 */
export async function checkedTemplate(db: Db, body: TemplateInputBody): Promise<TemplateInput> {
  const { expanded, problems } = expandTemplateInput(body);
  const attributeKeys = (await listAttributeDefinitions(db)).map((definition) => definition.key);
  problems.push(...variantProblems(expanded.template.variants, templateVocabulary(attributeKeys), expanded.fieldOf));
  if (problems.length > 0) {
    const fields = [...new Set(problems.map((problem) => problem.field))];
    throw unprocessable('TEMPLATE_INVALID', `The template cannot be saved: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${fields.join(', ')}`, problems);
  }
  return expanded.template;
}
