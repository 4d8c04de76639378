import type { FormEvent, ReactNode } from 'react';
import './auth.css';

/** The centred card of the pages reachable without a session (sign-in, reset password): a form when it submits. */
export function AuthCard({ title, onSubmit, busy, children }: { title: string; onSubmit?: (event: FormEvent) => void; busy?: boolean; children: ReactNode }) {
  const body = (
    <>
      <p className="auth-card__brand">Campaign Studio</p>
      <h1 id="auth-card-title">{title}</h1>
      {children}
    </>
  );
  return (
    <main className="auth-page">
      {onSubmit ? (
        <form className="auth-card" aria-labelledby="auth-card-title" aria-busy={busy} onSubmit={onSubmit}>
          {body}
        </form>
      ) : (
        <section className="auth-card" aria-labelledby="auth-card-title" aria-busy={busy}>
          {body}
        </section>
      )}
    </main>
  );
}
