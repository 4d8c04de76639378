import type { RouteOptions } from 'fastify';
import { PERMISSIONS, roleAllows, type Permission, type RouteAccess } from '../contracts/permissions';
import { DOCS_PREFIX } from './plugins/openapi';

export { PERMISSIONS, ROLE_PERMISSIONS, roleAllows, type Permission, type RouteAccess } from '../contracts/permissions';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What the route needs: a permission of contracts/permissions.ts, `signed-in` (anyone signed
     * in) or `public`. Every route declares it; the app refuses to start otherwise.
     */
    access?: RouteAccess;
  }
}

/** Route options' `config` for a route needing `access`: `{ config: needs('flows:write'), schema: … }`. */
export function needs(access: RouteAccess): { access: RouteAccess } {
  return { access };
}

/**
 * Routes added by libraries, which cannot carry our config: the OpenAPI document and Swagger UI
 * (public: the API's shape is no secret, every operation in it still checks its caller) and the
 * designer's static files (public: the app shell holds no data; it signs in through the API).
 */
function libraryRouteAccess(url: string): RouteAccess | undefined {
  if (url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`)) return 'public';
  if (url === '/' || url === '/*') return 'public';
  return undefined;
}

/** The route's declared access; throws (failing start-up) for a route that declares none or an unknown one. */
export function declaredAccess(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): RouteAccess {
  const access = (route.config as { access?: RouteAccess } | undefined)?.access ?? libraryRouteAccess(route.url);
  const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
  if (access === undefined) {
    throw new Error(`Route ${method} ${route.url} declares no access: add config: needs('<permission>') (see contracts/permissions.ts)`);
  }
  if (access !== 'public' && access !== 'signed-in' && !(PERMISSIONS as readonly string[]).includes(access)) {
    throw new Error(`Route ${method} ${route.url} needs unknown permission ${access}`);
  }
  return access;
}

export type AccessDecision = 'allow' | 'not-signed-in' | 'forbidden';

/** May a caller of `role` (undefined: nobody signed in) use a route needing `access`? */
export function decideAccess(access: RouteAccess, role: Parameters<typeof roleAllows>[0] | undefined): AccessDecision {
  if (access === 'public') return 'allow';
  if (role === undefined) return 'not-signed-in';
  if (access === 'signed-in') return 'allow';
  return roleAllows(role, access as Permission) ? 'allow' : 'forbidden';
}
