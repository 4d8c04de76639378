import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import { createFlow, getFlow, listFlows, saveFlowVersion } from '../../db/flows';
import type { FlowGraph } from '../../flow/graph';
import { checkFlow } from '../flow-checks';
import { notFound, problemResponses, unprocessable } from '../problem';
import { IdParamsSchema } from '../schemas/common';
import { CreateFlowSchema, FlowSchema, FlowSummarySchema, UpdateFlowSchema } from '../schemas/flow';

/** Flows: versioned graphs, saved only when valid; each save is a new version. */
export const flowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The checked graph, or a 422 listing every problem, pinned to its node; nothing is written. */
  async function validGraph(document: unknown): Promise<FlowGraph> {
    const check = await checkFlow(app.db, document);
    if (check.ok) return check.graph;
    const count = check.problems.length;
    throw unprocessable('INVALID_FLOW', `The flow has ${count} problem${count === 1 ? '' : 's'}; nothing was saved`, check.problems);
  }

  app.get(
    '',
    { schema: { tags: ['flows'], summary: 'List flows, most recently saved first', response: { 200: Type.Array(FlowSummarySchema) } } },
    async () => listFlows(app.db),
  );

  app.post(
    '',
    {
      schema: {
        tags: ['flows'],
        summary: 'Create a flow (version 1)',
        body: CreateFlowSchema,
        response: { 201: FlowSchema, ...problemResponses(422) },
      },
    },
    async (request, reply) => {
      const graph = await validGraph(request.body.graph);
      return reply.code(201).send(await createFlow(app.db, { name: request.body.name, graph }));
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['flows'],
        summary: 'Read the latest version of a flow',
        params: IdParamsSchema,
        response: { 200: FlowSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const flow = await getFlow(app.db, request.params.id);
      if (!flow) throw notFound('Flow', request.params.id);
      return flow;
    },
  );

  app.put(
    '/:id',
    {
      schema: {
        tags: ['flows'],
        summary: 'Save a new version of a flow',
        params: IdParamsSchema,
        body: UpdateFlowSchema,
        response: { 200: FlowSchema, ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const graph = await validGraph(request.body.graph);
      const flow = await saveFlowVersion(app.db, request.params.id, { name: request.body.name, graph });
      if (!flow) throw notFound('Flow', request.params.id);
      return flow;
    },
  );
};
