import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { AudienceNodeConfigSchema } from '../../flow/nodes/audience-config';
import { audienceSourceKind, previewSourceFor, switchAudienceSource } from '../../designer/src/segments/audience-source';

const SEGMENT_ID = '6f1c2f3e-8d9a-4b1c-9e2f-0a1b2c3d4e5f';

describe('audience node sources in the inspector', () => {
  it('recognises each stored source; anything else is the flat rules', () => {
    expect(audienceSourceKind({ match: 'all', rules: [] })).toBe('flat');
    expect(audienceSourceKind({ source: 'segment', segmentId: SEGMENT_ID })).toBe('segment');
    expect(audienceSourceKind({ source: 'list', listId: SEGMENT_ID })).toBe('list');
    expect(audienceSourceKind({ source: 'rules', rule: { op: 'and', rules: [] } })).toBe('rules');
    expect(audienceSourceKind({ source: 'nonsense' })).toBe('flat');
  });

  it('turns the flat rules into the first group of a rule tree when switching to it', () => {
    const flat = { match: 'any', rules: [{ field: 'language', operator: 'eq', value: 'ro' }] };
    const tree = switchAudienceSource(flat, 'rules');
    expect(tree).toEqual({ source: 'rules', rule: { op: 'or', rules: [{ field: 'language', operator: 'eq', value: 'ro' }] } });
    expect(Value.Check(AudienceNodeConfigSchema, tree)).toBe(true);
    expect(switchAudienceSource(tree as Record<string, unknown>, 'flat')).toEqual({ match: 'all', rules: [] });
  });

  it('asks for the confirmation count only once the source can be counted', () => {
    expect(previewSourceFor({ source: 'segment', segmentId: '' })).toBeNull();
    expect(previewSourceFor({ source: 'segment', segmentId: SEGMENT_ID })).toEqual({ segmentId: SEGMENT_ID });
    expect(previewSourceFor({ source: 'list', listId: SEGMENT_ID })).toEqual({ listId: SEGMENT_ID });
    expect(previewSourceFor({ source: 'rules', rule: { op: 'and', rules: [{ field: 'attributes.age', operator: 'lt' }] } })).toBeNull();
    expect(previewSourceFor({ source: 'rules', rule: { kind: 'customer', value: true } })).toEqual({ rule: { kind: 'customer', value: true } });
    expect(previewSourceFor({ match: 'all', rules: [{ field: 'email', operator: 'eq' }] })).toBeNull();
    expect(previewSourceFor({ match: 'most', rules: [] })).toBeNull();
  });

  it('sends the flat rules as they are, for the API to count with the flat compiler the run uses', () => {
    const flat = { match: 'any', rules: [{ field: 'attributes.interests', operator: 'eq', value: 'wifi' }] };
    expect(previewSourceFor(flat)).toEqual(flat);
    expect(previewSourceFor({ match: 'all', rules: [] })).toEqual({ match: 'all', rules: [] });
  });
});
