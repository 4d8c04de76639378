import type { ReactNode } from 'react';
import type { Contact } from '../api/crm-client';
import { formatTime } from '../app/format-time';
import { AbcBadge } from './abc-badge';
import { fullName } from './contact-name';

/** A label and its value; empty values show a dash so every contact's card has the same shape. */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '';
  return (
    <div className="contact-facts__row">
      <dt>{label}</dt>
      <dd>{empty ? <span className="muted">—</span> : children}</dd>
    </div>
  );
}

function address(contact: Contact): string {
  const place = [contact.postalCode, contact.city].filter(Boolean).join(' ');
  return [contact.addressLine, place, contact.country].filter(Boolean).join(', ');
}

/** The person: names, how to reach them, language and time zone, postal address. */
export function PersonFacts({ contact }: { contact: Contact }) {
  return (
    <section className="contact-section" aria-labelledby="contact-person-title">
      <h2 id="contact-person-title">Person</h2>
      <dl className="contact-facts">
        <Fact label="Name">{fullName(contact)}</Fact>
        <Fact label="Gender">{contact.gender}</Fact>
        <Fact label="Position">{contact.position}</Fact>
        <Fact label="E-mail">{contact.email && <a href={`mailto:${contact.email}`}>{contact.email}</a>}</Fact>
        <Fact label="Phone">{contact.phone}</Fact>
        <Fact label="Language">{contact.language}</Fact>
        <Fact label="Time zone">{contact.timeZone}</Fact>
        <Fact label="Address">{address(contact)}</Fact>
      </dl>
    </section>
  );
}

/** The customer side: company, customer code, who owns the relation, ABC class, record dates. */
export function CustomerFacts({ contact }: { contact: Contact }) {
  return (
    <section className="contact-section" aria-labelledby="contact-customer-title">
      <h2 id="contact-customer-title">Customer</h2>
      <dl className="contact-facts">
        {/* The API sends the names of the company, owner and store with their ids (contracts/contact.ts). */}
        <Fact label="Company">{contact.companyName}</Fact>
        <Fact label="Customer code">{contact.customerCode}</Fact>
        <Fact label="Owner">{contact.ownerName}</Fact>
        <Fact label="Store">{contact.storeName}</Fact>
        <Fact label="ABC class">
          {contact.abcClass && (
            <>
              <AbcBadge value={contact.abcClass} />
              {contact.abcComputedAt && <span className="muted"> computed {formatTime(contact.abcComputedAt)}</span>}
            </>
          )}
        </Fact>
        <Fact label="Created">{formatTime(contact.createdAt)}</Fact>
        <Fact label="Updated">{formatTime(contact.updatedAt)}</Fact>
      </dl>
    </section>
  );
}
