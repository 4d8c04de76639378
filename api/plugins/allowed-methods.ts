import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';

/**
 * Keep a second router of every route the app adds (find-my-way, Fastify's own, so a path
 * matches here as it does there) and answer which methods a concrete path has: what a 405 lists
 * in its `Allow` header. Wildcard routes (the designer's files, the docs' assets) are left out:
 * they would make every unknown path "known". Call before the routes are registered.
 */
export function trackAllowedMethods(app: FastifyInstance): (path: string) => string[] {
  const router = FindMyWay();
  const methods = new Set<HTTPMethod>();
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    for (const method of [route.method].flat() as HTTPMethod[]) {
      methods.add(method);
      if (!router.hasRoute(method, route.url)) router.on(method, route.url, () => undefined);
    }
  });
  return (path) => [...methods].filter((method) => router.find(method, path) !== null).sort();
}
