import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { prefersHtml } from '../accept';
import { trackAllowedMethods } from './allowed-methods';
import { DOCS_PREFIX } from './openapi';
import type { Problem } from '../../contracts/problem';
import { PROBLEM_CONTENT_TYPE, problem, ProblemError } from '../problem';
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
 * errors naming their fields, a wrong method on a known path 405 with its `Allow` header, and
 * 5xx details kept in the log instead of the response.
 */
export const errorsPlugin = fp<ErrorsPluginOptions>(
  (app, options, done) => {
    const allowedMethods = trackAllowedMethods(app);
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const body = toProblem(error, request);
      if (body.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendProblem(reply, body);
    });

    app.setNotFoundHandler((request, reply) => {
      if (options.spaFallback && isSpaNavigation(request)) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      const path = request.url.split('?')[0] ?? '';
      const allowed = allowedMethods(path);
      if (allowed.length > 0) {
        const choices = allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
        reply.header('allow', allowed.join(', '));
        return sendProblem(reply, problem(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; use ${choices}`));
      }
      return sendProblem(reply, problem(404, 'NOT_FOUND', `No route ${request.method} ${path}`));
    });
    done();
  },
  { name: 'errors', fastify: '5.x' },
);

/** Send a problem as problem+json with its status. */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

function toProblem(error: FastifyError, request: FastifyRequest): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error.validation) return validationProblem(error.validation, error.validationContext);
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const sent = request.headers['content-type'] ?? 'none';
    return problem(415, 'UNSUPPORTED_MEDIA_TYPE', `A request body is JSON (application/json), or multipart/form-data for a file upload; this one is ${sent}`);
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const mebibytes = Number((request.routeOptions.bodyLimit / (1024 * 1024)).toFixed(2));
    return problem(413, 'BODY_TOO_LARGE', `The request body is larger than the ${mebibytes} MiB ${request.method} ${request.routeOptions.url ?? request.url} accepts`);
  }
  const status = error.statusCode ?? 500;
  // Fastify's own 4xx (malformed JSON, body too large, wrong content type) explain themselves safely.
  if (status >= 400 && status < 500) return problem(status, error.code ?? 'BAD_REQUEST', error.message);
  return problem(status >= 500 && status < 600 ? status : 500, 'INTERNAL', 'Something went wrong on our side. It has been logged.');
}

function isSpaNavigation(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !API_PATH.test(request.url) && prefersHtml(request.headers.accept);
}
