import { STATUS_CODES } from 'node:http';
import { ProblemSchema, type Problem, type ProblemItem } from '../contracts/problem';

/** The media type of every error the API returns (the shape is contracts/problem.ts). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

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
