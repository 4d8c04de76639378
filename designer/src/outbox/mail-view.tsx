import type { OutboxMail } from '../api/client';
import { formatTime } from '../app/format-time';

/** One mail of the outbox: headers and its text part. */
export function MailView({ mail }: { mail: OutboxMail | undefined }) {
  if (!mail) {
    return (
      <section className="mail-view mail-view--empty" aria-label="Selected mail">
        <p className="muted">Select a mail to read it.</p>
      </section>
    );
  }
  return (
    <section className="mail-view" aria-label="Selected mail">
      <h2>{mail.subject || '(no subject)'}</h2>
      <dl className="mail-view__headers">
        <dt>From</dt>
        <dd>{mail.from}</dd>
        <dt>To</dt>
        <dd>{mail.to}</dd>
        <dt>Received</dt>
        <dd>{formatTime(mail.receivedAt)}</dd>
        <dt>Message-ID</dt>
        <dd>
          <code>{mail.messageId}</code>
        </dd>
      </dl>
      <pre className="mail-view__text">{mail.text}</pre>
    </section>
  );
}
