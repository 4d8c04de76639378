import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createOpportunity, getOpportunity, listOpportunities, opportunityExists, updateOpportunity } from '../../db/opportunities';
import { loseOpportunity, winOpportunity } from '../../db/opportunity-closing';
import { addComment, addCompetitor, listComments, listCompetitors } from '../../db/opportunity-discussion';
import { notFound, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';
import { IdParamsSchema } from '../../contracts/common';
import {
  CommentInputSchema,
  CommentListSchema,
  CommentSchema,
  CompetitorInputSchema,
  CompetitorListSchema,
  CompetitorSchema,
  LoseInputSchema,
  OpportunityDetailSchema,
  OpportunityInputSchema,
  OpportunityListQuerySchema,
  OpportunityPageSchema,
  OpportunityPatchSchema,
  WinInputSchema,
} from '../../contracts/opportunity';
import { needs } from '../permissions';

const tags = ['opportunities'];

/**
 * Sales opportunities: stage, probability, expected revenue, products, competitors and the
 * salespeople's comments; closed once, as won (linked to the order it produced) or lost (with
 * why). A closed opportunity refuses every further change with 409.
 */
export const opportunityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { config: needs('crm:write'), schema: { tags, summary: 'Open an opportunity', body: OpportunityInputSchema, response: { 201: OpportunityDetailSchema, ...problemResponses(422) } } },
    async (request, reply) => reply.code(201).send(unwrap(await createOpportunity(app.db, request.body))),
  );

  app.get(
    '',
    {
      config: needs('crm:read'),
      schema: {
        tags,
        summary: 'Page through opportunities, newest first, by stage, contact, company, owner or campaign',
        querystring: OpportunityListQuerySchema,
        response: { 200: OpportunityPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => listOpportunities(app.db, request.query),
  );

  app.get(
    '/:id',
    {
      config: needs('crm:read'),
      schema: {
        tags,
        summary: 'Read one opportunity with its products, competitors and comments',
        params: IdParamsSchema,
        response: { 200: OpportunityDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const opportunity = await getOpportunity(app.db, request.params.id);
      if (!opportunity) throw notFound('opportunity', request.params.id);
      return opportunity;
    },
  );

  app.patch(
    '/:id',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: 'Move an open opportunity on: stage, probability, products, close date, ...',
        params: IdParamsSchema,
        body: OpportunityPatchSchema,
        response: { 200: OpportunityDetailSchema, ...problemResponses(404, 409, 422) },
      },
    },
    async (request) => unwrap(await updateOpportunity(app.db, request.params.id, request.body)),
  );

  app.post(
    '/:id/win',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: 'Close as won, linked to the sales order it produced',
        params: IdParamsSchema,
        body: WinInputSchema,
        response: { 200: OpportunityDetailSchema, ...problemResponses(404, 409, 422) },
      },
    },
    async (request) => unwrap(await winOpportunity(app.db, request.params.id, request.body)),
  );

  app.post(
    '/:id/lose',
    {
      config: needs('crm:write'),
      schema: { tags, summary: 'Close as lost, saying why', params: IdParamsSchema, body: LoseInputSchema, response: { 200: OpportunityDetailSchema, ...problemResponses(404, 409, 422) } },
    },
    async (request) => unwrap(await loseOpportunity(app.db, request.params.id, request.body.reason)),
  );

  app.post(
    '/:id/competitors',
    {
      config: needs('crm:write'),
      schema: { tags, summary: 'Record a competitor for the deal', params: IdParamsSchema, body: CompetitorInputSchema, response: { 201: CompetitorSchema, ...problemResponses(404, 409, 422) } },
    },
    async (request, reply) => reply.code(201).send(unwrap(await addCompetitor(app.db, request.params.id, request.body))),
  );

  app.get(
    '/:id/competitors',
    { config: needs('crm:read'), schema: { tags, summary: 'List the competitors by name', params: IdParamsSchema, response: { 200: CompetitorListSchema, ...problemResponses(404) } } },
    async (request) => {
      if (!(await opportunityExists(app.db, request.params.id))) throw notFound('opportunity', request.params.id);
      return { items: await listCompetitors(app.db, request.params.id) };
    },
  );

  app.post(
    '/:id/comments',
    { config: needs('crm:write'), schema: { tags, summary: 'Comment on an open opportunity', params: IdParamsSchema, body: CommentInputSchema, response: { 201: CommentSchema, ...problemResponses(404, 409, 422) } } },
    async (request, reply) => reply.code(201).send(unwrap(await addComment(app.db, request.params.id, request.body))),
  );

  app.get(
    '/:id/comments',
    { config: needs('crm:read'), schema: { tags, summary: 'List the comments, oldest first', params: IdParamsSchema, response: { 200: CommentListSchema, ...problemResponses(404) } } },
    async (request) => {
      if (!(await opportunityExists(app.db, request.params.id))) throw notFound('opportunity', request.params.id);
      return { items: await listComments(app.db, request.params.id) };
    },
  );
};
