import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { getAbcThresholds, recomputeAbcClasses, setAbcThresholds } from '../../db/abc';
import { problemResponses, unprocessable } from '../problem';
import { AbcSummarySchema, AbcThresholdsSchema } from '../../contracts/segment';
import { needs } from '../permissions';

/** ABC classification of customers by revenue share: thresholds and on-demand recomputation. */
export const abcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/thresholds', { config: needs('crm:read'), schema: { tags: ['abc'], response: { 200: AbcThresholdsSchema } } }, async () => getAbcThresholds(app.db));

  app.put(
    '/thresholds',
    { config: needs('crm:write'), schema: { tags: ['abc'], summary: 'Change the A/B/C revenue shares (percent, summing to 100)', body: AbcThresholdsSchema, response: { 200: AbcThresholdsSchema, ...problemResponses(422) } } },
    async (request) => {
      const { a, b, c } = request.body;
      if (Math.abs(a + b + c - 100) > 1e-9) {
        throw unprocessable('ABC_THRESHOLDS_SUM', `The shares sum to ${a + b + c}, not 100`, [{ field: 'c', message: 'a + b + c must be 100' }]);
      }
      await setAbcThresholds(app.db, { a, b, c });
      return { a, b, c };
    },
  );

  app.post('/recompute', { config: needs('crm:write'), schema: { tags: ['abc'], summary: "Recompute every customer's ABC class", response: { 200: AbcSummarySchema } } }, async () => recomputeAbcClasses(app.db));
};
