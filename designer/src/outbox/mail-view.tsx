import { useMemo, useState } from 'react';
import type { OutboxMail } from '../api/client';
import { formatTime } from '../app/format-time';
import { HeaderList } from './header-list';
import { eventText, shownHeaders } from './mail-parts';

/**
 * One mail of the outbox as the contact sees it: the HTML part in a frame that runs nothing
 * (the text part for a text-only mail, or on request), its unsubscribe and Message-ID headers,
 * every header on request, and what happened to it since (opens, clicks, unsubscribes, bounces).
 */
export function MailView({ mail }: { mail: OutboxMail | undefined }) {
  const [showText, setShowText] = useState(false);
  const html = useMemo(() => (mail?.html ? withoutOpenPixel(mail.html) : ''), [mail?.html]);
  if (!mail) {
    return (
      <section className="mail-view mail-view--empty" aria-label="Selected mail">
        <p className="muted">Select a mail to read it.</p>
      </section>
    );
  }
  const hasHtml = html !== '';
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
      </dl>
      <HeaderList headers={shownHeaders(mail.headers)} empty="No unsubscribe headers (not a marketing mail)." />
      <details className="mail-view__all-headers">
        <summary>All headers</summary>
        <HeaderList headers={mail.headers} />
      </details>
      {hasHtml && (
        <div className="button-row" role="group" aria-label="Mail part">
          <button type="button" className="button button--small" aria-pressed={!showText} onClick={() => setShowText(false)}>
            HTML
          </button>
          <button type="button" className="button button--small" aria-pressed={showText} onClick={() => setShowText(true)}>
            Text
          </button>
        </div>
      )}
      {hasHtml && !showText ? (
        // sandbox="": the mail's scripts never run, its links and pixel never act from here.
        <iframe key={mail.id} className="mail-view__frame" title="Mail as the contact sees it" sandbox="" srcDoc={html} />
      ) : (
        <pre className="mail-view__text">{mail.text}</pre>
      )}
      <section className="mail-view__events" aria-label="Events">
        <h3>Events</h3>
        {mail.events.length === 0 ? (
          <p className="muted">{mail.messageRef ? 'Nothing yet: no open, click, unsubscribe or bounce.' : 'Not a campaign message: no events are kept for it.'}</p>
        ) : (
          <ol className="mail-view__event-list">
            {mail.events.map((event, index) => (
              <li key={index}>
                <span className={`event-type event-type--${event.type}`}>{event.type}</span> <span className="table__time muted">{formatTime(event.at)}</span> {eventText(event)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

/**
 * The mail's HTML without its open pixel (`/t/o/…`): someone reading the outbox is not the
 * contact opening the mail, and the pixel would record an open for them.
 */
function withoutOpenPixel(html: string): string {
  const document = new DOMParser().parseFromString(html, 'text/html');
  for (const image of document.querySelectorAll('img[src*="/t/o/"]')) image.remove();
  return `<!doctype html>${document.documentElement.outerHTML}`;
}
