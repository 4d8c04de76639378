import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { segmentsApi, type Segment } from '../api/segments-client';
import { formatTime } from '../app/format-time';
import { Link } from '../app/link';
import { usePrincipal } from '../auth/session';
import { contactsText } from './preview-panel';
import './segments.css';

type Listing = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; segments: Segment[] };
type Count = { status: 'counting' } | { status: 'done'; count: number } | { status: 'failed'; message: string };

/** Saved segments with their current size, counted one after another, and the way to a new one. */
export function SegmentListPage() {
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [counts, setCounts] = useState<Record<string, Count>>({});
  // Counting runs a preview, which lists contacts: only for those who may see them.
  const mayCount = usePrincipal().permissions.includes('segments:preview');

  const count = useCallback(async (id: string) => {
    setCounts((current) => ({ ...current, [id]: { status: 'counting' } }));
    try {
      const preview = await segmentsApi.preview({ segmentId: id });
      setCounts((current) => ({ ...current, [id]: { status: 'done', count: preview.count } }));
    } catch (error) {
      setCounts((current) => ({ ...current, [id]: { status: 'failed', message: errorMessage(error) } }));
    }
  }, []);

  useEffect(() => {
    let current = true;
    segmentsApi
      .listSegments()
      .then(async (segments) => {
        if (!current) return;
        setListing({ status: 'ready', segments });
        // One count at a time: each is a query over every contact, and the list may be long.
        for (const segment of mayCount ? segments : []) {
          if (!current) return;
          await count(segment.id);
        }
      })
      .catch((error: unknown) => current && setListing({ status: 'failed', message: errorMessage(error) }));
    return () => {
      current = false;
    };
  }, [count, mayCount]);

  return (
    <div className="page">
      <div className="page__header">
        <h1>Segments</h1>
        <Link href="/segments/new" className="button button--primary">
          New segment
        </Link>
      </div>
      {listing.status === 'loading' && <p className="muted">Loading…</p>}
      {listing.status === 'failed' && (
        <p className="field__error" role="alert">
          Could not load the segments: {listing.message}
        </p>
      )}
      {listing.status === 'ready' && listing.segments.length === 0 && <p className="muted">No segments yet: build the first one.</p>}
      {listing.status === 'ready' && listing.segments.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Contacts now</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {listing.segments.map((segment) => (
              <tr key={segment.id}>
                <td>
                  <Link href={`/segments/${encodeURIComponent(segment.id)}`}>{segment.name}</Link>
                </td>
                <td className="muted">{segment.description ?? ''}</td>
                <td>
                  {mayCount ? <CountCell name={segment.name} count={counts[segment.id]} onCount={() => void count(segment.id)} /> : <span className="muted">—</span>}
                </td>
                <td className="table__time">{formatTime(segment.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CountCell({ name, count, onCount }: { name: string; count: Count | undefined; onCount: () => void }) {
  if (count?.status === 'counting') return <span className="muted">counting…</span>;
  return (
    <span className="count-cell">
      {count?.status === 'done' && <span>{contactsText(count.count)}</span>}
      {count?.status === 'failed' && (
        <span className="field__error" title={count.message}>
          failed
        </span>
      )}
      <button type="button" className="button button--small" aria-label={`${count ? 'Recount' : 'Count'} ${name}`} onClick={onCount}>
        {count ? 'Recount' : 'Count'}
      </button>
    </span>
  );
}
