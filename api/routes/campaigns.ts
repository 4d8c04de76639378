import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { Type } from '@sinclair/typebox';
import { countContactsMailed, createCampaign, getCampaign, listCampaigns, previewStartAudience, startRefusal, updateCampaign, type Campaign } from '../../db/campaigns';
import { getFlow } from '../../db/flows';
import { listRuns } from '../../db/runs';
import type { FlowGraph } from '../../flow/graph';
import { checkFlow } from '../flow-checks';
import { notFound, problemResponses, unprocessable } from '../problem';
import { refusalProblem } from '../refusal-problem';
import { startCampaignRun } from '../run-starter';
import { IdParamsSchema } from '../../contracts/common';
import { CampaignDetailSchema, CampaignPatchSchema, CampaignSchema, CreateCampaignSchema, StartedRunSchema, StartPreviewSchema } from '../../contracts/campaign';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/**
 * The graph a start would run: the flow's latest version, refused (422, its problems listed)
 * unless it has none today — a draft is saved with its problems, and a template or segment it
 * names may have been deleted since it was saved.
 */
async function runnableFlow(app: FastifyInstance, campaign: Campaign): Promise<{ id: string; version: number; graph: FlowGraph }> {
  const flow = await getFlow(app.db, campaign.flowId);
  if (!flow) throw notFound('Flow', campaign.flowId);
  const check = await checkFlow(app.db, flow.graph);
  if (!check.ok) {
    const count = check.problems.length;
    throw unprocessable('FLOW_NOT_RUNNABLE', `Version ${flow.version} of the flow has ${count} problem${count === 1 ? '' : 's'} and cannot run; fix and save it first`, check.problems);
  }
  return { id: flow.id, version: flow.version, graph: check.graph };
}

/** Campaigns (the catalogue of seed 004): a named, coded use of a flow; each start is a run executed by one workflow. */
export const campaignRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const existing = async (id: string) => {
    const campaign = await getCampaign(app.db, id);
    if (!campaign) throw notFound('Campaign', id);
    return campaign;
  };

  app.get(
    '',
    {
      config: needs('campaigns:read'),
      schema: { tags: ['campaigns'], summary: 'List campaigns, newest first, each with its latest run', response: { 200: Type.Array(CampaignSchema) } },
    },
    async () => listCampaigns(app.db),
  );

  app.post(
    '',
    {
      config: needs('campaigns:write'),
      schema: {
        tags: ['campaigns'],
        summary: 'Create a campaign for a flow: code, validity, promoted product and its price list, call script, owner',
        body: CreateCampaignSchema,
        response: { 201: CampaignSchema, ...problemResponses(409, 422) },
      },
    },
    async (request, reply) => {
      const result = await createCampaign(app.db, actorOf(principalOf(request)), request.body);
      if ('refused' in result) throw refusalProblem(result.refused);
      return reply.code(201).send(result.campaign);
    },
  );

  app.get(
    '/:id',
    {
      config: needs('campaigns:read'),
      schema: {
        tags: ['campaigns'],
        summary: 'Read a campaign with its runs and how many contacts they have mailed',
        params: IdParamsSchema,
        response: { 200: CampaignDetailSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const campaign = await existing(request.params.id);
      const [runs, contactsMailed] = await Promise.all([listRuns(app.db, campaign.id), countContactsMailed(app.db, campaign.id)]);
      return { ...campaign, runs, contactsMailed };
    },
  );

  app.patch(
    '/:id',
    {
      config: needs('campaigns:write'),
      schema: {
        tags: ['campaigns'],
        summary: 'Change a campaign: only the fields sent; null clears one that may be empty',
        params: IdParamsSchema,
        body: CampaignPatchSchema,
        response: { 200: CampaignSchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request) => {
      const result = await updateCampaign(app.db, actorOf(principalOf(request)), request.params.id, request.body);
      if ('refused' in result) throw refusalProblem(result.refused);
      return result.campaign;
    },
  );

  app.get(
    '/:id/start-preview',
    {
      config: needs('runs:control'),
      schema: {
        tags: ['campaigns'],
        summary: "What a start would reach today: the flow's audience, with and without an e-mail address, and whether the validity period allows a start",
        params: IdParamsSchema,
        response: { 200: StartPreviewSchema, ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => {
      const campaign = await existing(request.params.id);
      const flow = await runnableFlow(app, campaign);
      const [counts, refusal] = await Promise.all([previewStartAudience(app.db, flow.graph), startRefusal(app.db, campaign.id, flow.graph)]);
      return { ...counts, refusal: refusal?.message ?? null };
    },
  );

  app.post(
    '/:id/runs',
    {
      config: needs('runs:control'),
      schema: {
        tags: ['campaigns'],
        summary: "Start a run of the campaign's flow, at its latest version, within the campaign's validity period",
        params: IdParamsSchema,
        response: { 201: StartedRunSchema, ...problemResponses(400, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const campaign = await existing(request.params.id);
      const flow = await runnableFlow(app, campaign);
      const started = await startCampaignRun(app, {
        runId: randomUUID(),
        campaignId: campaign.id,
        flowId: flow.id,
        flowVersion: flow.version,
        graph: flow.graph,
        log: request.log,
        actor: actorOf(principalOf(request)),
      });
      return reply.code(201).send(started);
    },
  );
};
