import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { Type } from '@sinclair/typebox';
import { listSalutations, replaceSalutations } from '../../db/salutations';
import { SalutationListInputSchema, SalutationSchema } from '../../contracts/template';
import { problemResponses, unprocessable } from '../problem';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';
import { salutationProblems } from '../salutation-check';

/** The salutation matrix templates greet contacts with ({{salutation}}): read it, replace it whole. */
export const salutationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    { config: needs('templates:read'), schema: { tags: ['templates'], summary: 'The salutation matrix', response: { 200: Type.Array(SalutationSchema) } } },
    async () => listSalutations(app.db),
  );

  app.put(
    '',
    {
      config: needs('templates:write'),
      schema: {
        tags: ['templates'],
        summary: 'Replace the salutation matrix',
        description: 'Every language and formality present must keep its `unnamed` row (empty qualifier); wordings may use firstName, lastName, title and position.',
        body: SalutationListInputSchema,
        response: { 200: Type.Array(SalutationSchema), ...problemResponses(422) },
      },
    },
    async (request) => {
      const problems = salutationProblems(request.body.items);
      if (problems.length > 0) {
        throw unprocessable('SALUTATIONS_INVALID', `The salutation matrix has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
      }
      return replaceSalutations(app.db, actorOf(principalOf(request)), request.body.items);
    },
  );
};
