/** The session cookie's name (HttpOnly, SameSite=Lax; Secure under an https PUBLIC_URL). */
export const SESSION_COOKIE = 'cs_session';
