import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createPriceList, getPriceList, listPriceLists, updatePriceList } from '../../db/price-lists';
import { notFound, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';
import { IdParamsSchema } from '../../contracts/common';
import { ValidListQuerySchema } from '../../contracts/commerce';
import { PriceListDetailSchema, PriceListInputSchema, PriceListPageSchema, PriceListPatchSchema } from '../../contracts/price-list';
import { needs } from '../permissions';

const tags = ['price lists'];

/** Price lists valid for a period, each with one price per product. */
export const priceListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { config: needs('crm:write'), schema: { tags, summary: 'Create a price list with its prices', body: PriceListInputSchema, response: { 201: PriceListDetailSchema, ...problemResponses(422) } } },
    async (request, reply) => reply.code(201).send(unwrap(await createPriceList(app.db, request.body))),
  );

  app.get(
    '',
    { config: needs('crm:read'), schema: { tags, summary: 'Page through price lists, latest start first', querystring: ValidListQuerySchema, response: { 200: PriceListPageSchema, ...problemResponses(400) } } },
    async (request) => listPriceLists(app.db, request.query),
  );

  app.get(
    '/:id',
    { config: needs('crm:read'), schema: { tags, summary: 'Read one price list with its prices', params: IdParamsSchema, response: { 200: PriceListDetailSchema, ...problemResponses(404) } } },
    async (request) => {
      const list = await getPriceList(app.db, request.params.id);
      if (!list) throw notFound('price list', request.params.id);
      return list;
    },
  );

  app.patch(
    '/:id',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: 'Change a price list; items, when sent, replace its prices',
        params: IdParamsSchema,
        body: PriceListPatchSchema,
        response: { 200: PriceListDetailSchema, ...problemResponses(404, 422) },
      },
    },
    async (request) => unwrap(await updatePriceList(app.db, request.params.id, request.body)),
  );
};
