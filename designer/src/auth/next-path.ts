/** The sign-in screens, reachable without a session; every other page needs one. */
export const SIGN_IN_PATH = '/sign-in';
export const RESET_PASSWORD_PATH = '/reset-password';

/** Any origin will do: relative paths are resolved against it to see whether they stay on it. */
const PROBE_ORIGIN = 'https://same-origin.invalid';

/** True on the sign-in and reset-password pages, where a 401 is an answer, not a lost session. */
export function isSignInFlowPath(pathname: string): boolean {
  const path = pathname.replace(/\/+$/, '');
  return path === SIGN_IN_PATH || path === RESET_PASSWORD_PATH;
}

/**
 * `next` when it is a path of this site to return to after signing in, else null. Refused: an
 * absolute URL, a protocol-relative `//host`, backslashes and control characters (browsers read
 * `/\host` and `/<tab>/host` as `//host`), and the sign-in pages themselves (a loop).
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/')) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PROBE_ORIGIN || isSignInFlowPath(url.pathname)) return null;
  return url.pathname + url.search + url.hash;
}

/** The sign-in page's address, bringing the person back to `here` (a path of this site) afterwards. */
export function signInHref(here?: string): string {
  const next = safeNextPath(here);
  return next && next !== '/' ? `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}` : SIGN_IN_PATH;
}
