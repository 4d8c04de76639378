import { useEffect, useState } from 'react';
import { ApiError, api, errorMessage, type OutboxMail } from '../api/client';
import { formatTime } from '../app/format-time';
import { MailView } from './mail-view';

export const OUTBOX_POLL_MS = 2_000;

type Listing = { status: 'loading' } | { status: 'unavailable' } | { status: 'failed'; message: string } | { status: 'ready'; items: OutboxMail[] };

/** The dev outbox of the embedded stack: every mail the campaigns sent, refreshed every 2 s. */
export function OutboxPage() {
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [selectedId, setSelectedId] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const { items } = await api.listOutbox();
        if (stopped) return;
        setListing({ status: 'ready', items });
      } catch (error) {
        if (stopped) return;
        // 404: the API runs against a real mail server, there is no outbox to show.
        if (error instanceof ApiError && error.status === 404) return setListing({ status: 'unavailable' });
        setListing({ status: 'failed', message: errorMessage(error) });
      }
      timer = setTimeout(() => void poll(), OUTBOX_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const items = listing.status === 'ready' ? listing.items : [];
  const selected = items.find((item) => item.id === selectedId);

  return (
    <div className="page outbox">
      <div className="page__header">
        <h1>Outbox</h1>
        {listing.status === 'ready' && <span className="muted">{items.length.toLocaleString()} mails · refreshed every 2 s</span>}
      </div>
      {listing.status === 'loading' && <p className="muted">Loading…</p>}
      {listing.status === 'unavailable' && <p className="muted">The dev outbox exists only in the embedded stack (npm start); mail goes to the configured SMTP server.</p>}
      {listing.status === 'failed' && (
        <p className="field__error" role="alert">
          Could not load the outbox: {listing.message}
        </p>
      )}
      {listing.status === 'ready' && items.length === 0 && <p className="muted">No mail yet. Start a campaign run and it arrives here.</p>}
      {items.length > 0 && (
        <div className="outbox__body">
          <div className="outbox__list">
            <table className="table table--selectable">
              <thead>
                <tr>
                  <th scope="col">To</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Received</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} aria-selected={item.id === selectedId} className={item.id === selectedId ? 'is-selected' : undefined}>
                    <td>{item.to}</td>
                    <td>
                      <button type="button" className="link-button" onClick={() => setSelectedId(item.id)}>
                        {item.subject || '(no subject)'}
                      </button>
                    </td>
                    <td className="table__time">{formatTime(item.receivedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <MailView mail={selected} />
        </div>
      )}
    </div>
  );
}
