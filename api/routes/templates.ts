import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { Type } from '@sinclair/typebox';
import { createTemplate, getTemplate, listTemplates, updateTemplate } from '../../db/templates';
import { notFound, problemResponses, unprocessable } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { TemplateInputSchema, TemplateSchema, type TemplateInputBody } from '../../contracts/template';
import type { TemplateInput } from '../../db/templates';
import type { Db } from '../../db/pool';
import { listAttributeDefinitions } from '../../db/attribute-definitions';
import { templateVocabulary, variantProblems } from '../template-check';
import { expandTemplateInput } from '../template-input';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';
import type { TestMailer } from '../app';

export interface TemplateRouteOptions {
  mailer?: TestMailer;
  mailFrom?: string;
  publicUrl?: string;
}

/** Templates: Handlebars messages in language variants, refused when they name anything a message cannot have. */
export const templateRoutes: FastifyPluginAsyncTypebox<TemplateRouteOptions> = async (app, _options) => {
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
