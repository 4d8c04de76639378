import { validateAudienceConfig } from '../../../flow/audience-validate';
import type { AudienceConfig, AudienceNodeConfig } from '../../../flow/nodes/audience-config';
import type { SegmentRule } from '../../../flow/segment-rule';
import { validateSegmentRule } from '../../../flow/segment-validate';
import type { PreviewSource } from '../api/segments-client';

/**
 * The audience node's sources as the inspector offers them, and what each one counts. Pure, so
 * the confirmation count's request is unit-tested.
 */
export type AudienceSourceKind = 'flat' | 'segment' | 'rules' | 'list';

export const AUDIENCE_SOURCES: readonly { kind: AudienceSourceKind; label: string }[] = [
  { kind: 'segment', label: 'Saved segment' },
  { kind: 'rules', label: 'Rule tree' },
  { kind: 'list', label: 'Contact list' },
  { kind: 'flat', label: 'Simple rules' },
];

/** Which source a stored config is; anything unrecognisable is edited as the flat rules it was before. */
export function audienceSourceKind(config: Record<string, unknown>): AudienceSourceKind {
  if (config.source === 'segment' || config.source === 'rules' || config.source === 'list') return config.source;
  return 'flat';
}

/** The flat `{ match, rules }` as the rule tree it means (an and / or group of its rules). */
export function flatToRule(config: AudienceConfig): SegmentRule {
  return { op: config.match === 'any' ? 'or' : 'and', rules: Array.isArray(config.rules) ? config.rules : [] };
}

/** A fresh config of another source, seeded from the current one where that means something. */
export function switchAudienceSource(config: Record<string, unknown>, kind: AudienceSourceKind): AudienceNodeConfig {
  const from = audienceSourceKind(config);
  switch (kind) {
    case 'flat':
      return { match: 'all', rules: [] };
    case 'segment':
      return { source: 'segment', segmentId: '' };
    case 'list':
      return { source: 'list', listId: '' };
    case 'rules':
      // The flat rules become the tree's first group, so switching loses nothing.
      return { source: 'rules', rule: from === 'flat' ? flatToRule(config as unknown as AudienceConfig) : { op: 'and', rules: [] } };
  }
}

/**
 * What to POST to /api/segments/preview for the confirmation count, or null while the config
 * cannot be counted (no segment or list chosen, an unfinished rule).
 *
 * The flat rules go as they are: the API counts them with the flat compiler the audience
 * activity runs them with, so the count confirmed here is the count the run snapshots (as a
 * rule tree, a list-typed attribute's `eq` would mean membership instead of equality).
 */
export function previewSourceFor(config: Record<string, unknown>): PreviewSource | null {
  switch (audienceSourceKind(config)) {
    case 'segment':
      return typeof config.segmentId === 'string' && config.segmentId !== '' ? { segmentId: config.segmentId } : null;
    case 'list':
      return typeof config.listId === 'string' && config.listId !== '' ? { listId: config.listId } : null;
    case 'rules':
      return validateSegmentRule(config.rule).length === 0 ? { rule: config.rule as SegmentRule } : null;
    case 'flat':
      return validateAudienceConfig(config).length === 0 ? (config as unknown as AudienceConfig) : null;
  }
}
