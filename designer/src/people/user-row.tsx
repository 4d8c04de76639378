import { useState } from 'react';
import type { Role } from '../../../contracts/permissions';
import { peopleApi, type ResetLink, type User, type UserUpdate } from '../api/people-client';
import { FormError } from '../app/form-error';
import { formatTime } from '../app/format-time';
import { ROLE_LABELS } from '../auth/roles';
import { InlineConfirm } from './inline-confirm';
import { NONE, RoleSelect, StoreSelect, TeamSelect, idOrNull } from './org-selects';
import { storeName, teamName, type Org } from './use-org';
import { useSubmit } from '../app/use-submit';
import { userStatus } from './user-status';

type Mode = { kind: 'view' } | { kind: 'edit'; role: Role; storeId: string; teamId: string } | { kind: 'confirm'; disable: boolean };

/**
 * One user: their facts, and in place the admin's actions: edit role, store and team; disable
 * or enable (asked first: disabling ends their sessions at once); make a reset link. An admin
 * cannot disable themselves here (and so lock everyone out).
 */
export function UserRow({ user, org, isSelf, onChanged, onResetLink }: { user: User; org: Org; isSelf: boolean; onChanged: (user: User) => void; onResetLink: (user: User, link: ResetLink) => void }) {
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const { busy, error, run } = useSubmit();

  const act = async (action: () => Promise<void>) => {
    if (await run(action)) setMode({ kind: 'view' });
  };
  const update = (change: UserUpdate) => act(async () => onChanged(await peopleApi.updateUser(user.id, change)));
  const resetLink = () => act(async () => onResetLink(user, await peopleApi.createResetLink(user.id)));

  const editing = mode.kind === 'edit' ? mode : null;
  const status = userStatus(user);
  return (
    <tr className={user.disabled ? 'people-row--disabled' : undefined} aria-label={user.name}>
      <td>{user.name}</td>
      <td>{user.email}</td>
      <td>{editing ? <RoleSelect label={`Role of ${user.name}`} value={editing.role} onChange={(role) => setMode({ ...editing, role })} disabled={busy} /> : ROLE_LABELS[user.role]}</td>
      <td>{editing ? <StoreSelect label={`Store of ${user.name}`} org={org} value={editing.storeId} onChange={(storeId) => setMode({ ...editing, storeId })} disabled={busy} /> : storeName(org, user.storeId)}</td>
      <td>{editing ? <TeamSelect label={`Team of ${user.name}`} org={org} value={editing.teamId} onChange={(teamId) => setMode({ ...editing, teamId })} disabled={busy} /> : teamName(org, user.teamId)}</td>
      <td className="table__time">{user.lastSignInAt ? formatTime(user.lastSignInAt) : <span className="muted">Never</span>}</td>
      <td>
        <span className={`status-pill people-status--${status.toLowerCase().replaceAll(' ', '-')}`}>{status}</span>
      </td>
      <td className="people-actions">
        {mode.kind === 'view' && (
          <div className="button-row">
            <button type="button" className="button button--small" disabled={busy} onClick={() => setMode({ kind: 'edit', role: user.role, storeId: user.storeId ?? NONE, teamId: user.teamId ?? NONE })}>
              Edit
            </button>
            <button type="button" className="button button--small" disabled={busy || user.disabled} onClick={() => void resetLink()}>
              Reset password link
            </button>
            <button
              type="button"
              className={user.disabled ? 'button button--small' : 'button button--small button--danger'}
              disabled={busy || isSelf}
              title={isSelf ? 'You cannot disable yourself' : undefined}
              onClick={() => setMode({ kind: 'confirm', disable: !user.disabled })}
            >
              {user.disabled ? 'Enable' : 'Disable'}
            </button>
          </div>
        )}
        {editing && (
          <div className="button-row">
            <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void update({ role: editing.role, storeId: idOrNull(editing.storeId), teamId: idOrNull(editing.teamId) })}>
              Save
            </button>
            <button type="button" className="button button--small" disabled={busy} onClick={() => setMode({ kind: 'view' })}>
              Cancel
            </button>
          </div>
        )}
        {mode.kind === 'confirm' && (
          <InlineConfirm
            question={mode.disable ? `Disable ${user.name}? They are signed out at once and cannot sign in.` : `Enable ${user.name}? They can sign in again.`}
            confirmLabel={mode.disable ? 'Disable' : 'Enable'}
            busy={busy}
            onConfirm={() => void update({ disabled: mode.disable })}
            onCancel={() => setMode({ kind: 'view' })}
          />
        )}
        <FormError message={error} />
      </td>
    </tr>
  );
}
