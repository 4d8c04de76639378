import { useEffect, useRef, useState } from 'react';
import { authApi, type Principal } from '../api/auth-client';
import { errorMessage } from '../api/client';
import { FormError } from '../app/form-error';
import { useSubmit } from '../app/use-submit';
import { ChangePasswordDialog } from './change-password-dialog';
import { SIGN_IN_PATH } from './next-path';
import { ROLE_LABELS } from './roles';
import './auth.css';

/** The signed-in person in the top bar: name and role, and a menu to change the password or sign out. */
export function UserMenu({ principal }: { principal: Principal }) {
  const [open, setOpen] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const { busy: signingOut, error, run } = useSubmit((caught) => `Could not sign out: ${errorMessage(caught)}`);
  const menu = useRef<HTMLDivElement>(null);

  // Close on a click outside or Escape, as menus do.
  useEffect(() => {
    if (!open) return;
    const clickAway = (event: MouseEvent) => {
      if (!menu.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', clickAway);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', clickAway);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  // A full page load, not client-side navigation: nothing of this person's screens stays in memory.
  const signOut = () =>
    run(async () => {
      await authApi.signOut();
      window.location.assign(`${SIGN_IN_PATH}?notice=signed-out`);
    });

  const role = ROLE_LABELS[principal.role];
  return (
    <div className="user-menu" ref={menu}>
      <button type="button" className="user-menu__button" aria-haspopup="true" aria-expanded={open} aria-label={`Account: ${principal.name}, ${role}`} onClick={() => setOpen(!open)}>
        <span className="user-menu__name">{principal.name}</span>
        <span className="user-menu__role">{role}</span>
      </button>
      {open && (
        <div className="user-menu__panel" role="group" aria-label="Account">
          <p className="user-menu__who">
            <strong>{principal.name}</strong>
            {principal.email && <span className="muted">{principal.email}</span>}
            <span className="muted">Role: {role}</span>
          </p>
          {principal.kind === 'user' && (
            <button
              type="button"
              className="user-menu__item"
              onClick={() => {
                setOpen(false);
                setChangingPassword(true);
              }}
            >
              Change password
            </button>
          )}
          <button type="button" className="user-menu__item" disabled={signingOut} onClick={() => void signOut()}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
          <FormError message={error} />
        </div>
      )}
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
    </div>
  );
}
