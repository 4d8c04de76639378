/** One contact: fields, attributes, ABC class, consent, timeline (being built; see issue 4). */
export function ContactPage({ contactId }: { contactId: string }) {
  return (
    <div className="page">
      <h1>Contact {contactId}</h1>
    </div>
  );
}
