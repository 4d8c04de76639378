import { describe, expect, it } from 'vitest';
import { ApiError } from '../../designer/src/api/client';
import { changePasswordFailure, newPasswordProblem, resetLinkFailure, signInFailure, signInNotice } from '../../designer/src/auth/auth-messages';

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
