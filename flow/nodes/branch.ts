import { Type, type Static } from '@sinclair/typebox';
import { FINISHED_HANDLE, VISIT_LIMIT_HANDLE } from '../graph';
import type { FlowProblem } from '../problems';
import { SegmentRuleSchema } from '../segment-rule';
import { validateSegmentRule } from '../segment-validate';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';
import { ENGAGEMENT_TYPES } from './wait';

export const BRANCH_MODES = ['rule', 'topic', 'engagement', 'random'] as const;
export type BranchMode = (typeof BRANCH_MODES)[number];

/** The output of members no rule matched (rule, topic and engagement modes). */
export const ELSE_HANDLE = 'else';
/** The output of members who match (topic and engagement modes). */
export const YES_HANDLE = 'yes';

/** Handles the interpreter or another mode already uses: a branch may not be named so. */
const RESERVED_NAMES: ReadonlySet<string> = new Set([ELSE_HANDLE, VISIT_LIMIT_HANDLE, FINISHED_HANDLE]);

/** A random split is cut into this many buckets: percentages with two decimals are exact. */
export const SPLIT_BUCKETS = 10_000;

/** Contacts who engaged with any of these count, when the node names none. */
export const DEFAULT_BRANCH_ENGAGEMENT = ['open', 'click'] as const;

/** Output names: short, and plain enough to show on the canvas and in reports. */
const BranchName = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$', description: 'Output name: lower-case letters, digits, - and _' });

export const RuleBranchSchema = Type.Object(
  { name: BranchName, rule: SegmentRuleSchema },
  { additionalProperties: false, description: 'Contacts matching the rule leave by this output (the first match wins)' },
);
export const SplitVariantSchema = Type.Object(
  { name: BranchName, percent: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'Share of the contacts, in %' }) },
  { additionalProperties: false },
);

/**
 * One flat config for every mode (as the Wait has), so the inspector can switch modes: the mode
 * says which field counts, checked in `extraProblems`.
 */
