import { Type, type Static } from '@sinclair/typebox';
import type { FlowProblem } from '../problems';
import { UUID_PATTERN } from '../uuid';
import { defineNode } from './define';
import { MaxVisitsField } from './visit-cap';

export const REVIEW_DEADLINE_ACTIONS = ['approve', 'expire'] as const;
export type ReviewDeadlineAction = (typeof REVIEW_DEADLINE_ACTIONS)[number];

/**
 * Who may work a review: everyone of a role, the members of one team, or named people. An admin
 * may always (someone must be able to unblock a run whose reviewers are away).
 */
export const REVIEWER_KINDS = ['role', 'team', 'users'] as const;
/** The roles that can review at all (those granted `reviews:work`). */
export const REVIEWER_ROLES = ['designer', 'admin'] as const;

/** A new review node waits this long for a reviewer, then approves what is not excluded. */
export const DEFAULT_REVIEW_DEADLINE_HOURS = 48;
/** What happens at the deadline when the node does not say: approve (the campaign goes on). */
export const DEFAULT_DEADLINE_ACTION: ReviewDeadlineAction = 'approve';

/**
 * Flat, like callback's, so the inspector's generic form can switch between the kinds of
 * reviewers: `reviewers` says which of `reviewerRole` / `teamId` / `userIds` counts (checked in
 * `extraProblems`). A config saved before reviewers existed means "designers (and admins)".
 */
export const ReviewConfigSchema = Type.Object(
  {
    instructions: Type.String({ maxLength: 2_000, description: 'What the reviewer should check' }),
    reviewers: Type.Optional(
      Type.Union(REVIEWER_KINDS.map((kind) => Type.Literal(kind)), { description: 'Who may work the review: a role, a team or named people (admins always may)' }),
    ),
    reviewerRole: Type.Optional(Type.Union(REVIEWER_ROLES.map((role) => Type.Literal(role)), { description: 'The role whose people review (reviewers: role)' })),
    teamId: Type.Optional(Type.String({ pattern: UUID_PATTERN, description: 'The team whose members review (reviewers: team)' })),
    userIds: Type.Optional(
      Type.Array(Type.String({ pattern: UUID_PATTERN }), { maxItems: 50, uniqueItems: true, description: 'The people who review (reviewers: users)' }),
    ),
    deadlineHours: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 8_760,
        title: 'Deadline (h)',
        description: `Hours after the messages arrive (a new node: ${DEFAULT_REVIEW_DEADLINE_HOURS} h); none = wait until someone approves`,
      }),
    ),
    onDeadline: Type.Optional(
      Type.Union(REVIEW_DEADLINE_ACTIONS.map((action) => Type.Literal(action)), {
        description: 'At the deadline: approve what is not excluded (the default), or stop them all (expired)',
      }),
    ),
    maxVisits: MaxVisitsField,
  },
  { additionalProperties: false },
);
export type ReviewConfig = Static<typeof ReviewConfigSchema>;

/** Milliseconds from arrival to the review's deadline, or null when it has none. */
export function reviewDeadlineMs(config: Pick<ReviewConfig, 'deadlineHours'>): number | null {
  return config.deadlineHours === undefined ? null : Math.round(config.deadlineHours * 3_600_000);
}

/** What the deadline does: the node's choice, else approve. */
export function reviewDeadlineAction(config: Pick<ReviewConfig, 'onDeadline'>): ReviewDeadlineAction {
  return config.onDeadline ?? DEFAULT_DEADLINE_ACTION;
}

/** The reviewers of a config, resolved to one kind; a config without any means the designers. */
export type Reviewers =
  | { kind: 'role'; role: (typeof REVIEWER_ROLES)[number] }
  | { kind: 'team'; teamId: string }
  | { kind: 'users'; userIds: string[] };

export function reviewersOf(config: Pick<ReviewConfig, 'reviewers' | 'reviewerRole' | 'teamId' | 'userIds'>): Reviewers {
  if (config.reviewers === 'team' && config.teamId) return { kind: 'team', teamId: config.teamId };
  if (config.reviewers === 'users' && config.userIds && config.userIds.length > 0) return { kind: 'users', userIds: config.userIds };
  return { kind: 'role', role: config.reviewerRole ?? 'designer' };
}

function describeReviewers(config: ReviewConfig): string {
  if (config.reviewers === 'team') return 'a team';
  if (config.reviewers === 'users') {
    const count = Array.isArray(config.userIds) ? config.userIds.length : 0;
    return `${count} named ${count === 1 ? 'person' : 'people'}`;
  }
  return config.reviewerRole === 'admin' ? 'admins' : 'designers';
}

/**
 * A person checks the generated messages before they go: one review task per arrival, worked by
 * the node's reviewers. The reviewer edits messages (the edit is sent, the original kept),
 * excludes some (with a reason) and approves the rest. Members leave by `approved` or `excluded`
 * once the task is approved, or at the deadline as the node says: a new node waits
 * `DEFAULT_REVIEW_DEADLINE_HOURS` and then approves (`onDeadline` left out means approve too).
 */
export const reviewNode = defineNode({
  type: 'review',
  label: 'Review',
  description: 'A person checks the messages, edits or excludes some, approves the rest',
  category: 'message',
  entry: false,
  configSchema: ReviewConfigSchema,
  defaultConfig: { instructions: '', reviewers: 'role', reviewerRole: 'designer', deadlineHours: DEFAULT_REVIEW_DEADLINE_HOURS, onDeadline: DEFAULT_DEADLINE_ACTION } as ReviewConfig,
  fieldHints: {
    teamId: 'Choose the team whose members review',
    userIds: 'Choose at least one reviewer',
    deadlineHours: 'Enter the hours until the review decides itself (more than 0), or leave it empty to wait',
  },
  outputs: () => ['approved', 'excluded', 'expired'],
  execution: () => 'human-gate',
  maxVisits: 10,
  references: () => [],
  summary(config) {
    const hours = config.deadlineHours;
    const who = `By ${describeReviewers(config)}`;
    if (hours === undefined) return `${who} · until approved`;
    return `${who} · within ${hours} h, then ${reviewDeadlineAction(config) === 'expire' ? 'stop' : 'approve'}`;
  },
  extraProblems: (nodeId, config) => reviewProblems(nodeId, config),
});

/** What the schema cannot say: the chosen kind of reviewers must name them. */
function reviewProblems(nodeId: string, config: ReviewConfig): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const add = (field: string, message: string) => problems.push({ nodeId, field, code: 'INVALID_CONFIG', message: `Review: ${message}` });
  if (config.reviewers === 'team' && !config.teamId) add('teamId', 'choose the team whose members review');
  if (config.reviewers === 'users' && (config.userIds ?? []).length === 0) add('userIds', 'name at least one reviewer');
  return problems;
}
