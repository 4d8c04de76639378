import { inTransaction, type Db, type Queryable } from './pool';

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

/**
 * Count a sign-in attempt as failed before its password is checked, unless the e-mail is locked
 * (then false). Checked and counted under one lock per e-mail: guesses sent all at once would
 * otherwise all read "not locked" while the slow password checks run. Success clears the count.
 */
export async function reserveSignInAttempt(db: Db, email: string, address: string | undefined): Promise<boolean> {
  return inTransaction(db, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('sign_in_failures'), hashtext(lower(trim($1))))", [email]);
    if ((await recentSignInFailures(client, email)) >= SIGN_IN_FAILURE_LIMIT) return false;
    await client.query('INSERT INTO sign_in_failures (email, address) VALUES (lower(trim($1)), $2)', [email, address ?? null]);
    await client.query(`DELETE FROM sign_in_failures WHERE at < now() - make_interval(mins => $1)`, [SIGN_IN_WINDOW_MINUTES * 4]);
    return true;
  });
}

/** A successful sign-in (or a new password from a reset link) clears the e-mail's count: a person who remembered is not punished later. */
export async function clearSignInFailures(db: Queryable, email: string): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE email = lower(trim($1))', [email]);
}
