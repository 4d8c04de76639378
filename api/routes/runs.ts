import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { auditRunControl, getRun, runProgress, type RunControl, type RunRow } from '../../db/runs';
import { pauseSignal, resumeSignal, stateQuery, type CampaignState } from '../../workflows/definitions';
import { withTemporalDeadline } from '../plugins/temporal';
import { conflict, notFound, problemResponses, serviceUnavailable } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { RunControlAcceptedSchema, RunProgressSchema } from '../../contracts/campaign';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/**
 * What a client may ask of a run, by the URL segment that asks it: pause and resume are the
 * workflow's signals; cancel is Temporal's own cancellation, so Temporal shows the run Canceled.
 */
const CONTROLS: Record<RunControl, (handle: WorkflowHandle) => Promise<void>> = {
  pause: (handle) => handle.signal(pauseSignal),
  resume: (handle) => handle.signal(resumeSignal),
  cancel: (handle) => handle.cancel().then(() => undefined),
};

/** A query is answered by a worker: when none is polling, give up quickly and show counts only. */
const STATE_QUERY_DEADLINE_MS = 2_000;
const SIGNAL_DEADLINE_MS = 5_000;

const FINISHED: ReadonlySet<RunRow['status']> = new Set(['completed', 'cancelled', 'failed']);

/** Runs: progress (counts from Postgres merged with the workflow's own state) and control. */
export const runRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:id',
    {
      config: needs('runs:read'),
      schema: {
        tags: ['runs'],
        summary: "A run's progress: members per node from the database, the workflow's state when it can answer",
        params: IdParamsSchema,
        response: { 200: RunProgressSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const progress = await runProgress(app.db, request.params.id);
      if (!progress) throw notFound('Run', request.params.id);
      const workflow = FINISHED.has(progress.run.status) ? null : await workflowState(app.temporal.client, progress.run.workflowId);
      return { ...progress, workflow };
    },
  );

  for (const action of Object.keys(CONTROLS) as RunControl[]) {
    const control = CONTROLS[action];
    app.post(
      `/:id/${action}`,
      {
        config: needs('runs:control'),
        schema: {
          tags: ['runs'],
          summary: `Ask a run to ${action}`,
          params: IdParamsSchema,
          response: { 202: RunControlAcceptedSchema, ...problemResponses(400, 404, 409, 503) },
        },
      },
      async (request, reply) => {
        const run = await getRun(app.db, request.params.id);
        if (!run) throw notFound('Run', request.params.id);
        if (FINISHED.has(run.status)) throw conflict('RUN_FINISHED', `The run is ${run.status}: it can no longer ${action}`);
        const { client } = app.temporal;
        // A signal writes nothing here, so its audit row goes first, on its own (auditRunControl
        // says why): a signal Temporal took is never missing from the log.
        await auditRunControl(app.db, actorOf(principalOf(request)), run, action);
        try {
          await withTemporalDeadline(client, SIGNAL_DEADLINE_MS, () => control(client.workflow.getHandle(run.workflowId)));
        } catch (error) {
          // Closed before the database caught up (the final status is written as the workflow ends).
          if (error instanceof WorkflowNotFoundError) throw conflict('RUN_FINISHED', `The run has already ended: it can no longer ${action}`);
          request.log.error({ err: error, workflowId: run.workflowId }, `could not signal ${action}`);
          throw serviceUnavailable('WORKFLOW_UNAVAILABLE', 'The workflow service did not take the request. Try again shortly.');
        }
        // 202: the workflow acts on the signal at its own pace (a pause waits for running activities).
        return reply.code(202).send({ runId: run.id, requested: action });
      },
    );
  }
};

/** The workflow's own view (what is running or waiting), or null when it cannot say. */
async function workflowState(client: Client, workflowId: string): Promise<CampaignState | null> {
  try {
    return await withTemporalDeadline(client, STATE_QUERY_DEADLINE_MS, () => client.workflow.getHandle(workflowId).query(stateQuery));
  } catch {
    // Closed, no worker polling, or the service is down: the counts from Postgres still stand.
    return null;
  }
}
