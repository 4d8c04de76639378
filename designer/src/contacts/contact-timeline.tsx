import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { crm, type HistoryItem } from '../api/crm-client';
import { formatTime } from '../app/format-time';
import { FOLD_AFTER_CHARS, HISTORY_PAGE_SIZE, MESSAGE_KINDS, historyKind } from './timeline-model';

interface Timeline {
  items: HistoryItem[];
  /** Where older items start; null once the oldest was read. */
  nextCursor: string | null;
  status: 'loading' | 'ready' | 'failed';
  message?: string;
}

/** Everything that happened to the contact, newest first, read a page at a time backwards. */
export function ContactTimeline({ contactId }: { contactId: string }) {
  const [timeline, setTimeline] = useState<Timeline>({ items: [], nextCursor: null, status: 'loading' });
  const mounted = useRef(true);

  const load = useCallback(
    async (before: string | undefined) => {
      setTimeline((current) => ({ ...current, status: 'loading', message: undefined }));
      try {
        const page = await crm.getHistory(contactId, { limit: HISTORY_PAGE_SIZE, before });
        if (mounted.current) setTimeline((current) => ({ items: before ? [...current.items, ...page.items] : page.items, nextCursor: page.nextCursor, status: 'ready' }));
      } catch (error) {
        if (mounted.current) setTimeline((current) => ({ ...current, status: 'failed', message: errorMessage(error) }));
      }
    },
    [contactId],
  );

  useEffect(() => {
    mounted.current = true;
    void load(undefined);
    return () => {
      mounted.current = false;
    };
  }, [load]);

  return (
    <section className="contact-section" aria-labelledby="contact-timeline-title">
      <h2 id="contact-timeline-title">Timeline</h2>
      {timeline.status === 'ready' && timeline.items.length === 0 && <p className="muted">Nothing has happened to this contact yet.</p>}
      {timeline.items.length > 0 && (
        <ol className="timeline" aria-label="Timeline, newest first">
          {timeline.items.map((item, index) => (
            <TimelineEntry key={`${item.at}:${item.kind}:${index}`} item={item} />
          ))}
        </ol>
      )}
      {timeline.status === 'failed' && (
        <p className="field__error" role="alert">
          Could not load the timeline: {timeline.message}
        </p>
      )}
      <div className="button-row" aria-live="polite">
        {timeline.status === 'loading' && <span className="muted">Loading…</span>}
        {timeline.nextCursor && timeline.status !== 'loading' && (
          <button type="button" className="button" onClick={() => void load(timeline.nextCursor ?? undefined)}>
            Load older
          </button>
        )}
        {timeline.status === 'failed' && !timeline.nextCursor && timeline.items.length === 0 && (
          <button type="button" className="button" onClick={() => void load(undefined)}>
            Try again
          </button>
        )}
      </div>
    </section>
  );
}

function TimelineEntry({ item }: { item: HistoryItem }) {
  const kind = historyKind(item.kind);
  return (
    <li className={`timeline__item timeline__item--${item.kind.replace(/[^a-z0-9_-]/gi, '')}`}>
      <span className="timeline__icon" aria-hidden="true">
        {kind.icon}
      </span>
      <div className="timeline__body">
        <div className="timeline__head">
          <span className="timeline__kind">{kind.label}</span>
          <time dateTime={item.at} className="muted">
            {formatTime(item.at)}
          </time>
        </div>
        <div className="timeline__title">{item.title}</div>
        {MESSAGE_KINDS.has(item.kind) ? <MessageDetail item={item} /> : item.detail && <Detail text={item.detail} />}
      </div>
    </li>
  );
}

function Detail({ text }: { text: string }) {
  if (text.length <= FOLD_AFTER_CHARS) return <p className="timeline__detail">{text}</p>;
  return (
    <details className="timeline__more">
      <summary>Show all</summary>
      <p className="timeline__detail">{text}</p>
    </details>
  );
}

const asText = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** A message folded to one line; opened, it shows its address, subject, status and content. */
function MessageDetail({ item }: { item: HistoryItem }) {
  const data = item.data;
  const facts: [string, string | undefined][] = [
    ['Channel', asText(data.channel)],
    ['To', asText(data.toAddress)],
    ['Subject', asText(data.subject)],
    ['Status', asText(data.status)],
  ];
  const body = item.detail ?? asText(data.bodyText);
  const shown = facts.filter((fact): fact is [string, string] => fact[1] !== undefined);
  if (!body && shown.length === 0) return null;
  return (
    <details className="timeline__more">
      <summary>Show the message</summary>
      {shown.length > 0 && (
        <dl className="timeline__message-facts">
          {shown.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {body && <pre className="timeline__message">{body}</pre>}
    </details>
  );
}
