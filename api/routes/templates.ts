import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { Type } from '@sinclair/typebox';
import { createTemplate, getTemplate, listTemplates, updateTemplate } from '../../db/templates';
import { notFound, problemResponses, unprocessable } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { TemplateInputSchema, TemplateSchema, type TemplateInputBody } from '../../contracts/template';
import { templateSyntaxProblems } from '../template-syntax';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/** Templates: Handlebars messages, refused when they do not compile. */
export const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
      assertCompiles(request.body);
      return reply.code(201).send(await createTemplate(app.db, actorOf(principalOf(request)), request.body));
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
      assertCompiles(request.body);
      const template = await updateTemplate(app.db, actorOf(principalOf(request)), request.params.id, request.body);
      if (!template) throw notFound('Template', request.params.id);
      return template;
    },
  );
};

function assertCompiles(input: TemplateInputBody): void {
  const problems = templateSyntaxProblems({ subject: input.subject, body: input.body });
  if (problems.length > 0) {
    throw unprocessable('TEMPLATE_SYNTAX', `The template does not compile: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems);
  }
}
