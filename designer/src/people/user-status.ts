import type { User } from '../api/people-client';

/** A user's status in one word or two: disabled first, then whether they have ever set a password. */
export function userStatus(user: Pick<User, 'disabled' | 'hasPassword'>): 'Disabled' | 'No password yet' | 'Active' {
  if (user.disabled) return 'Disabled';
  return user.hasPassword ? 'Active' : 'No password yet';
}
