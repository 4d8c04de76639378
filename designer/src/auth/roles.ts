import type { Role } from '../../../contracts/permissions';

/** How each role is named on screen. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Admin',
  designer: 'Designer',
  agent: 'Agent',
  budget_owner: 'Budget owner',
};

/** The roles in the order pickers offer them: the most common first. */
export const ROLES: readonly Role[] = ['designer', 'agent', 'budget_owner', 'admin'];
