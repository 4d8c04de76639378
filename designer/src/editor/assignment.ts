import type { ASSIGNMENTS } from '../../../flow/nodes/callback';

export type Assignment = (typeof ASSIGNMENTS)[number];

export const ASSIGNMENT_LABELS: Readonly<Record<Assignment, string>> = {
  'round-robin': 'Agents of a team, in turn',
  owner: "The contact's owner",
  store: "Anyone in the contact's store",
  user: 'One named person',
};

/** The person or team an assignment needs chosen, if any. */
export function assignmentTarget(assignTo: Assignment): 'teamId' | 'userId' | null {
  return assignTo === 'round-robin' ? 'teamId' : assignTo === 'user' ? 'userId' : null;
}

/** The config with another assignment: the team or person of the old one is dropped, so nothing stale is saved. */
export function withAssignment<C extends { assignTo?: unknown; teamId?: string; userId?: string }>(config: C, assignTo: Assignment): C {
  const { teamId, userId, ...rest } = config;
  const keep = assignmentTarget(assignTo);
  return { ...rest, assignTo, ...(keep === 'teamId' && teamId ? { teamId } : {}), ...(keep === 'userId' && userId ? { userId } : {}) } as C;
}
