import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createDiscountList, getDiscountList, listDiscountLists, updateDiscountList } from '../../db/discount-lists';
import { notFound, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';
import { IdParamsSchema } from '../../contracts/common';
import { ValidListQuerySchema } from '../../contracts/commerce';
import { DiscountListDetailSchema, DiscountListInputSchema, DiscountListPageSchema, DiscountListPatchSchema } from '../../contracts/discount-list';
import { needs } from '../permissions';

const tags = ['discount lists'];

/** Discount lists valid for a period: percentages off one product or a whole family, by quantity tier. */
export const discountListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { config: needs('crm:write'), schema: { tags, summary: 'Create a discount list with its discounts', body: DiscountListInputSchema, response: { 201: DiscountListDetailSchema, ...problemResponses(422) } } },
    async (request, reply) => reply.code(201).send(unwrap(await createDiscountList(app.db, request.body))),
  );

  app.get(
    '',
    { config: needs('crm:read'), schema: { tags, summary: 'Page through discount lists, latest start first', querystring: ValidListQuerySchema, response: { 200: DiscountListPageSchema, ...problemResponses(400) } } },
    async (request) => listDiscountLists(app.db, request.query),
  );

  app.get(
    '/:id',
    { config: needs('crm:read'), schema: { tags, summary: 'Read one discount list with its discounts', params: IdParamsSchema, response: { 200: DiscountListDetailSchema, ...problemResponses(404) } } },
    async (request) => {
      const list = await getDiscountList(app.db, request.params.id);
      if (!list) throw notFound('discount list', request.params.id);
      return list;
    },
  );

  app.patch(
    '/:id',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: 'Change a discount list; items, when sent, replace its discounts',
        params: IdParamsSchema,
        body: DiscountListPatchSchema,
        response: { 200: DiscountListDetailSchema, ...problemResponses(404, 422) },
      },
    },
    async (request) => unwrap(await updateDiscountList(app.db, request.params.id, request.body)),
  );
};
