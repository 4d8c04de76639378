import { ApiError } from '../api/client';
import { crm } from '../api/crm-client';
import { Link } from '../app/link';
import { AbcBadge } from './abc-badge';
import { ContactAttributes } from './contact-attributes';
import { ContactConsentSection } from './contact-consent';
import { CustomerFacts, PersonFacts } from './contact-details';
import { displayName } from './contact-name';
import { ContactTimeline } from './contact-timeline';
import { useLoaded } from './use-loaded';
import './contacts.css';

/**
 * One contact's card: who they are, their customer facts and custom attributes, what they
 * consented to, and their timeline. Each part loads on its own, so a slow or failing part
 * does not hide the others.
 */
export function ContactPage({ contactId }: { contactId: string }) {
  const contact = useLoaded(() => crm.getContact(contactId), [contactId]);
  const definitions = useLoaded(() => crm.listAttributeDefinitions(), []);
  const consent = useLoaded(() => crm.getConsent(contactId), [contactId]);

  if (contact.status === 'loading') {
    return (
      <div className="page">
        <BackLink />
        <p className="muted">Loading…</p>
      </div>
    );
  }
  if (contact.status === 'failed') {
    const missing = contact.error instanceof ApiError && (contact.error.status === 404 || contact.error.status === 400);
    return (
      <div className="page">
        <BackLink />
        <h1>{missing ? 'Contact not found' : 'Contact'}</h1>
        {missing ? (
          <p>There is no contact with the id {contactId}. It may have been deleted.</p>
        ) : (
          <p className="field__error" role="alert">
            Could not load the contact: {contact.message}
          </p>
        )}
      </div>
    );
  }

  const person = contact.value;
  return (
    <div className="page contact-page">
      <BackLink />
      <div className="page__header">
        <h1>
          {displayName(person)} {person.abcClass && <AbcBadge value={person.abcClass} />}
        </h1>
      </div>
      <div className="contact-page__grid">
        <PersonFacts contact={person} />
        <CustomerFacts contact={person} />
        <ContactAttributes attributes={person.attributes} definitions={definitions} />
      </div>
      <ContactConsentSection consent={consent} />
      <ContactTimeline contactId={contactId} />
    </div>
  );
}

function BackLink() {
  return (
    <p className="contact-page__back">
      <Link href="/contacts">← All contacts</Link>
    </p>
  );
}
