import { Type, type Static } from '@sinclair/typebox';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';

export const REVIEW_DEADLINE_ACTIONS = ['approve', 'expire'] as const;

export const ReviewConfigSchema = Type.Object(
  {
    instructions: Type.String({ maxLength: 2_000, description: 'What the reviewer should check' }),
    deadlineHours: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 8_760, title: 'Deadline (h)', description: 'Hours after the messages arrive; none = wait until someone approves' }),
    ),
    onDeadline: Type.Union(REVIEW_DEADLINE_ACTIONS.map((action) => Type.Literal(action)), {
      description: 'At the deadline: approve what is not excluded, or stop them all (expired)',
    }),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type ReviewConfig = Static<typeof ReviewConfigSchema>;

/** Milliseconds from arrival to the review's deadline, or null when it has none. */
export function reviewDeadlineMs(config: Pick<ReviewConfig, 'deadlineHours'>): number | null {
  return config.deadlineHours === undefined ? null : Math.round(config.deadlineHours * 3_600_000);
}

/**
 * A person checks the generated messages before they go: one review task per arrival; the
 * reviewer excludes messages (with a reason) and approves the rest. Members leave by `approved`
 * or `excluded` once the task is approved, or at the deadline as the node says.
 */
export const reviewNode = defineNode({
  type: 'review',
  label: 'Review',
  description: 'A person checks the messages, excludes some, approves the rest',
  category: 'message',
  entry: false,
  configSchema: ReviewConfigSchema,
  defaultConfig: { instructions: '', onDeadline: 'approve' } as ReviewConfig,
  outputs: () => ['approved', 'excluded', 'expired'],
  execution: () => 'human-gate',
  maxVisits: 10,
  references: () => [],
  summary(config) {
    const hours = config.deadlineHours;
    if (hours === undefined) return 'Until approved';
    return `Within ${hours} h, then ${config.onDeadline === 'expire' ? 'stop' : 'approve'}`;
  },
});
