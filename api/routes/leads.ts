import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { convertLead } from '../../db/lead-conversion';
import { addLeadActivity, createLead, discardLead, getLead, listLeadActivities, listLeads, updateLead } from '../../db/leads';
import { decodeCursor, encodeCursor } from '../keyset-cursor';
import { notFound, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';
import { IdParamsSchema } from '../../contracts/common';
import {
  ConvertLeadSchema,
  LeadActivityInputSchema,
  LeadActivityListSchema,
  LeadActivitySchema,
  LeadConversionSchema,
  LeadInputSchema,
  LeadListQuerySchema,
  LeadPageSchema,
  LeadPatchSchema,
  LeadSchema,
} from '../../contracts/lead';
import { needs } from '../permissions';

const tags = ['leads'];

/** Leads, kept apart from customers: record, page, edit, discard, log activities, convert in one call. */
export const leadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { config: needs('crm:write'), schema: { tags, summary: 'Record a lead', body: LeadInputSchema, response: { 201: LeadSchema, ...problemResponses(422) } } },
    async (request, reply) => reply.code(201).send(unwrap(await createLead(app.db, request.body))),
  );

  app.get(
    '',
    { config: needs('crm:read'), schema: { tags, summary: 'Page through leads, oldest first, optionally of one status', querystring: LeadListQuerySchema, response: { 200: LeadPageSchema, ...problemResponses(400) } } },
    async (request) => {
      const { limit, after, status } = request.query;
      const page = await listLeads(app.db, { limit, status, after: after === undefined ? undefined : decodeCursor(after) });
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/:id',
    { config: needs('crm:read'), schema: { tags, summary: 'Read a lead', params: IdParamsSchema, response: { 200: LeadSchema, ...problemResponses(400, 404) } } },
    async (request) => {
      const lead = await getLead(app.db, request.params.id);
      if (!lead) throw notFound('Lead', request.params.id);
      return lead;
    },
  );

  app.patch(
    '/:id',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: 'Change some fields of an open lead (null empties a field)',
        params: IdParamsSchema,
        body: LeadPatchSchema,
        response: { 200: LeadSchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request) => unwrap(await updateLead(app.db, request.params.id, request.body)),
  );

  app.post(
    '/:id/discard',
    { config: needs('crm:write'), schema: { tags, summary: 'Set an open lead aside', params: IdParamsSchema, response: { 200: LeadSchema, ...problemResponses(400, 404, 409) } } },
    async (request) => unwrap(await discardLead(app.db, request.params.id)),
  );

  app.post(
    '/:id/activities',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: 'Log a quote, reminder, meeting note or note on a lead',
        params: IdParamsSchema,
        body: LeadActivityInputSchema,
        response: { 201: LeadActivitySchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(unwrap(await addLeadActivity(app.db, request.params.id, request.body))),
  );

  app.get(
    '/:id/activities',
    { config: needs('crm:read'), schema: { tags, summary: "A lead's activities, oldest first", params: IdParamsSchema, response: { 200: LeadActivityListSchema, ...problemResponses(400, 404) } } },
    async (request) => {
      const items = await listLeadActivities(app.db, request.params.id);
      if (!items) throw notFound('Lead', request.params.id);
      return { items };
    },
  );

  app.post(
    '/:id/convert',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: 'Convert an open lead into a contact (and company) in one transaction',
        params: IdParamsSchema,
        body: ConvertLeadSchema,
        response: { 200: LeadConversionSchema, ...problemResponses(400, 404, 409, 422) },
      },
      // Every option has a default, so a POST without a body is a plain conversion.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => unwrap(await convertLead(app.db, request.params.id, request.body)),
  );
};
