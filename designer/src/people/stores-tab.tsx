import { useState } from 'react';
import { peopleApi } from '../api/people-client';
import { formatTime } from '../app/format-time';
import { AddForm } from './add-form';
import type { Org } from './use-org';
import { useSubmit } from '../app/use-submit';

/** The stores, and a form to add one (a short unique code and a name). */
export function StoresTab({ org, onAdded }: { org: Org; onAdded: () => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const { busy, error, run } = useSubmit();

  const submit = async () => {
    const added = await run(async () => void (await peopleApi.createStore({ code: code.trim(), name: name.trim() })));
    if (!added) return;
    setCode('');
    setName('');
    onAdded();
  };

  return (
    <>
      <AddForm title="New store" submitLabel="Add store" busyLabel="Adding…" busy={busy} error={error} onSubmit={submit}>
          <input aria-label="Store code" placeholder="Code, e.g. BUC-1" required maxLength={64} value={code} disabled={busy} onChange={(event) => setCode(event.target.value)} />
          <input aria-label="Store name" placeholder="Name" required maxLength={200} value={name} disabled={busy} onChange={(event) => setName(event.target.value)} />
      </AddForm>
      {org.stores.length === 0 ? (
        <p className="muted">No stores yet. A user or token bound to a store sees only that store’s contacts.</p>
      ) : (
        <table className="table people-table">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">Teams</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {org.stores.map((store) => (
              <tr key={store.id}>
                <td>
                  <code>{store.code}</code>
                </td>
                <td>{store.name}</td>
                <td>{org.teams.filter((team) => team.storeId === store.id).length}</td>
                <td className="table__time">{formatTime(store.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
