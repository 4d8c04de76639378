import { useEffect, useState, type FormEvent } from 'react';
import { FLOW_NAME_MAX } from '../../../contracts/flow';
import { api, errorMessage, type FlowSummary } from '../api/client';
import { Link } from '../app/link';
import { navigate } from '../app/router';
import { formatTime } from '../app/format-time';

type Listing = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; flows: FlowSummary[] };

/** Every saved flow, newest change first, and a way to start a new one. */
export function FlowListPage() {
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [name, setName] = useState('');

  useEffect(() => {
    let current = true;
    api
      .listFlows()
      .then((flows) => current && setListing({ status: 'ready', flows: [...flows].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)) }))
      .catch((error: unknown) => current && setListing({ status: 'failed', message: errorMessage(error) }));
    return () => {
      current = false;
    };
  }, []);

  // A new flow starts as an unsaved editor; its first save creates it.
  const create = (event: FormEvent) => {
    event.preventDefault();
    const query = name.trim() ? `?name=${encodeURIComponent(name.trim())}` : '';
    navigate(`/flows/new${query}`);
  };

  return (
    <div className="page">
      <div className="page__header">
        <h1>Flows</h1>
        <form className="inline-form" onSubmit={create}>
          <input aria-label="New flow name" maxLength={FLOW_NAME_MAX} placeholder="Name of the new flow" value={name} onChange={(event) => setName(event.target.value)} />
          <button type="submit" className="button button--primary">
            New flow
          </button>
        </form>
      </div>
      {listing.status === 'loading' && <p className="muted">Loading…</p>}
      {listing.status === 'failed' && (
        <p className="field__error" role="alert">
          Could not load the flows: {listing.message}
        </p>
      )}
      {listing.status === 'ready' && listing.flows.length === 0 && <p className="muted">No flows yet: create the first one.</p>}
      {listing.status === 'ready' && listing.flows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Version</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {listing.flows.map((flow) => (
              <tr key={flow.id}>
                <td>
                  <Link href={`/flows/${encodeURIComponent(flow.id)}`}>{flow.name}</Link>
                </td>
                <td>{flow.version}</td>
                <td className="table__time">{formatTime(flow.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
