import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { Type } from '@sinclair/typebox';
import { countContactsMailed, createCampaign, getCampaign, listCampaigns } from '../../db/campaigns';
import { getFlow } from '../../db/flows';
import { listRuns } from '../../db/runs';
import { checkFlow } from '../flow-checks';
import { notFound, problemResponses, unprocessable } from '../problem';
import { startCampaignRun } from '../run-starter';
import { IdParamsSchema } from '../../contracts/common';
import { CampaignDetailSchema, CampaignSchema, CreateCampaignSchema, StartedRunSchema } from '../../contracts/campaign';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/** Campaigns: a named use of a flow; each start is a run executed by one workflow. */
export const campaignRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    { config: needs('campaigns:read'), schema: { tags: ['campaigns'], summary: 'List campaigns, newest first', response: { 200: Type.Array(CampaignSchema) } } },
    async () => listCampaigns(app.db),
  );

  app.post(
    '',
    {
      config: needs('campaigns:write'),
      schema: {
        tags: ['campaigns'],
        summary: 'Create a campaign for a flow',
        body: CreateCampaignSchema,
        response: { 201: CampaignSchema, ...problemResponses(422) },
      },
    },
    async (request, reply) => {
      const result = await createCampaign(app.db, actorOf(principalOf(request)), request.body);
      if ('unknownFlow' in result) {
        throw unprocessable('UNKNOWN_FLOW', `Flow ${request.body.flowId} does not exist`, [{ field: 'flowId', message: 'names no flow' }]);
      }
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
      const campaign = await getCampaign(app.db, request.params.id);
      if (!campaign) throw notFound('Campaign', request.params.id);
      const [runs, contactsMailed] = await Promise.all([listRuns(app.db, campaign.id), countContactsMailed(app.db, campaign.id)]);
      return { ...campaign, runs, contactsMailed };
    },
  );

  app.post(
    '/:id/runs',
    {
      config: needs('runs:control'),
      schema: {
        tags: ['campaigns'],
        summary: "Start a run of the campaign's flow, at its latest version",
        params: IdParamsSchema,
        response: { 201: StartedRunSchema, ...problemResponses(400, 404, 422, 503) },
      },
    },
    async (request, reply) => {
      const campaign = await getCampaign(app.db, request.params.id);
      if (!campaign) throw notFound('Campaign', request.params.id);
      const flow = await getFlow(app.db, campaign.flowId);
      if (!flow) throw notFound('Flow', campaign.flowId);
      // A draft is saved with its problems; a run starts only from a version that has none
      // today (a template or segment it names may also have been deleted since it was saved).
      const check = await checkFlow(app.db, flow.graph);
      if (!check.ok) {
        const count = check.problems.length;
        throw unprocessable('FLOW_NOT_RUNNABLE', `Version ${flow.version} of the flow has ${count} problem${count === 1 ? '' : 's'} and cannot run; fix and save it first`, check.problems);
      }
      const started = await startCampaignRun(app, {
        runId: randomUUID(),
        campaignId: campaign.id,
        flowId: flow.id,
        flowVersion: flow.version,
        graph: check.graph,
        log: request.log,
        actor: actorOf(principalOf(request)),
      });
      return reply.code(201).send(started);
    },
  );
};
