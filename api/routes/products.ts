import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { resolvePrice } from '../../db/pricing';
import { createProduct, getProduct, listProducts, updateProduct } from '../../db/products';
import { notFound, problem, problemResponses, ProblemError } from '../problem';
import { unwrap } from '../refusal-problem';
import { IdParamsSchema } from '../../contracts/common';
import {
  PriceQuerySchema,
  PriceQuoteSchema,
  ProductDetailSchema,
  ProductInputSchema,
  ProductListQuerySchema,
  ProductPageSchema,
  ProductPatchSchema,
} from '../../contracts/product';
import { needs } from '../permissions';

const tags = ['products'];

/** Products, services and bundles (with their components), and the price of one on a day. */
export const productRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    { config: needs('crm:write'), schema: { tags, summary: 'Create a product, service or bundle', body: ProductInputSchema, response: { 201: ProductDetailSchema, ...problemResponses(409, 422) } } },
    async (request, reply) => reply.code(201).send(unwrap(await createProduct(app.db, request.body))),
  );

  app.get(
    '',
    { config: needs('crm:read'), schema: { tags, summary: 'Page through products by code', querystring: ProductListQuerySchema, response: { 200: ProductPageSchema, ...problemResponses(400) } } },
    async (request) => {
      const { q, ...filters } = request.query;
      return listProducts(app.db, { ...filters, search: q });
    },
  );

  app.get(
    '/:id',
    { config: needs('crm:read'), schema: { tags, summary: 'Read one product with its components', params: IdParamsSchema, response: { 200: ProductDetailSchema, ...problemResponses(404) } } },
    async (request) => {
      const product = await getProduct(app.db, request.params.id);
      if (!product) throw notFound('product', request.params.id);
      return product;
    },
  );

  app.patch(
    '/:id',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: 'Change a product; components, when sent, replace the list',
        params: IdParamsSchema,
        body: ProductPatchSchema,
        response: { 200: ProductDetailSchema, ...problemResponses(404, 409, 422) },
      },
    },
    async (request) => unwrap(await updateProduct(app.db, request.params.id, request.body)),
  );

  app.get(
    '/:id/price',
    {
      config: needs('crm:read'),
      schema: {
        tags,
        summary: 'The price of a product on a day, with the best discount and the net price',
        params: IdParamsSchema,
        querystring: PriceQuerySchema,
        response: { 200: PriceQuoteSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const result = await resolvePrice(app.db, { productId: id, ...request.query });
      if ('quote' in result) return result.quote;
      if (result.missing === 'product') throw notFound('product', id);
      const list = request.query.priceListId ? `price list ${request.query.priceListId}` : 'any price list';
      throw new ProblemError(problem(404, 'NO_PRICE', `No price for product ${id} is valid on ${request.query.date ?? 'today'} in ${list}`));
    },
  );
};
