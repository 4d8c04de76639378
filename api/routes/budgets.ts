import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { bookMissingCosts, campaignCosts } from '../../db/campaign-costs';
import { allCostEntries, bookManualCost, listCostEntries, type CostEntry } from '../../db/cost-ledger';
import { getPlan, savePlan } from '../../db/plans';
import { createUnitCost, listUnitCosts, updateUnitCost } from '../../db/unit-costs';
import { IdParamsSchema } from '../../contracts/common';
import {
  BookMissingResultSchema,
  CampaignCostsSchema,
  CostEntryPageSchema,
  CostEntryQuerySchema,
  CostEntrySchema,
  ManualCostInputSchema,
  PlanInputSchema,
  PlanSchema,
  UnitCostInputSchema,
  UnitCostListQuerySchema,
  UnitCostListSchema,
  UnitCostPatchSchema,
  UnitCostSchema,
} from '../../contracts/budget';
import { csvOutput } from '../csv-output';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';
import { notFound, problemResponses } from '../problem';
import { unwrap } from '../refusal-problem';

const tags = ['budgets'];

/** The ledger's CSV columns, in the order a spreadsheet shows them. */
const CSV_COLUMNS: (keyof CostEntry)[] = [
  'id', 'incurredOn', 'channel', 'item', 'quantity', 'unitAmount', 'amount', 'currency', 'runId', 'nodeId', 'contactId',
  'sourceKey', 'documentRef', 'note', 'bookedBy', 'bookedAt',
];

function cell(value: CostEntry[keyof CostEntry]): string {
  if (value === null) return '';
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * The budget owner's API: a campaign's plan, unit costs with validity, the cost ledger and the
 * campaign's actual-vs-planned costs. Reading needs `reports:read`, writing `budgets:write`
 * (contracts/permissions.ts: budget owners and admins).
 */
export const budgetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/campaigns/:id/plan',
    {
      config: needs('reports:read'),
      schema: { tags, summary: "A campaign's plan and the ROI it predicts (the defaults when none is saved: updatedAt null)", params: IdParamsSchema, response: { 200: PlanSchema, ...problemResponses(404) } },
    },
    async (request) => {
      const plan = await getPlan(app.db, request.params.id);
      if (!plan) throw notFound('Campaign', request.params.id);
      return plan;
    },
  );

  app.put(
    '/campaigns/:id/plan',
    {
      config: needs('budgets:write'),
      schema: {
        tags,
        summary: "Set a campaign's plan: budget, planned costs by channel, expected results, attribution window, holdout share (audited; may change while a run goes)",
        params: IdParamsSchema,
        body: PlanInputSchema,
        response: { 200: PlanSchema, ...problemResponses(404, 422) },
      },
    },
    async (request) => unwrap(await savePlan(app.db, actorOf(principalOf(request)), request.params.id, request.body)),
  );

  app.get(
    '/unit-costs',
    {
      config: needs('reports:read'),
      schema: { tags, summary: 'Unit costs by item, latest validity first', querystring: UnitCostListQuerySchema, response: { 200: UnitCostListSchema, ...problemResponses(400) } },
    },
    async (request) => ({ items: await listUnitCosts(app.db, request.query) }),
  );

  app.post(
    '/unit-costs',
    {
      config: needs('budgets:write'),
      schema: {
        tags,
        summary: 'Add a unit cost valid from a day; a validity overlapping another of the same item is refused (409 UNIT_COST_OVERLAP)',
        body: UnitCostInputSchema,
        response: { 201: UnitCostSchema, ...problemResponses(409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(unwrap(await createUnitCost(app.db, actorOf(principalOf(request)), request.body))),
  );

  app.patch(
    '/unit-costs/:id',
    {
      config: needs('budgets:write'),
      schema: {
        tags,
        summary: 'Change a unit cost (lines already booked keep their amounts); an overlapping validity is refused',
        params: IdParamsSchema,
        body: UnitCostPatchSchema,
        response: { 200: UnitCostSchema, ...problemResponses(404, 409, 422) },
      },
    },
    async (request) => unwrap(await updateUnitCost(app.db, actorOf(principalOf(request)), request.params.id, request.body)),
  );

  app.get(
    '/campaigns/:id/costs',
    {
      config: needs('reports:read'),
      schema: {
        tags,
        summary: "A campaign's actual costs against its plan, by channel and by node, the budget left, and what happened without a cost line",
        params: IdParamsSchema,
        response: { 200: CampaignCostsSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const costs = await campaignCosts(app.db, request.params.id);
      if (!costs) throw notFound('Campaign', request.params.id);
      return costs;
    },
  );

  app.post(
    '/campaigns/:id/costs/book-missing',
    {
      config: needs('budgets:write'),
      schema: {
        tags,
        summary: 'Book the sends and calls that have no cost line but a unit cost valid on their day (after a forgotten price was added)',
        params: IdParamsSchema,
        response: { 200: BookMissingResultSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      if (!(await getPlan(app.db, request.params.id))) throw notFound('Campaign', request.params.id);
      return { booked: await bookMissingCosts(app.db, request.params.id) };
    },
  );

  app.get(
    '/campaigns/:id/cost-entries',
    {
      config: needs('reports:read'),
      schema: {
        tags,
        summary: "A campaign's ledger lines in booking order (keyset paged: pass `next` as `after`), optionally those of one channel, run or node (the lines behind a figure of the cost report); ?format=csv downloads them all",
        params: IdParamsSchema,
        querystring: CostEntryQuerySchema,
        produces: ['application/json', 'text/csv'],
        response: { 200: CostEntryPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const campaignId = request.params.id;
      if (!(await getPlan(app.db, campaignId))) throw notFound('Campaign', campaignId);
      const { format, after, limit, ...filter } = request.query;
      if (format !== 'csv') return listCostEntries(app.db, campaignId, { ...filter, after, limit });
      async function* records() {
        yield CSV_COLUMNS;
        for await (const entry of allCostEntries(app.db, campaignId, filter)) yield CSV_COLUMNS.map((column) => cell(entry[column]));
      }
      // The file is a stream the JSON response schema does not describe: sent through the untyped reply.
      return (reply as FastifyReply)
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cost-entries-${campaignId}.csv"`)
        .send(Readable.from(records()).pipe(csvOutput()));
    },
  );

  app.post(
    '/campaigns/:id/cost-entries',
    {
      config: needs('budgets:write'),
      schema: {
        tags,
        summary: 'Book a cost line by hand (agency, media, other) with its document reference; audited. A negative amount corrects an earlier line',
        params: IdParamsSchema,
        body: ManualCostInputSchema,
        response: { 201: CostEntrySchema, ...problemResponses(404, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(unwrap(await bookManualCost(app.db, actorOf(principalOf(request)), { ...request.body, campaignId: request.params.id }))),
  );
};
