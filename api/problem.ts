import { STATUS_CODES } from 'node:http';
import { Type, type Static } from '@fastify/type-provider-typebox';

/**
 * RFC 9457 problem details: every error the API returns has this shape, served as
 * `application/problem+json`. `code` is the stable machine-readable reason (clients branch on it,
 * not on `title`); `errors` pins each problem to a request field or a flow node.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ProblemItemSchema = Type.Object({
  field: Type.Optional(Type.String({ description: 'Request field, e.g. `email` or `contacts[3].email`' })),
  nodeId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Flow node the problem is pinned to' })),
  edgeId: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer({ description: 'Line in a template where parsing failed' })),
  message: Type.String(),
});
export type ProblemItem = Static<typeof ProblemItemSchema>;

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI reference naming the kind of problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Optional(Type.Array(ProblemItemSchema)),
  },
  { description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof ProblemSchema>;

/** Thrown by routes; the error handler turns it into the response as is. */
export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

/** A problem of kind `code` (SCREAMING_SNAKE, also used to build the `type` URI). */
export function problem(status: number, code: string, detail?: string, errors?: ProblemItem[]): Problem {
  return {
    type: `/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

export function notFound(what: string, id: string): ProblemError {
  return new ProblemError(problem(404, 'NOT_FOUND', `${what} ${id} does not exist`));
}

export function conflict(code: string, detail: string, errors?: ProblemItem[]): ProblemError {
  return new ProblemError(problem(409, code, detail, errors));
}

export function unprocessable(code: string, detail: string, errors: ProblemItem[]): ProblemError {
  return new ProblemError(problem(422, code, detail, errors));
}

export function serviceUnavailable(code: string, detail: string): ProblemError {
  return new ProblemError(problem(503, code, detail));
}

/** Response schemas for the error statuses a route may answer with, for OpenAPI and serialisation. */
export function problemResponses<S extends number>(...statuses: S[]): Record<S, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema])) as Record<S, typeof ProblemSchema>;
}
