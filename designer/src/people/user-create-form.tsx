import { useState } from 'react';
import type { Role } from '../../../contracts/permissions';
import { errorMessage } from '../api/client';
import { peopleApi, type ResetLink, type User } from '../api/people-client';
import { AddForm } from './add-form';
import { NONE, RoleSelect, StoreSelect, TeamSelect, idOrNull } from './org-selects';
import type { Org } from './use-org';
import { useSubmit } from '../app/use-submit';

/**
 * Name, e-mail, role, store and team of a new user. A new user has no password: the form asks
 * for their first reset link at once, since without it they cannot sign in.
 */
export function UserCreateForm({ org, onCreated }: { org: Org; onCreated: (user: User, link: ResetLink | null, linkError: string | null) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('designer');
  const [storeId, setStoreId] = useState(NONE);
  const [teamId, setTeamId] = useState(NONE);
  const { busy, error, run } = useSubmit();

  const submit = () =>
    run(async () => {
      const user = await peopleApi.createUser({ name: name.trim(), email: email.trim(), role, storeId: idOrNull(storeId), teamId: idOrNull(teamId) });
      setName('');
      setEmail('');
      // The user exists now whatever happens to the link; a failed link is said, and can be asked for again.
      const link = await peopleApi.createResetLink(user.id).then(
        (made) => ({ made, error: null }),
        (caught: unknown) => ({ made: null, error: errorMessage(caught) }),
      );
      onCreated(user, link.made, link.error);
    });

  return (
    <AddForm title="New user" submitLabel="Create user" busyLabel="Creating…" busy={busy} error={error} onSubmit={submit}>
        <input aria-label="Name" placeholder="Name" required maxLength={200} value={name} disabled={busy} onChange={(event) => setName(event.target.value)} />
        <input aria-label="E-mail" type="email" placeholder="E-mail" required maxLength={320} value={email} disabled={busy} onChange={(event) => setEmail(event.target.value)} />
        <RoleSelect label="Role" value={role} onChange={setRole} disabled={busy} />
        <StoreSelect label="Store" org={org} value={storeId} onChange={setStoreId} disabled={busy} />
        <TeamSelect label="Team" org={org} value={teamId} onChange={setTeamId} disabled={busy} />
    </AddForm>
  );
}
