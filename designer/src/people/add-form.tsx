import type { FormEvent, ReactNode } from 'react';
import { FormError } from '../app/form-error';

/** The People screen's "new …" forms: a titled row of inputs, one submit button, and the refusal under them. */
export function AddForm({
  title,
  submitLabel,
  busyLabel,
  busy,
  error,
  onSubmit,
  children,
}: {
  title: string;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  error: string | null;
  onSubmit: () => Promise<unknown>;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <form className="people-form" aria-label={title} onSubmit={submit}>
      <h2>{title}</h2>
      <div className="people-form__fields">
        {children}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
      <FormError message={error} />
    </form>
  );
}
