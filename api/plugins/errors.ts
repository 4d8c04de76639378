import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { prefersHtml } from '../accept';
import { DOCS_PREFIX } from './openapi';
import { PROBLEM_CONTENT_TYPE, problem, ProblemError, type Problem } from '../problem';
import { validationProblem } from '../validation-problem';

export interface ErrorsPluginOptions {
  /**
   * Serve the designer's index.html for unknown browser navigations (client-side routes such as
   * `/flows/123`). Requires @fastify/static to be registered with the designer's build.
   */
  spaFallback: boolean;
}

/** Paths that belong to the API and its docs: never answered with the designer's HTML. */
const API_PATH = new RegExp(`^(/api|${DOCS_PREFIX})(/|$)`);

/**
 * One place where errors become responses: RFC 9457 problem+json for everything, validation
 * errors naming their fields, and 5xx details kept in the log instead of the response.
 */
export const errorsPlugin = fp<ErrorsPluginOptions>(
  (app, options, done) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const body = toProblem(error);
      if (body.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendProblem(reply, body);
    });

    app.setNotFoundHandler((request, reply) => {
      if (options.spaFallback && isSpaNavigation(request)) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return sendProblem(reply, problem(404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
    });
    done();
  },
  { name: 'errors', fastify: '5.x' },
);

/** Send a problem as problem+json with its status. */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

function toProblem(error: FastifyError): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error.validation) return validationProblem(error.validation, error.validationContext);
  const status = error.statusCode ?? 500;
  // Fastify's own 4xx (malformed JSON, body too large, wrong content type) explain themselves safely.
  if (status >= 400 && status < 500) return problem(status, error.code ?? 'BAD_REQUEST', error.message);
  return problem(status >= 500 && status < 600 ? status : 500, 'INTERNAL', 'Something went wrong on our side. It has been logged.');
}

function isSpaNavigation(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !API_PATH.test(request.url) && prefersHtml(request.headers.accept);
}
