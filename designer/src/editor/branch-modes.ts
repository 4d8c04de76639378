import { DEFAULT_BRANCH_ENGAGEMENT, type BranchConfig, type BranchMode } from '../../../flow/nodes/branch';
import type { SegmentRule } from '../../../flow/segment-rule';
import { freeName } from './list-edits';

export const BRANCH_MODE_LABELS: Readonly<Record<BranchMode, string>> = {
  rule: 'By rules',
  topic: 'By topic subscription',
  engagement: 'By engagement with an earlier message',
  random: 'At random (A/B split)',
};

/** The field each mode reads; the others are left out of a saved config. */
const MODE_FIELD = { rule: 'branches', topic: 'topic', engagement: 'events', random: 'variants' } as const satisfies Record<BranchMode, keyof BranchConfig>;

/** An empty "all of" group: the rule builder fills it in. */
export const EMPTY_RULE: SegmentRule = { op: 'and', rules: [] };

/** What a mode starts with when the node never had it. */
function startingValue(mode: BranchMode): unknown {
  switch (mode) {
    case 'rule':
      return [{ name: 'match', rule: EMPTY_RULE }];
    case 'topic':
      return undefined;
    case 'engagement':
      return [...DEFAULT_BRANCH_ENGAGEMENT];
    case 'random':
      return [
        { name: 'a', percent: 50 },
        { name: 'b', percent: 50 },
      ];
  }
}

/**
 * The branch's config in another mode: the new mode's field as it was (`remembered`, from an
 * earlier visit to that mode) or as it starts; the other modes' fields dropped; `maxVisits` kept.
 */
export function switchBranchMode(config: Record<string, unknown>, mode: BranchMode, remembered: Record<string, unknown> = {}): Record<string, unknown> {
  const next: Record<string, unknown> = { mode };
  if (config.maxVisits !== undefined) next.maxVisits = config.maxVisits;
  const field = MODE_FIELD[mode];
  const value = remembered[field] ?? config[field] ?? startingValue(mode);
  if (value !== undefined) next[field] = value;
  return next;
}

/** The mode's own field, to remember when leaving it. */
export function modeField(mode: BranchMode): string {
  return MODE_FIELD[mode];
}

/** A new rule branch at the end, with a name no other branch has and an empty rule. */
export function addRuleBranch(branches: readonly { name: string; rule: SegmentRule }[]): { name: string; rule: SegmentRule }[] {
  return [...branches, { name: freeName('branch', branches.map((branch) => branch.name)), rule: EMPTY_RULE }];
}
