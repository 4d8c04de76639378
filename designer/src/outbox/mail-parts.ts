import type { OutboxMail } from '../api/client';

/** The headers the outbox shows for every mail (names as RFC 2369 / 8058 / 5322 write them), in this order. */
export const SHOWN_HEADERS = ['List-Unsubscribe', 'List-Unsubscribe-Post', 'Message-ID'] as const;

/** The shown headers the mail has, by their written names (the API keys headers by lower-case name). */
export function shownHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) {
    const value = headers[name.toLowerCase()] ?? headers[name];
    if (value !== undefined) shown[name] = value;
  }
  return shown;
}

type OutboxEvent = OutboxMail['events'][number];

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);

/** What an event of the mail was, in words: "Clicked link 2: https://…", "Unsubscribed from offers (one-click)". */
export function eventText(event: OutboxEvent): string {
  const data = event.data;
  switch (event.type) {
    case 'open':
      return 'Opened';
    case 'click': {
      const index = text(data.index);
      const url = text(data.url);
      return `Clicked${index !== null ? ` link ${Number(index) + 1}` : ''}${url ? `: ${url}` : ''}`;
    }
    case 'unsubscribe': {
      const topic = text(data.topic);
      const source = text(data.source);
      return `Unsubscribed${topic ? ` from ${topic}` : ''}${source ? ` (${source})` : ''}`;
    }
    case 'bounce': {
      const reply = text(data.reply);
      return `Bounced${reply ? `: ${reply}` : ''}`;
    }
    default:
      return event.type;
  }
}
