import type { ConsentRecord, ContactConsent, Subscription } from '../api/crm-client';
import { formatTime } from '../app/format-time';
import type { Loaded } from './use-loaded';

const optionalTime = (iso: string | null) => (iso ? formatTime(iso) : '—');

/** What the contact agreed to: a status per topic, then every consent record kept as proof. */
export function ContactConsentSection({ consent }: { consent: Loaded<ContactConsent> }) {
  return (
    <section className="contact-section" aria-labelledby="contact-consent-title">
      <h2 id="contact-consent-title">Consent</h2>
      {consent.status === 'loading' && <p className="muted">Loading…</p>}
      {consent.status === 'failed' && (
        <p className="field__error" role="alert">
          Could not load the consent: {consent.message}
        </p>
      )}
      {consent.status === 'ready' && (
        <>
          <SubscriptionTable subscriptions={consent.value.subscriptions} />
          <ConsentRecordTable records={consent.value.records} />
        </>
      )}
    </section>
  );
}

function SubscriptionTable({ subscriptions }: { subscriptions: readonly Subscription[] }) {
  if (subscriptions.length === 0) return <p className="muted">Not subscribed to any topic.</p>;
  return (
    <table className="table contact-table--compact">
      <caption>Subscriptions</caption>
      <thead>
        <tr>
          <th scope="col">Topic</th>
          <th scope="col">Status</th>
          <th scope="col">Requested</th>
          <th scope="col">Confirmed</th>
          <th scope="col">Unsubscribed</th>
        </tr>
      </thead>
      <tbody>
        {subscriptions.map((subscription) => (
          <tr key={subscription.topicId}>
            <td>
              {subscription.topicName} <span className="muted">({subscription.topicCode})</span>
            </td>
            <td>
              <span className={`status-pill status-pill--${subscription.status}`}>{subscription.status}</span>
              {subscription.viaLeadId && <span className="muted"> as a lead</span>}
            </td>
            <td className="table__time">{formatTime(subscription.requestedAt)}</td>
            <td className="table__time">{optionalTime(subscription.confirmedAt)}</td>
            <td className="table__time">{optionalTime(subscription.unsubscribedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Newest first: the latest record decides what is allowed now. */
function ConsentRecordTable({ records }: { records: readonly ConsentRecord[] }) {
  if (records.length === 0) return <p className="muted">No consent recorded.</p>;
  const newestFirst = [...records].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  return (
    <table className="table contact-table--compact">
      <caption>Consent records</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Topic / channel</th>
          <th scope="col">Action</th>
          <th scope="col">Source</th>
          <th scope="col">Text shown</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst.map((record) => (
          <tr key={record.id}>
            <td className="table__time">{formatTime(record.recordedAt)}</td>
            <td>
              {record.topicCode ?? <span className="muted">no topic</span>} / {record.channel}
            </td>
            <td>{record.action}</td>
            <td>
              {record.source}
              {record.recordedBy && <span className="muted"> by {record.recordedBy}</span>}
              {record.viaLeadId && <span className="muted"> (as a lead)</span>}
            </td>
            <td className="consent-text">{record.textShown ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
