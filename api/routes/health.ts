import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { HealthSchema } from '../../contracts/health';
import { withTemporalDeadline } from '../plugins/temporal';
import { needs } from '../permissions';

const CHECK_TIMEOUT_MS = 2_000;

/** `GET /health`: 200 when Postgres and Temporal both answer, 503 otherwise (for load balancers). */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { config: needs('public'), schema: { tags: ['health'], summary: 'Is the API up, and can it reach Postgres and Temporal?', response: { 200: HealthSchema, 503: HealthSchema } } },
    async (request, reply) => {
      const [database, temporal] = await Promise.all([
        probe(() => withTimeout(app.db.query('SELECT 1'), CHECK_TIMEOUT_MS)),
        // getSystemInfo is the cheapest call that proves the frontend is up and answering.
        probe(() => withTemporalDeadline(app.temporal.client, CHECK_TIMEOUT_MS, () => app.temporal.client.workflowService.getSystemInfo({}))),
      ]);
      const healthy = database === 'ok' && temporal === 'ok';
      if (!healthy) request.log.warn({ database, temporal }, 'health check failed');
      return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', database, temporal });
    },
  );
};

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'down'> {
  try {
    await check();
    return 'ok';
  } catch {
    return 'down';
  }
}

/** pg has no query timeout of its own for a server that stopped answering. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
