import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { Type } from '@sinclair/typebox';
import { closeReviewTask, excludeMessages, getReviewTask, listOpenReviewTasks, reviewMessagesPage, type ReviewTask } from '../../db/reviews';
import { getRun } from '../../db/runs';
import { tasksChangedSignal } from '../../workflows/definitions';
import { withTemporalDeadline } from '../plugins/temporal';
import { conflict, notFound, problemResponses } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { ExclusionInputSchema, ExclusionResultSchema, ReviewMessagesPageSchema, ReviewMessagesQuerySchema, ReviewTaskSchema } from '../../contracts/review';
import { needs } from '../permissions';

const SIGNAL_DEADLINE_MS = 5_000;

/**
 * Reviews: the review node's tasks. A reviewer pages through the messages, excludes some with a
 * reason and approves the rest; approving wakes the run (`tasksChanged`), which moves the members
 * on. The decision is stored first: if the wake-up is lost, the run still settles at its next
 * wake or deadline.
 */
export const reviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function openTask(id: string): Promise<ReviewTask> {
    const task = await getReviewTask(app.db, id);
    if (!task) throw notFound('Review', id);
    if (task.status !== 'open') throw conflict('REVIEW_CLOSED', `The review is ${task.outcome ?? task.status}: it can no longer change`);
    return task;
  }

  app.get(
    '',
    { config: needs('reviews:work'), schema: { tags: ['reviews'], summary: 'Open reviews, oldest first', response: { 200: Type.Array(ReviewTaskSchema) } } },
    async () => listOpenReviewTasks(app.db),
  );

  app.get(
    '/:id/messages',
    {
      config: needs('reviews:work'),
      schema: {
        tags: ['reviews'],
        summary: 'A page of the messages under review (those still waiting at the review)',
        params: IdParamsSchema,
        querystring: ReviewMessagesQuerySchema,
        response: { 200: ReviewMessagesPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const task = await getReviewTask(app.db, request.params.id);
      if (!task) throw notFound('Review', request.params.id);
      const limit = request.query.limit ?? 100;
      const messages = await reviewMessagesPage(app.db, task.cohortId, request.query.after ?? null, limit);
      return { task, messages, next: messages.length === limit ? messages[messages.length - 1]!.contactId : null };
    },
  );

  app.post(
    '/:id/exclusions',
    {
      config: needs('reviews:work'),
      schema: {
        tags: ['reviews'],
        summary: 'Exclude messages of the review, with the reason: their contacts get nothing',
        params: IdParamsSchema,
        body: ExclusionInputSchema,
        response: { 200: ExclusionResultSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const task = await openTask(request.params.id);
      return { excluded: await excludeMessages(app.db, task.cohortId, request.body.messageIds, request.body.reason) };
    },
  );

  app.post(
    '/:id/approve',
    {
      config: needs('reviews:work'),
      schema: {
        tags: ['reviews'],
        summary: 'Approve the review: every message not excluded goes on to be sent',
        params: IdParamsSchema,
        response: { 200: ReviewTaskSchema, ...problemResponses(400, 404, 409) },
      },
    },
    async (request) => {
      const task = await openTask(request.params.id);
      if (!(await closeReviewTask(app.db, task.id, 'approved'))) throw conflict('REVIEW_CLOSED', 'The review was closed meanwhile');
      const run = await getRun(app.db, task.runId);
      if (run) {
        const { client } = app.temporal;
        await withTemporalDeadline(client, SIGNAL_DEADLINE_MS, () => client.workflow.getHandle(run.workflowId).signal(tasksChangedSignal)).catch((error: unknown) => {
          // Stored already: the run settles at its next wake-up or its deadline.
          request.log.warn({ err: error, workflowId: run.workflowId }, 'could not wake the run after a review');
        });
      }
      return (await getReviewTask(app.db, task.id))!;
    },
  );
};
