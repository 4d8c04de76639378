import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { createSalesOrder, getSalesOrder, listSalesOrders } from '../../db/sales-orders';
import { notFound, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';
import { IdParamsSchema } from '../../contracts/common';
import { SalesOrderDetailSchema, SalesOrderInputSchema, SalesOrderListQuerySchema, SalesOrderPageSchema } from '../../contracts/sales-order';
import { needs } from '../permissions';

const tags = ['sales orders'];

/** Sales orders (purchase history) entered one at a time; files of them go through /api/imports. */
export const salesOrderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '',
    {
      config: needs('crm:write'),
      schema: {
        tags,
        summary: 'Record an order with its lines, all or nothing',
        body: SalesOrderInputSchema,
        response: { 201: SalesOrderDetailSchema, ...problemResponses(409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(unwrap(await createSalesOrder(app.db, request.body))),
  );

  app.get(
    '',
    {
      config: needs('crm:read'),
      schema: {
        tags,
        summary: 'Page through orders, newest first, by buyer, store and date range',
        querystring: SalesOrderListQuerySchema,
        response: { 200: SalesOrderPageSchema, ...problemResponses(400) },
      },
    },
    async (request) => listSalesOrders(app.db, request.query),
  );

  app.get(
    '/:id',
    { config: needs('crm:read'), schema: { tags, summary: 'Read one order with its lines and total', params: IdParamsSchema, response: { 200: SalesOrderDetailSchema, ...problemResponses(404) } } },
    async (request) => {
      const order = await getSalesOrder(app.db, request.params.id);
      if (!order) throw notFound('sales order', request.params.id);
      return order;
    },
  );
};
