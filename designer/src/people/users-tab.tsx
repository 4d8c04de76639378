import { useState } from 'react';
import { peopleApi, type ResetLink, type User } from '../api/people-client';
import { FormError } from '../app/form-error';
import { LoadStatus } from '../app/load-status';
import { usePrincipal } from '../auth/session';
import { useLoaded } from '../contacts/use-loaded';
import { mergeById, withChange } from './merge-by-id';
import { ResetLinkNotice } from './reset-link-notice';
import { UserCreateForm } from './user-create-form';
import { UserRow } from './user-row';
import type { Org } from './use-org';

/** The last reset link made on this tab, shown until dismissed (the server never shows it again). */
type Notice = { user: User; link: ResetLink; heading: string } | { user: User; linkError: string };

/** Every user, with the admin's actions on each, and a form to add one. */
export function UsersTab({ org }: { org: Org }) {
  const principal = usePrincipal();
  const listing = useLoaded(() => peopleApi.listUsers(), []);
  // Users changed or added on this tab, over the list as loaded: no reload needed after each action.
  const [changed, setChanged] = useState<ReadonlyMap<string, User>>(new Map());
  const [notice, setNotice] = useState<Notice | null>(null);

  const remember = (user: User) => setChanged((before) => withChange(before, user));
  const users = mergeById(listing.status === 'ready' ? listing.value.items : [], changed);

  return (
    <>
      <UserCreateForm
        org={org}
        onCreated={(user, link, linkError) => {
          remember(user);
          setNotice(link ? { user, link, heading: `${user.name} is added` } : { user, linkError: linkError ?? 'unknown error' });
        }}
      />
      {notice && 'link' in notice && <ResetLinkNotice name={notice.user.name} link={notice.link} heading={notice.heading} onDismiss={() => setNotice(null)} />}
      {notice && 'linkError' in notice && <FormError message={`${notice.user.name} is added, but no reset link could be made (${notice.linkError}): use “Reset password link” on their row.`} />}
      <LoadStatus loaded={listing} what="the users" />
      {listing.status === 'ready' && (
        <table className="table people-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Store</th>
              <th scope="col">Team</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow
                key={user.id}
                user={user}
                org={org}
                isSelf={principal.kind === 'user' && principal.id === user.id}
                onChanged={remember}
                onResetLink={(target, link) => setNotice({ user: target, link, heading: `New reset link for ${target.name}` })}
              />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
