import type { REVIEWER_KINDS, REVIEWER_ROLES } from '../../../flow/nodes/review';

export type ReviewerKind = (typeof REVIEWER_KINDS)[number];
export type ReviewerRole = (typeof REVIEWER_ROLES)[number];

export const REVIEWER_KIND_LABELS: Readonly<Record<ReviewerKind, string>> = {
  role: 'Everyone of a role',
  team: 'The members of a team',
  users: 'Named people',
};

/** The review's fields that say who reviews; the editor of reviewers owns them all. */
export const REVIEWER_FIELDS = ['reviewers', 'reviewerRole', 'teamId', 'userIds'] as const;

/**
 * The config with another kind of reviewers: the fields of the other kinds are dropped so
 * nothing stale is saved; a role starts as the designers.
 */
export function withReviewerKind(config: Record<string, unknown>, kind: ReviewerKind): Record<string, unknown> {
  const { reviewers: _kind, reviewerRole, teamId, userIds, ...rest } = config;
  switch (kind) {
    case 'role':
      return { ...rest, reviewers: kind, reviewerRole: reviewerRole ?? 'designer' };
    case 'team':
      return { ...rest, reviewers: kind, ...(teamId ? { teamId } : {}) };
    case 'users':
      return { ...rest, reviewers: kind, ...(Array.isArray(userIds) && userIds.length > 0 ? { userIds } : {}) };
  }
}

/** `ids` with `id` in or out, in the order they were picked; undefined when none is left (the field is then absent). */
export function toggleId(ids: readonly string[], id: string, on: boolean): string[] | undefined {
  const next = on ? (ids.includes(id) ? [...ids] : [...ids, id]) : ids.filter((other) => other !== id);
  return next.length > 0 ? next : undefined;
}
