import type { AudienceNodeConfig } from '../../flow/nodes/audience-config';
import type { SegmentRule } from '../../flow/segment-rule';
import { compileAudienceRules } from '../audience-sql';
import type { Db } from '../pool';
import { compileSegmentRule } from './compile-segment';
import { loadAttributeTypes } from './typed-attributes';

/** What an audience is drawn from, once resolved: the API preview and the snapshot share it. */
export type AudienceSelection = AudienceNodeConfig;

export class AudienceSourceError extends Error {
  override name = 'AudienceSourceError';
  constructor(
    readonly code: 'SEGMENT_NOT_FOUND' | 'LIST_NOT_FOUND',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Compile any audience source to one WHERE clause over `contacts c` (values appended to
 * `params`). Preview and snapshot call this same function, so their counts agree by construction.
 * The flat `{ match, rules }` keeps its original compiler, byte for byte.
 */
export async function compileAudienceSelection(db: Db, selection: AudienceSelection, params: unknown[]): Promise<string> {
  if (!('source' in selection)) return compileAudienceRules(selection, params);
  switch (selection.source) {
    case 'rules':
      return compileSegmentRule(selection.rule, params, await loadAttributeTypes(db));
    case 'segment': {
      const { rows } = await db.query<{ rule: SegmentRule }>('SELECT rule FROM segments WHERE id = $1', [selection.segmentId]);
      const segment = rows[0];
      if (!segment) throw new AudienceSourceError('SEGMENT_NOT_FOUND', `Segment ${selection.segmentId} does not exist`);
      return compileSegmentRule(segment.rule, params, await loadAttributeTypes(db));
    }
    case 'list': {
      const { rowCount } = await db.query('SELECT 1 FROM contact_lists WHERE id = $1', [selection.listId]);
      if (!rowCount) throw new AudienceSourceError('LIST_NOT_FOUND', `Contact list ${selection.listId} does not exist`);
      params.push(selection.listId);
      return `EXISTS (SELECT 1 FROM contact_list_members m WHERE m.list_id = $${params.length}::uuid AND m.contact_id = c.id)`;
    }
  }
}
