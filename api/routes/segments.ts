import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '../type-provider';
import { AudienceSourceError, type AudienceSelection } from '../../db/segments/audience-where';
import { auditExport } from '../../db/contact-export';
import { describeScope, type Scope } from '../../db/scope';
import {
  countSelection,
  createSegment,
  deleteSegment,
  EXPORT_COLUMNS,
  getSegment,
  listSegments,
  previewAudience,
  selectionContacts,
  updateSegment,
  type SegmentInput,
} from '../../db/segments/segments';
import { validateAudienceConfig } from '../../flow/audience-validate';
import type { AudienceConfig } from '../../flow/nodes/audience-config';
import type { SegmentRule } from '../../flow/segment-rule';
import { validateSegmentRule } from '../../flow/segment-validate';
import { csvOutput } from '../csv-output';
import { notFound, problemResponses, unprocessable } from '../problem';
import { unwrap } from '../refusal-problem';
import { IdParamsSchema } from '../../contracts/common';
import { PreviewRequestSchema, PreviewSchema, SegmentInputSchema, SegmentSchema, type SegmentInputBody } from '../../contracts/segment';
import { needs } from '../permissions';
import { principalOf } from '../plugins/auth';
import { actorOf } from '../principal';

/** A rule tree from the request, or a 422 naming the path of every problem. */
function checkedRule(rule: unknown, prefix = 'rule'): SegmentRule {
  const problems = validateSegmentRule(rule);
  if (problems.length > 0) {
    throw unprocessable(
      'SEGMENT_INVALID',
      `The segment rule has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      problems.map((problem) => ({ field: problem.path === '' ? prefix : `${prefix}.${problem.path}`, message: problem.message })),
    );
  }
  return rule as SegmentRule;
}

/**
 * The audience node's flat `{ match, rules }`, or a 422 naming the path of every problem. It is
 * previewed through the flat compiler the audience activity runs it with (db/audience-sql.ts),
 * not as a rule tree: the two read a list attribute's `eq` differently.
 */
function checkedFlatConfig(config: { match: unknown; rules: unknown }): AudienceConfig {
  const problems = validateAudienceConfig(config);
  if (problems.length > 0) {
    throw unprocessable(
      'AUDIENCE_INVALID',
      `The audience rules have ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      problems.map((problem) => ({ field: problem.path, message: problem.message })),
    );
  }
  return config as AudienceConfig;
}

function checkedInput(body: SegmentInputBody): SegmentInput {
  return { name: body.name, ...(body.description === undefined ? {} : { description: body.description }), rule: checkedRule(body.rule) };
}

/**
 * Saved segments, the audience preview (confirmation count) and the CSV export. A segment is a
 * rule, seen by all; the contacts it selects are limited to the caller's scope in the SQL, so a
 * store-bound designer's counts, samples and exports hold their store's contacts only.
 */
export const segmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const preview = async (selection: AudienceSelection, scope: Scope) => {
    try {
      return await previewAudience(app.db, selection, scope);
    } catch (error) {
      if (error instanceof AudienceSourceError) throw notFound(error.code === 'LIST_NOT_FOUND' ? 'Contact list' : 'Segment', 'selected');
      throw error;
    }
  };

  app.post(
    '/preview',
    {
      // A preview lists contacts (names, e-mails): more than reading a segment's definition.
      config: needs('segments:preview'),
      schema: {
        tags: ['segments'],
        summary: "Count and first 20 contacts of a rule tree, a saved segment, a contact list or an audience node's flat { match, rules }",
        body: PreviewRequestSchema,
        response: { 200: PreviewSchema, ...problemResponses(404, 422) },
      },
    },
    async (request) => {
      const { rule, segmentId, listId, match, rules } = request.body;
      const { scope } = principalOf(request);
      const flat = match !== undefined || rules !== undefined;
      const given = [rule !== undefined, segmentId !== undefined, listId !== undefined, flat].filter(Boolean).length;
      if (given !== 1) throw unprocessable('PREVIEW_SOURCE', 'Give exactly one of rule, segmentId, listId, { match, rules }', [{ field: 'rule', message: 'exactly one source is needed' }]);
      if (segmentId !== undefined) return preview({ source: 'segment', segmentId }, scope);
      if (listId !== undefined) return preview({ source: 'list', listId }, scope);
      if (flat) return preview(checkedFlatConfig({ match, rules }), scope);
      return preview({ source: 'rules', rule: checkedRule(rule) }, scope);
    },
  );

  app.get('', { config: needs('segments:read'), schema: { tags: ['segments'], summary: 'List saved segments', response: { 200: { type: 'array', items: SegmentSchema } } } }, async () => listSegments(app.db));

  app.post(
    '',
    { config: needs('segments:write'), schema: { tags: ['segments'], summary: 'Save a segment', body: SegmentInputSchema, response: { 201: SegmentSchema, ...problemResponses(422) } } },
    async (request, reply) => reply.code(201).send(await createSegment(app.db, checkedInput(request.body))),
  );

  app.get('/:id', { config: needs('segments:read'), schema: { tags: ['segments'], params: IdParamsSchema, response: { 200: SegmentSchema, ...problemResponses(404) } } }, async (request) => {
    const segment = await getSegment(app.db, request.params.id);
    if (!segment) throw notFound('Segment', request.params.id);
    return segment;
  });

  app.put(
    '/:id',
    { config: needs('segments:write'), schema: { tags: ['segments'], params: IdParamsSchema, body: SegmentInputSchema, response: { 200: SegmentSchema, ...problemResponses(404, 422) } } },
    async (request) => {
      const segment = await updateSegment(app.db, request.params.id, checkedInput(request.body));
      if (!segment) throw notFound('Segment', request.params.id);
      return segment;
    },
  );

  app.delete(
    '/:id',
    {
      config: needs('segments:write'),
      schema: {
        tags: ['segments'],
        summary: "Delete a segment; 409 naming the flows whose latest version's audience uses it",
        params: IdParamsSchema,
        response: { 204: Type.Null(), ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      unwrap(await deleteSegment(app.db, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get('/:id/preview', { config: needs('segments:preview'), schema: { tags: ['segments'], params: IdParamsSchema, response: { 200: PreviewSchema, ...problemResponses(404) } } }, async (request) => {
    if (!(await getSegment(app.db, request.params.id))) throw notFound('Segment', request.params.id);
    return preview({ source: 'segment', segmentId: request.params.id }, principalOf(request).scope);
  });

  app.get('/:id/export.csv', { config: needs('contacts:export'), schema: { tags: ['segments'], summary: "Stream the segment's contacts you may see as CSV (audited)", params: IdParamsSchema } }, async (request, reply) => {
    const segmentId = request.params.id;
    if (!(await getSegment(app.db, segmentId))) throw notFound('Segment', segmentId);
    const principal = principalOf(request);
    const selection = { source: 'segment', segmentId } as const;
    const rows = await countSelection(app.db, selection, principal.scope);
    await auditExport(app.db, actorOf(principal), { entity: 'segment', entityId: segmentId, filters: { segmentId, scope: describeScope(principal.scope) }, rows });
    const pages = selectionContacts(app.db, selection, principal.scope);
    async function* records() {
      for await (const rows of pages) yield* rows;
    }
    const csv = Readable.from(records()).pipe(csvOutput({ header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'windows' }));
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="segment.csv"').send(csv);
  });
};
