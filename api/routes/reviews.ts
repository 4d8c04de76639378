import type { FastifyPluginAsyncTypebox } from '../type-provider';
import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { approveReview, editReviewMessage, excludeReviewMessages, getReviewTask, listOpenReviewTasks, reviewMessage, reviewMessagesPage, type ReviewViewer } from '../../db/reviews';
import { tasksChangedSignal } from '../../workflows/definitions';
import { withTemporalDeadline } from '../plugins/temporal';
import { notFound, problemResponses } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import {
  ExclusionInputSchema,
  ExclusionResultSchema,
  MessageEditParamsSchema,
  MessageEditSchema,
  ReviewMessageSchema,
  ReviewMessagesPageSchema,
  ReviewMessagesQuerySchema,
  ReviewTaskSchema,
} from '../../contracts/review';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';
import { unwrap } from '../refusal-problem';

const SIGNAL_DEADLINE_MS = 5_000;

function viewerOf(request: FastifyRequest): ReviewViewer {
  const principal = principalOf(request);
  return {
    userId: principal.kind === 'user' ? principal.id : null,
    teamId: principal.teamId,
    role: principal.role,
    scope: principal.scope,
    actor: actorOf(principal),
  };
}

/**
 * Reviews: the review node's tasks, each worked by the reviewers its node names (a role, a team
 * or named people; admins always) — for anyone else a review does not exist (404). A reviewer
 * pages through the messages (or searches them), edits one (the edit is what is sent, the
 * original is kept), excludes some with a reason and approves the rest; approving wakes the run
 * (`tasksChanged`), which moves the members on. Every change is audited in its transaction, and
 * the decision is stored first: if the wake-up is lost, the run still settles at its next wake
 * or deadline.
 */
export const reviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function visibleTask(request: FastifyRequest, id: string) {
    const task = await getReviewTask(app.db, viewerOf(request), id);
    if (!task) throw notFound('Review', id);
    return task;
  }

  app.get(
    '',
    { config: needs('reviews:work'), schema: { tags: ['reviews'], summary: 'My open reviews (those I may work), the soonest due first', response: { 200: Type.Array(ReviewTaskSchema) } } },
    async (request) => listOpenReviewTasks(app.db, viewerOf(request)),
  );

  app.get(
    '/:id',
    {
      config: needs('reviews:work'),
      schema: { tags: ['reviews'], summary: 'A review with its counts (waiting, excluded, edited)', params: IdParamsSchema, response: { 200: ReviewTaskSchema, ...problemResponses(400, 404) } },
    },
    async (request) => visibleTask(request, request.params.id),
  );

  app.get(
    '/:id/messages',
    {
      config: needs('reviews:work'),
      schema: {
        tags: ['reviews'],
        summary: 'A page of the messages under review (those still waiting at the review), each as it will be sent; q searches name, e-mail and text',
        params: IdParamsSchema,
        querystring: ReviewMessagesQuerySchema,
        response: { 200: ReviewMessagesPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const task = await visibleTask(request, request.params.id);
      const limit = request.query.limit ?? 100;
      const messages = await reviewMessagesPage(app.db, viewerOf(request).scope, task.cohortId, { after: request.query.after ?? null, limit, q: request.query.q });
      return { task, messages, next: messages.length === limit ? messages[messages.length - 1]!.contactId : null };
    },
  );

  app.patch(
    '/:id/messages/:messageId',
    {
      config: needs('reviews:work'),
      schema: {
        tags: ['reviews'],
        summary: 'Edit one message of the review: the new subject and text are what the contact receives; the rendered original is kept',
        params: MessageEditParamsSchema,
        body: MessageEditSchema,
        response: { 200: ReviewMessageSchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request) => {
      const messageId = unwrap(await editReviewMessage(app.db, viewerOf(request), request.params.id, request.params.messageId, request.body));
      return (await reviewMessage(app.db, messageId))!;
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
        response: { 200: ExclusionResultSchema, ...problemResponses(400, 404, 409, 422) },
      },
    },
    async (request) => ({ excluded: unwrap(await excludeReviewMessages(app.db, viewerOf(request), request.params.id, request.body.messageIds, request.body.reason)) }),
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
      const viewer = viewerOf(request);
      const { workflowId } = unwrap(await approveReview(app.db, viewer, request.params.id));
      const { client } = app.temporal;
      await withTemporalDeadline(client, SIGNAL_DEADLINE_MS, () => client.workflow.getHandle(workflowId).signal(tasksChangedSignal)).catch((error: unknown) => {
        // Stored already: the run settles at its next wake-up or its deadline.
        request.log.warn({ err: error, workflowId }, 'could not wake the run after a review');
      });
      return (await getReviewTask(app.db, viewer, request.params.id))!;
    },
  );
};
