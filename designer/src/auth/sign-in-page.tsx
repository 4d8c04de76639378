import { useEffect, useRef, useState, type FormEvent } from 'react';
import { authApi } from '../api/auth-client';
import { FormError } from '../app/form-error';
import { homePath } from '../app/navigation';
import { navigate, useLocation } from '../app/router';
import { useSubmit } from '../app/use-submit';
import { signInFailure, signInNotice } from './auth-messages';
import { AuthCard } from './auth-card';
import { safeNextPath } from './next-path';
import { forgetSession, signedIn } from './session';

/**
 * E-mail and password; on success back to `?next=` (a path of this site only) or to the role's
 * home. Arriving here forgets the tab's session: whoever signs in next is asked of the server.
 */
export function SignInPage() {
  const params = useLocation().searchParams;
  const next = safeNextPath(params.get('next'));
  const notice = signInNotice(params.get('notice'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit(signInFailure);
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => forgetSession(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const succeeded = await run(async () => {
      const principal = await authApi.signIn(email.trim(), password);
      signedIn(principal);
      navigate(next ?? homePath(principal), { replace: true });
    });
    if (succeeded) return;
    setPassword('');
    passwordInput.current?.focus();
  };

  return (
    <AuthCard title="Sign in" onSubmit={(event) => void submit(event)} busy={busy}>
      {notice && (
        <p className="auth-card__notice" role="status">
          {notice}
        </p>
      )}
      <label className="field">
        <span className="field__label">E-mail</span>
        <input type="email" name="email" autoComplete="username" required autoFocus maxLength={320} value={email} readOnly={busy} onChange={(event) => setEmail(event.target.value)} />
      </label>
      <label className="field">
        <span className="field__label">Password</span>
        <input
          ref={passwordInput}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          maxLength={256}
          value={password}
          readOnly={busy}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      <FormError message={error} />
      <button type="submit" className="button button--primary auth-card__submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="muted auth-card__hint">Forgot your password? Ask an administrator for a reset link.</p>
    </AuthCard>
  );
}
