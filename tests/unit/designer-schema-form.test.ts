import { describe, expect, it } from 'vitest';
import { formSchemaFor } from '../../designer/src/editor/form-schema';
import type { JsonSchema } from '../../designer/src/editor/field-editor';
import { audienceNode } from '../../flow/nodes/audience';

describe('the inspector form of a union config', () => {
  const schema = audienceNode.configSchema as unknown as JsonSchema;

  it('edits the flat rules by default and a segment source by its own fields', () => {
    expect(Object.keys(formSchemaFor(schema, { match: 'all', rules: [] }).properties ?? {})).toEqual(['match', 'rules']);
    expect(Object.keys(formSchemaFor(schema, { source: 'segment', segmentId: 'x' }).properties ?? {})).toEqual(['source', 'segmentId']);
    expect(Object.keys(formSchemaFor(schema, {}).properties ?? {})).toEqual(['match', 'rules']);
  });
});
