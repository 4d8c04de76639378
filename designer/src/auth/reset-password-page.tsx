import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../contracts/auth';
import { authApi } from '../api/auth-client';
import { FormError } from '../app/form-error';
import { formatTime } from '../app/format-time';
import { Link } from '../app/link';
import { navigate, useLocation } from '../app/router';
import { useSubmit } from '../app/use-submit';
import { useLoaded } from '../contacts/use-loaded';
import { newPasswordProblem, resetLinkFailure } from './auth-messages';
import { AuthCard } from './auth-card';
import { EMPTY_NEW_PASSWORD, NewPasswordFields } from './new-password-fields';
import { SIGN_IN_PATH } from './next-path';

/**
 * Where a reset link (`/reset-password?token=…`, made by an admin) leads: says whose link it
 * is, takes a new password typed twice, then sends the person to sign in with it.
 */
export function ResetPasswordPage() {
  const token = useLocation().searchParams.get('token') ?? '';
  const link = useLoaded(() => (token ? authApi.checkResetLink(token) : Promise.reject(new Error('no token'))), [token]);
  const [newPassword, setNewPassword] = useState(EMPTY_NEW_PASSWORD);
  const { busy, error, setError, run } = useSubmit(resetLinkFailure);

  if (!token) return <RefusedLink message="This address has no reset token: open the whole link you were given." />;
  if (link.status === 'loading') {
    return (
      <AuthCard title="Set your password" busy>
        <p className="muted">Checking the link…</p>
      </AuthCard>
    );
  }
  if (link.status === 'failed') return <RefusedLink message={resetLinkFailure(link.error)} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(newPassword.password, newPassword.repeated, PASSWORD_MIN_LENGTH);
    if (problem) return setError(problem);
    if (await run(() => authApi.resetPassword(token, newPassword.password))) navigate(`${SIGN_IN_PATH}?notice=password-set`, { replace: true });
  };

  const { name, email, expiresAt } = link.value;
  return (
    <AuthCard title="Set your password" onSubmit={(event) => void submit(event)} busy={busy}>
      <p>
        For <strong>{name}</strong> ({email}). The link works until {formatTime(expiresAt)}, once.
      </p>
      {/* Lets a password manager file the new password under the right account. */}
      <input type="email" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordFields value={newPassword} disabled={busy} onChange={setNewPassword} />
      <FormError message={error} />
      <button type="submit" className="button button--primary auth-card__submit" disabled={busy}>
        {busy ? 'Saving…' : 'Set password'}
      </button>
    </AuthCard>
  );
}

function RefusedLink({ message }: { message: string }) {
  return (
    <AuthCard title="Set your password">
      <FormError message={message} />
      <p>
        <Link href={SIGN_IN_PATH}>Go to sign-in</Link>
      </p>
    </AuthCard>
  );
}
