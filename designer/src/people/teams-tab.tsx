import { useState } from 'react';
import { peopleApi } from '../api/people-client';
import { formatTime } from '../app/format-time';
import { AddForm } from './add-form';
import { NONE, StoreSelect, idOrNull } from './org-selects';
import { storeName, type Org } from './use-org';
import { useSubmit } from '../app/use-submit';

/** The teams, and a form to add one, optionally in a store. */
export function TeamsTab({ org, onAdded }: { org: Org; onAdded: () => void }) {
  const [name, setName] = useState('');
  const [storeId, setStoreId] = useState(NONE);
  const { busy, error, run } = useSubmit();

  const submit = async () => {
    const added = await run(async () => void (await peopleApi.createTeam({ name: name.trim(), storeId: idOrNull(storeId) })));
    if (!added) return;
    setName('');
    onAdded();
  };

  return (
    <>
      <AddForm title="New team" submitLabel="Add team" busyLabel="Adding…" busy={busy} error={error} onSubmit={submit}>
          <input aria-label="Team name" placeholder="Name" required maxLength={200} value={name} disabled={busy} onChange={(event) => setName(event.target.value)} />
          <StoreSelect label="Team store" org={org} value={storeId} onChange={setStoreId} disabled={busy} />
      </AddForm>
      {org.teams.length === 0 ? (
        <p className="muted">No teams yet. Call-back and review tasks can be assigned to a team.</p>
      ) : (
        <table className="table people-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Store</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {org.teams.map((team) => (
              <tr key={team.id}>
                <td>{team.name}</td>
                <td>{storeName(org, team.storeId)}</td>
                <td className="table__time">{formatTime(team.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
