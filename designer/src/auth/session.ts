import { useEffect, useSyncExternalStore } from 'react';
import { authApi, type Principal } from '../api/auth-client';
import { ApiError, errorMessage, whenUnauthorized } from '../api/client';
import { navigate } from '../app/router';
import { isSignInFlowPath, signInHref } from './next-path';

/**
 * Who is signed in, as this tab knows it. `unknown` until GET /api/auth/me has answered (or
 * after arriving at the sign-in page, which forgets); `signed-out` once it answered 401, which
 * has already sent the person to sign in; `failed` when the server could not be asked.
 */
export type Session =
  | { status: 'unknown' }
  | { status: 'checking' }
  | { status: 'signed-out' }
  | { status: 'failed'; message: string }
  | { status: 'signed-in'; principal: Principal };

let session: Session = { status: 'unknown' };
const listeners = new Set<() => void>();

function setSession(next: Session): void {
  session = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Record the principal a sign-in answered with: no second round trip to /me. */
export function signedIn(principal: Principal): void {
  setSession({ status: 'signed-in', principal });
}

/** Forget who was signed in, so the next page asks the server again (the sign-in page calls it). */
export function forgetSession(): void {
  if (session.status !== 'checking') setSession({ status: 'unknown' });
}

/**
 * A 401 from any call means the session has ended (expired, signed out elsewhere, disabled):
 * forget it and go to the sign-in page, which brings the person back here afterwards. Replaces
 * the history entry, so Back after signing in does not return to a page that only redirects.
 */
whenUnauthorized(() => {
  if (isSignInFlowPath(window.location.pathname)) return;
  navigate(signInHref(window.location.pathname + window.location.search), { replace: true });
  if (session.status !== 'checking') setSession({ status: 'signed-out' });
});

async function check(): Promise<void> {
  if (session.status === 'checking') return;
  setSession({ status: 'checking' });
  try {
    signedIn(await authApi.me());
  } catch (error) {
    // A 401 has already sent the person to the sign-in page (the reaction above).
    setSession(error instanceof ApiError && error.status === 401 ? { status: 'signed-out' } : { status: 'failed', message: errorMessage(error) });
  }
}

/** The session, asked of the server when not yet known; `retry` asks again after a failure. */
export function useSession(): { session: Session; retry: () => void } {
  const current = useSyncExternalStore(subscribe, () => session);
  useEffect(() => {
    if (current.status === 'unknown') void check();
  }, [current.status]);
  return { session: current, retry: () => void check() };
}

/** The signed-in person, for pages drawn only once the session is known (app.tsx renders no page before). */
export function usePrincipal(): Principal {
  const current = useSyncExternalStore(subscribe, () => session);
  if (current.status !== 'signed-in') throw new Error('usePrincipal is used outside a signed-in page');
  return current.principal;
}
