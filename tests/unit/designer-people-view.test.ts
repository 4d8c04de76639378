import { describe, expect, it } from 'vitest';
import { ApiError } from '../../designer/src/api/client';
import { changePasswordFailure, newPasswordProblem, resetLinkFailure, signInFailure, signInNotice } from '../../designer/src/auth/auth-messages';
import { mergeById, withChange } from '../../designer/src/people/merge-by-id';
import { userStatus } from '../../designer/src/people/user-status';

const problem = (status: number, code: string, detail?: string) => new ApiError(status, 'x', detail, [], code);

describe('what the sign-in screens say', () => {
  it('says the same for a wrong e-mail and a wrong password, and passes on how long to wait', () => {
    expect(signInFailure(problem(401, 'INVALID_CREDENTIALS'))).toBe('Wrong e-mail or password.');
    expect(signInFailure(problem(429, 'TOO_MANY_ATTEMPTS', 'Too many failed sign-ins; try again in 15 minutes'))).toBe('Too many failed sign-ins; try again in 15 minutes');
    expect(signInFailure(problem(429, 'RATE_LIMITED'))).toMatch(/^Too many attempts/);
    expect(signInFailure(new Error('Failed to fetch'))).toBe('Could not sign in: Failed to fetch');
  });

  it('tells an unknown link from an expired or used one', () => {
    expect(resetLinkFailure(problem(404, 'NOT_FOUND'))).toMatch(/not valid/);
    expect(resetLinkFailure(problem(410, 'GONE'))).toMatch(/expired or has already been used/);
  });

  it("gives the server's reason a password change was refused, and says when the server failed", () => {
    expect(changePasswordFailure(problem(422, 'VALIDATION_FAILED', 'The current password is wrong'))).toBe('The current password is wrong');
    expect(changePasswordFailure(problem(500, 'INTERNAL', 'stack trace'))).toBe('Could not change the password: x: stack trace');
  });

  it('checks a new password typed twice before sending it', () => {
    expect(newPasswordProblem('short', 'short', 10)).toMatch(/at least 10/);
    expect(newPasswordProblem('long enough one', 'long enough 0ne', 10)).toBe('The two new passwords differ.');
    expect(newPasswordProblem('long enough one', 'long enough one', 10)).toBeNull();
  });

  it('shows only its own notices, never text from the address', () => {
    expect(signInNotice('password-set')).toMatch(/password is set/);
    expect(signInNotice('Your account is locked, call 555')).toBeNull();
    expect(signInNotice('toString')).toBeNull();
    expect(signInNotice(null)).toBeNull();
  });
});

describe('the People screen’s lists', () => {
  it('replaces changed rows in place and appends added ones', () => {
    const loaded = [
      { id: 'a', name: 'Ana' },
      { id: 'b', name: 'Bo' },
    ];
    const changed = withChange(withChange(new Map(), { id: 'c', name: 'Cy' }), { id: 'a', name: 'Ana (disabled)' });
    expect(mergeById(loaded, changed)).toEqual([
      { id: 'a', name: 'Ana (disabled)' },
      { id: 'b', name: 'Bo' },
      { id: 'c', name: 'Cy' },
    ]);
    expect(loaded[0]!.name).toBe('Ana');
  });

  it("names a user's status: disabled first, then whether a password was ever set", () => {
    expect(userStatus({ disabled: true, hasPassword: true })).toBe('Disabled');
    expect(userStatus({ disabled: false, hasPassword: false })).toBe('No password yet');
    expect(userStatus({ disabled: false, hasPassword: true })).toBe('Active');
  });
});
