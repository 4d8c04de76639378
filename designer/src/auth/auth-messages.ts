import { ApiError, errorMessage } from '../api/client';

/**
 * What the sign-in form says when signing in fails. A wrong e-mail and a wrong password get the
 * same words (the server does not tell them apart either); a rate-limit refusal is the server's
 * detail, which says how long to wait.
 */
export function signInFailure(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'Wrong e-mail or password.';
  if (error instanceof ApiError && error.status === 429) return error.detail ?? 'Too many attempts: wait a few minutes, then try again.';
  return `Could not sign in: ${errorMessage(error)}`;
}

/** What the change-password dialog says when the change is refused: the server's reason (a wrong current password is a 422 saying so). */
export function changePasswordFailure(error: unknown): string {
  if (error instanceof ApiError && error.status < 500 && error.detail) return error.detail;
  return `Could not change the password: ${errorMessage(error)}`;
}

/** What the reset page says about a link the server refused: unknown (404) or expired or used (410). */
export function resetLinkFailure(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) return 'This link is not valid: it may have been mistyped, or a newer link replaced it. Ask your administrator for a new one.';
  if (error instanceof ApiError && error.status === 410) return 'This link has expired or has already been used. Ask your administrator for a new one.';
  return `Could not check the link: ${errorMessage(error)}`;
}

/** Why a new password typed twice cannot be sent yet, or null when it can. */
export function newPasswordProblem(password: string, repeated: string, minLength: number): string | null {
  if (password.length < minLength) return `The new password needs at least ${minLength} characters.`;
  if (password !== repeated) return 'The two new passwords differ.';
  return null;
}

/** Messages the sign-in page shows on arrival, chosen by `?notice=` (never text taken from the URL). */
export const SIGN_IN_NOTICES = {
  'password-set': 'Your password is set. Sign in with it.',
  'signed-out': 'You are signed out.',
} as const;

export type SignInNotice = keyof typeof SIGN_IN_NOTICES;

export function signInNotice(value: string | null): string | null {
  return value !== null && Object.hasOwn(SIGN_IN_NOTICES, value) ? SIGN_IN_NOTICES[value as SignInNotice] : null;
}
