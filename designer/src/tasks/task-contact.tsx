import type { TaskDetail } from '../api/tasks-client';
import { Link } from '../app/link';
import { AbcBadge } from '../contacts/abc-badge';
import { fullName } from '../contacts/contact-name';
import { loyaltyTier } from './queue-model';

/** Who to call and how (phone as a tel: link, e-mail), their loyalty, and what they bought. */
export function TaskContact({ detail }: { detail: TaskDetail }) {
  const { contact, purchases } = detail;
  const tier = loyaltyTier(contact.attributes);
  return (
    <section className="task-section" aria-labelledby="task-contact-title">
      <h3 id="task-contact-title">Contact</h3>
      <dl className="task-facts">
        <dt>Name</dt>
        <dd>
          <Link href={`/contacts/${encodeURIComponent(contact.id)}`}>{fullName(contact) || contact.email || 'Unnamed contact'}</Link>
          {contact.companyName && <span className="muted"> · {contact.companyName}</span>}
        </dd>
        <dt>Phone</dt>
        <dd>{contact.phone ? <a href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</a> : <span className="muted">no phone</span>}</dd>
        <dt>E-mail</dt>
        <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : <span className="muted">no e-mail</span>}</dd>
        <dt>Loyalty</dt>
        <dd>
          <AbcBadge value={contact.abcClass} />
          {tier && <span className="task-tier"> tier {tier}</span>}
        </dd>
        {contact.customerCode && (
          <>
            <dt>Customer code</dt>
            <dd>{contact.customerCode}</dd>
          </>
        )}
      </dl>
      <h4>Purchases</h4>
      {purchases.orders === 0 ? (
        <p className="muted">No purchases recorded.</p>
      ) : (
        <>
          <p className="task-purchase-totals">
            {purchases.orders} order{purchases.orders === 1 ? '' : 's'} · {purchases.totals.map((total) => `${total.amount} ${total.currency}`).join(' + ')}
            {purchases.lastOrderedAt && <span className="muted"> · last on {purchases.lastOrderedAt}</span>}
          </p>
          <table className="table task-orders">
            <caption className="visually-hidden">Recent orders</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Date</th>
                <th scope="col">Lines</th>
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {purchases.recent.map((order) => (
                <tr key={order.id}>
                  <td>{order.orderNumber}</td>
                  <td>{order.orderedAt}</td>
                  <td>{order.lineCount}</td>
                  <td>
                    {order.total} {order.currency}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
