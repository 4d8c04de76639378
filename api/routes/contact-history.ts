import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { contactHistory, type HistoryKey, type HistoryOrder } from '../../db/contact-history';
import { getContact } from '../../db/contacts';
import { notFound, problem, ProblemError, problemResponses } from '../problem';
import { IdParamsSchema } from '../../contracts/common';
import { HistoryPageSchema, HistoryQuerySchema } from '../../contracts/contact-history';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';

/**
 * One contact's whole history in one call: campaigns joined, messages received (with their
 * content), engagement, tasks and outcomes, opportunities, timeline events, consent and the lead
 * the contact came from — merged and paged by Postgres, newest first unless `order=asc`.
 */
export const contactHistoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:id/history',
    {
      config: needs('contacts:read'),
      schema: {
        tags: ['contacts'],
        summary: "A contact's history from every source, in time order, paged with `before`",
        params: IdParamsSchema,
        querystring: HistoryQuerySchema,
        response: { 200: HistoryPageSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const { limit, order, before } = request.query;
      const cursor = before === undefined ? undefined : decodeCursor(before, order);
      const { scope } = principalOf(request);
      // Outside the caller's scope is 404, as if the contact did not exist.
      if (!(await getContact(app.db, request.params.id, scope))) throw notFound('Contact', request.params.id);
      const page = await contactHistory(app.db, request.params.id, { limit, order, before: cursor }, scope);
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );
};

/** Opaque to clients: base64url of the last line's key. The order is inside, so a cursor is never read backwards. */
function encodeCursor(key: HistoryKey): string {
  return Buffer.from(JSON.stringify([key.order, key.at, key.key])).toString('base64url');
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function decodeCursor(cursor: string, order: HistoryOrder): HistoryKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 3) {
    const [cursorOrder, at, key] = parsed as unknown[];
    if (cursorOrder === order && typeof at === 'string' && TIMESTAMP.test(at) && typeof key === 'string' && key.length <= 200) return { order, at, key };
    if (cursorOrder === 'asc' || cursorOrder === 'desc') {
      throw badCursor(`was made for order=${String(cursorOrder)}; ask with the same order`);
    }
  }
  throw badCursor('is not a cursor returned by this API');
}

function badCursor(message: string): ProblemError {
  return new ProblemError(problem(400, 'VALIDATION_FAILED', `The query string is not valid (before: ${message})`, [{ field: 'before', message }]));
}
