import type { Static } from '@sinclair/typebox';
import type { PrincipalSchema, ResetLinkCheckSchema } from '../../../contracts/auth';
import type { Json } from '../../../contracts/common';
import { request } from './client';

/** Sign-in, sign-out, the session's principal and passwords: the calls of the sign-in screens and the user menu. */

/** Who is signed in: name, role and the permissions the navigation is drawn from. */
export type Principal = Json<Static<typeof PrincipalSchema>>;

/** Whose reset link this is, and until when it works. */
export type ResetLinkCheck = Json<Static<typeof ResetLinkCheckSchema>>;

const enc = encodeURIComponent;

/**
 * Sign-in's 401 is an answer to show (a wrong e-mail or password), and the reset link's calls
 * need no session: they pass `'answer'`. The others keep the usual reaction, so a page opened
 * without a session goes to the sign-in page like any other 401 (a wrong current password is a 422).
 */
export const authApi = {
  me: () => request<Principal>('GET', '/api/auth/me'),
  signIn: (email: string, password: string) => request<Principal>('POST', '/api/auth/sign-in', { email, password }, 'answer'),
  signOut: () => request<void>('POST', '/api/auth/sign-out'),
  changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/api/auth/password', { currentPassword, newPassword }),
  checkResetLink: (token: string) => request<ResetLinkCheck>('GET', `/api/auth/reset/${enc(token)}`, undefined, 'answer'),
  resetPassword: (token: string, newPassword: string) => request<void>('POST', '/api/auth/reset', { token, newPassword }, 'answer'),
};
