import type { Queryable } from './pool';

/** Failed sign-ins allowed per e-mail within the window before that e-mail is locked for the rest of it. */
export const SIGN_IN_FAILURE_LIMIT = 5;
export const SIGN_IN_WINDOW_MINUTES = 15;

/**
 * Failures for this e-mail (as typed, lower-cased) within the window. Counted whether or not a
 * user has the address, so a locked "nobody@" looks exactly like a locked real account.
 */
export async function recentSignInFailures(db: Queryable, email: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM sign_in_failures
      WHERE email = lower(trim($1)) AND at > now() - make_interval(mins => $2)`,
    [email, SIGN_IN_WINDOW_MINUTES],
  );
  return rows[0]?.count ?? 0;
}

export async function recordSignInFailure(db: Queryable, email: string, address: string | undefined): Promise<void> {
  await db.query('INSERT INTO sign_in_failures (email, address) VALUES (lower(trim($1)), $2)', [email, address ?? null]);
  await db.query(`DELETE FROM sign_in_failures WHERE at < now() - make_interval(mins => $1)`, [SIGN_IN_WINDOW_MINUTES * 4]);
}

/** A successful sign-in clears the e-mail's count: a person who remembered is not punished later. */
export async function clearSignInFailures(db: Queryable, email: string): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE email = lower(trim($1))', [email]);
}
