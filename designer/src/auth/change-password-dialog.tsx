import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PASSWORD_MIN_LENGTH } from '../../../contracts/auth';
import { authApi } from '../api/auth-client';
import { FormError } from '../app/form-error';
import { useSubmit } from '../app/use-submit';
import { changePasswordFailure, newPasswordProblem } from './auth-messages';
import { EMPTY_NEW_PASSWORD, NewPasswordFields } from './new-password-fields';

/**
 * The current password and a new one typed twice, in a modal dialog. The server ends the
 * person's other sessions; this one stays signed in.
 */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [current, setCurrent] = useState('');
  const [newPassword, setNewPassword] = useState(EMPTY_NEW_PASSWORD);
  const { busy, error, setError, run } = useSubmit(changePasswordFailure);
  const [done, setDone] = useState(false);

  useEffect(() => {
    // Removing the element on unmount takes it out of the top layer; no close() needed (nor
    // wanted: its close event would unmount the dialog that StrictMode just mounted again).
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = newPasswordProblem(newPassword.password, newPassword.repeated, PASSWORD_MIN_LENGTH);
    if (problem) return setError(problem);
    if (await run(() => authApi.changePassword(current, newPassword.password))) setDone(true);
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="change-password-title" onClose={onClose}>
      <h2 id="change-password-title">Change password</h2>
      {done ? (
        <>
          <p role="status">Your password is changed. Any other place you were signed in has been signed out.</p>
          <div className="button-row">
            <button type="button" className="button button--primary" autoFocus onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : (
        <form className="dialog__form" onSubmit={(event) => void submit(event)} aria-busy={busy}>
          <label className="field">
            <span className="field__label">Current password</span>
            <input type="password" name="current-password" autoComplete="current-password" required autoFocus maxLength={256} value={current} disabled={busy} onChange={(event) => setCurrent(event.target.value)} />
          </label>
          <NewPasswordFields value={newPassword} disabled={busy} onChange={setNewPassword} />
          <FormError message={error} />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Saving…' : 'Change password'}
            </button>
            <button type="button" className="button" disabled={busy} onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