export const BranchConfigSchema = Type.Object(
  {
    mode: Type.Union(BRANCH_MODES.map((mode) => Type.Literal(mode)), { description: 'Split by rules, topic subscription, earlier engagement or at random' }),
    branches: Type.Optional(Type.Array(RuleBranchSchema, { maxItems: 20, description: 'Mode "rule": tried in order; contacts matching none leave by "else"' })),
    topic: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Mode "topic": the topic code; subscribed contacts leave by "yes"' })),
    events: Type.Optional(
      Type.Array(Type.Union(ENGAGEMENT_TYPES.map((type) => Type.Literal(type))), {
        minItems: 1,
        uniqueItems: true,
        description: 'Mode "engagement": what counts (on any earlier message of this run); engaged contacts leave by "yes"',
      }),
    ),
    variants: Type.Optional(Type.Array(SplitVariantSchema, { maxItems: 20, description: 'Mode "random": one output per variant; the percentages add up to 100' })),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type BranchConfig = Static<typeof BranchConfigSchema>;
export type SplitVariant = Static<typeof SplitVariantSchema>;

/** Names of a list that may not be an array yet (outputs and summary must not throw). */
function names(list: unknown): string[] {
  return Array.isArray(list) ? [...new Set(list.map((item) => String((item as { name?: unknown }).name ?? '')))] : [];
}

/**
 * Each variant's share as a range of buckets `[from, to)` of {@link SPLIT_BUCKETS}: a member
 * whose bucket (a hash of run and contact) falls in the range goes that way. Percentages are
 * taken to two decimals; the last variant ends at the last bucket.
 */
export function splitRanges(variants: SplitVariant[]): { name: string; from: number; to: number }[] {
  let from = 0;
  return variants.map((variant, index) => {
    const to = index === variants.length - 1 ? SPLIT_BUCKETS : from + Math.round(variant.percent * (SPLIT_BUCKETS / 100));
    const range = { name: variant.name, from, to };
    from = to;
    return range;
  });
}

/** Percentages in hundredths, so 33.33 + 33.33 + 33.34 adds up to exactly 100. */
function hundredths(percent: number): number {
  return Math.round(percent * 100);
}

/**
 * Split the members by a rule tree (first match wins, else `else`), by a topic subscription or
 * by engagement with an earlier message of the run (`yes` / `else`), or at random by
 * percentages (one output per variant; the same member always lands in the same variant of a
 * run, so retries and replays split alike).
 */
export const branchNode = defineNode({
  type: 'branch',
  label: 'Branch',
  description: 'Send contacts different ways: by rules, subscription, engagement or at random',
  category: 'audience',
  entry: false,
  configSchema: BranchConfigSchema,
  defaultConfig: {
    mode: 'random',
    variants: [
      { name: 'a', percent: 50 },
      { name: 'b', percent: 50 },
    ],
  } as BranchConfig,
  fieldHints: { topic: 'Enter the code of the topic', mode: 'Choose how to split: rule, topic, engagement or random' },
  outputs(config) {
    switch (config.mode) {
      case 'rule':
        return [...names(config.branches).filter((name) => name !== ELSE_HANDLE), ELSE_HANDLE];
      case 'random':
        return names(config.variants);
      default:
        return [YES_HANDLE, ELSE_HANDLE];
    }
  },
  execution: () => 'activity',
  maxVisits: 10,
  references: () => [],
  summary(config) {
    switch (config.mode) {
      case 'rule': {
        const branches = names(config.branches);
        return branches.length === 0 ? 'No branch yet' : `First match: ${branches.join(', ')}, else`;
      }
      case 'topic':
        return `Subscribed to ${config.topic || '—'}?`;
      case 'engagement':
        return `${(config.events ?? DEFAULT_BRANCH_ENGAGEMENT).join('/')} an earlier message?`;
      case 'random': {
        const variants = Array.isArray(config.variants) ? config.variants : [];
        return variants.length === 0 ? 'No variant yet' : variants.map((variant) => `${variant.name} ${variant.percent}%`).join(' · ');
      }
      default:
        return '—';
    }
  },
  extraProblems: branchProblems,
});

function branchProblems(nodeId: string, config: BranchConfig): FlowProblem[] {
  const problem = (field: string, message: string): FlowProblem => ({ nodeId, field, code: 'INVALID_CONFIG', message: `Branch: ${message}` });
  switch (config.mode) {
    case 'rule': {
      const branches = config.branches ?? [];
      if (branches.length === 0) return [problem('branches', 'add at least one branch with its rule (contacts matching none leave by "else")')];
      return [
        ...nameProblems(branches, 'branches', problem),
        ...branches.flatMap((branch, index) =>
          validateSegmentRule(branch.rule).map((found) =>
            problem(found.path === '' ? `branches.${index}.rule` : `branches.${index}.rule.${found.path}`, `branch "${branch.name}": rule ${found.path || '(root)'} ${found.message}`),
          ),
        ),
      ];
    }
    case 'topic':
      return config.topic ? [] : [problem('topic', 'enter the code of the topic')];
    case 'engagement':
      return [];
    case 'random': {
      const variants = config.variants ?? [];
      if (variants.length < 2) return [problem('variants', 'a random split needs at least two variants')];
      const inexact = variants.flatMap((variant, index) =>
        Math.abs(variant.percent * 100 - hundredths(variant.percent)) > 1e-6 ? [problem(`variants.${index}.percent`, `variant "${variant.name}": use at most two decimals`)] : [],
      );
      // The sum is only worth saying once every share is exact.
      const total = variants.reduce((sum, variant) => sum + hundredths(variant.percent), 0);
      const sum = inexact.length === 0 && total !== 100 * 100 ? [problem('variants', `the percentages add up to ${total / 100}, not 100`)] : [];
      return [...nameProblems(variants, 'variants', problem), ...inexact, ...sum];
    }
  }
}

function nameProblems(list: { name: string }[], field: string, problem: (field: string, message: string) => FlowProblem): FlowProblem[] {
  const seen = new Set<string>();
  const problems: FlowProblem[] = [];
  list.forEach((item, index) => {
    if (RESERVED_NAMES.has(item.name)) problems.push(problem(`${field}.${index}.name`, `"${item.name}" is a reserved output name: choose another`));
    else if (seen.has(item.name)) problems.push(problem(`${field}.${index}.name`, `two outputs are named "${item.name}"`));
    seen.add(item.name);
  });
  return problems;
}
