import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { Type } from '@sinclair/typebox';
import { createFlow, getFlow, listFlows, saveFlowVersion, type FlowRecord } from '../../db/flows';
import type { FlowGraph } from '../../flow/graph';
import { checkDraft } from '../flow-checks';
import { notFound, problemResponses, unprocessable } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { CreateFlowSchema, FlowSchema, FlowSummarySchema, UpdateFlowSchema, type SavedFlowProblem } from '../../contracts/flow';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/**
 * Flows: versioned graphs; each save is a new version. An unfinished flow is saved as a draft
 * with its problems (returned with it, pinned to nodes); only starting a run needs it to have
 * none. What is not a flow document at all is refused.
 */
export const flowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The restored graph and the problems it still has, or a 422 when it is not a flow document; nothing is written then. */
  async function draft(document: unknown): Promise<{ graph: FlowGraph; problems: SavedFlowProblem[] }> {
    const check = await checkDraft(app.db, document);
    if (check.ok) return check;
    throw unprocessable('INVALID_FLOW', 'This is not a flow document; nothing was saved', check.problems);
  }

  /** A stored version with the problems it has today (a template it names may have been deleted since). */
  async function withProblems(flow: FlowRecord): Promise<FlowRecord & { problems: SavedFlowProblem[] }> {
    return { ...flow, problems: (await checkDraft(app.db, flow.graph)).problems };
  }

  app.get(
    '',
    { config: needs('flows:read'), schema: { tags: ['flows'], summary: 'List flows, most recently saved first', response: { 200: Type.Array(FlowSummarySchema) } } },
    async () => listFlows(app.db),
  );

  app.post(
    '',
    {
      config: needs('flows:write'),
      schema: {
        tags: ['flows'],
        summary: 'Create a flow (version 1), a draft if it still has problems',
        body: CreateFlowSchema,
        response: { 201: FlowSchema, ...problemResponses(422) },
      },
    },
    async (request, reply) => {
      const { graph, problems } = await draft(request.body.graph);
      return reply.code(201).send({ ...(await createFlow(app.db, actorOf(principalOf(request)), { name: request.body.name, graph })), problems });
    },
  );

  app.get(
    '/:id',
    {
      config: needs('flows:read'),
      schema: {
        tags: ['flows'],
        summary: 'Read the latest version of a flow, with the problems it still has',
        params: IdParamsSchema,
        response: { 200: FlowSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const flow = await getFlow(app.db, request.params.id);
      if (!flow) throw notFound('Flow', request.params.id);
      return withProblems(flow);
    },
  );

  app.put(
    '/:id',
    {
      config: needs('flows:write'),
      schema: {
        tags: ['flows'],
        summary: 'Save a new version of a flow, a draft if it still has problems',
        params: IdParamsSchema,
        body: UpdateFlowSchema,
        response: { 200: FlowSchema, ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const { graph, problems } = await draft(request.body.graph);
      const flow = await saveFlowVersion(app.db, actorOf(principalOf(request)), request.params.id, { name: request.body.name, graph });
      if (!flow) throw notFound('Flow', request.params.id);
      return { ...flow, problems };
    },
  );
};
