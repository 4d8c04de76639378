import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { findApiToken } from '../../db/api-tokens';
import { findSession, touchSession } from '../../db/sessions';
import { declaredAccess, decideAccess, type RouteAccess } from '../permissions';
import type { Problem } from '../../contracts/problem';
import { sessionPrincipal, tokenPrincipal, type Principal } from '../principal';
import { problem, ProblemError } from '../problem';
import { sendProblem } from './errors';
import { SESSION_COOKIE } from '../session-cookie';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public write that a browser may send only from our own pages (sign-in, password reset). */
    sameOriginOnly?: boolean;
    /**
     * A link from a mail, opened by anyone who holds the mail: the caller is never identified (no
     * session or token looked up or touched, no cookie set), whatever the browser sends along.
     */
    sessionless?: boolean;
  }
  interface FastifyRequest {
    /** Who is calling, or null for nobody (only public routes run then). */
    principal: Principal | null;
  }
}

/** Requests per address per minute on a public route (sign-in and password reset have their own, lower, limit). */
export const PUBLIC_RATE_LIMIT = 300;

export interface AuthPluginOptions {
  /** The URL people reach the product at: its origin is accepted for writes, and https makes the cookie Secure. */
  publicUrl?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication and authorisation for every route. A request is signed in by its session
 * cookie or an `Authorization: Bearer` API token; the route's declared access (api/permissions.ts)
 * is checked before the body is even read. Cookie-authenticated writes must come from our own
 * origin (CSRF). Public routes are rate-limited per address.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, options) => {
    await app.register(fastifyCookie);
    app.decorateRequest('principal', null);

    // Before @fastify/rate-limit reads the route's config: every route must declare its access,
    // and public ones get a per-address limit unless they set their own.
    app.addHook('onRoute', (route) => {
      const access = declaredAccess(route);
      route.config = { ...route.config, access };
      if (access === 'public' && route.config.rateLimit === undefined) {
        route.config.rateLimit = { max: PUBLIC_RATE_LIMIT, timeWindow: '1 minute' };
      }
    });
    await app.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => {
        // Thrown by the plugin: a ProblemError goes through the errors plugin as is.
        return new ProblemError(problem(429, 'TOO_MANY_REQUESTS', `Too many requests from this address; try again in ${context.after}`));
      },
    });

    const allowedOrigins = new Set<string>(options.publicUrl ? [new URL(options.publicUrl).origin] : []);

    app.addHook('onRequest', async (request, reply) => {
      const access = request.routeOptions.config.access;
      if (access === undefined) return; // no route matched: the not-found handler answers
      // A link from a mail (api/public-links.ts): public by declaration, nobody is looked up.
      if (request.routeOptions.config.sessionless) return;
      request.principal = await authenticate(request);
      const refusal = accessProblem(access, request.principal);
      if (refusal) return sendProblem(reply, refusal);
      if (SAFE_METHODS.has(request.method)) return;
      if (request.principal?.via === 'cookie' && !fromOwnOrigin(request, allowedOrigins)) {
        return sendProblem(reply, problem(403, 'CROSS_SITE_REQUEST', 'A signed-in write must come from Campaign Studio itself (its Origin header did not match)'));
      }
      // Login CSRF: another site's page must not sign a browser into an account of its choosing.
      // A caller that states no origin (a script, curl) is no browser being tricked.
      if (request.routeOptions.config.sameOriginOnly && statedOrigin(request) !== undefined && !fromOwnOrigin(request, allowedOrigins)) {
        return sendProblem(reply, problem(403, 'CROSS_SITE_REQUEST', 'This form only works on Campaign Studio itself (its Origin header did not match)'));
      }
    });

    async function authenticate(request: FastifyRequest): Promise<Principal | null> {
      const authorization = request.headers.authorization;
      if (authorization !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        if (!match?.[1]) throw new ProblemError(problem(401, 'NOT_SIGNED_IN', 'The Authorization header must be "Bearer <API token>"'));
        const token = await findApiToken(app.db, match[1]);
        // A wrong token is an error, not "nobody": an integration must learn its token stopped working.
        if (!token) throw new ProblemError(problem(401, 'INVALID_TOKEN', 'This API token does not exist or has been revoked'));
        return tokenPrincipal(token);
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return null;
      const session = await findSession(app.db, cookie);
      if (!session) return null;
      if (session.stale) await touchSession(app.db, session.tokenHash);
      return sessionPrincipal(session);
    }
  },
  { name: 'auth', fastify: '5.x', dependencies: ['db', 'errors'] },
);

/** Origin (or, lacking it, Referer) names this server or PUBLIC_URL. Browsers send Origin on every same-origin write. */
function fromOwnOrigin(request: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  const stated = statedOrigin(request);
  if (!stated) return false;
  return stated === originOf(`${request.protocol}://${request.host}`) || allowed.has(stated);
}

function statedOrigin(request: FastifyRequest): string | undefined {
  return originOf(request.headers.origin ?? request.headers.referer);
}

/**
 * A URL's origin as the URL standard writes it (lower-case, default port dropped), so
 * `http://host:80` and `http://host` compare equal; undefined for none, `null` or garbage.
 */
function originOf(url: string | undefined): string | undefined {
  if (!url || url === 'null') return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function accessProblem(access: RouteAccess, principal: Principal | null): Problem | undefined {
  const decision = decideAccess(access, principal?.role);
  if (decision === 'not-signed-in') return problem(401, 'NOT_SIGNED_IN', 'Sign in (session cookie) or send an API token (Authorization: Bearer) to use this route');
  if (decision === 'forbidden') return problem(403, 'FORBIDDEN', `This needs the permission ${access}, which the role ${principal!.role} does not have`);
  return undefined;
}

/** For a public route that answers some callers more than others: throws 401/403 unless the caller has `access`. */
export function requireAccess(request: FastifyRequest, access: RouteAccess): void {
  const refusal = accessProblem(access, request.principal);
  if (refusal) throw new ProblemError(refusal);
}

/** The signed-in principal of a request on a non-public route (the hook has checked there is one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ProblemError(problem(401, 'NOT_SIGNED_IN', 'Sign in to use this route'));
  return request.principal;
}
