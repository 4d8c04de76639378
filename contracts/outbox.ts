import { Type, type Static } from '@sinclair/typebox';
import { Nullable, UuidSchema } from './common';

/**
 * What happened to a mail after it left: a tracked open or click, an unsubscribe through its
 * link, a bounce (the `events` rows written for its message id), oldest first.
 */
export const OutboxEventSchema = Type.Object({
  type: Type.String({ description: 'open | click | unsubscribe | bounce' }),
  at: Type.String({ format: 'date-time' }),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'click: { index, url }; unsubscribe: { topic?, source }; bounce: { reply }' }),
});
export type OutboxEvent = Static<typeof OutboxEventSchema>;

/**
 * One mail caught by the embedded dev outbox (channels/dev-outbox.ts), as `GET /api/outbox`
 * lists it and the designer's Outbox screen shows it.
 */
export const OutboxMailSchema = Type.Object({
  id: Type.String({ description: "The stored file's name without .eml: sortable by arrival" }),
  messageId: Type.String({ description: "The Message-ID header, or '' when the sender set none" }),
  /** Our message id (from `<id@campaign-studio>`), null for a mail another sender made. */
  messageRef: Nullable(UuidSchema),
  headers: Type.Record(Type.String(), Type.String(), { description: 'Every header as received, by lower-case name (List-Unsubscribe, List-Unsubscribe-Post, …)' }),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.Optional(Type.String({ description: "The mail's HTML part as sent (CSS inlined, tracked links, open pixel)" })),
  receivedAt: Type.String({ format: 'date-time' }),
  events: Type.Array(OutboxEventSchema, { description: 'Events of the message (by messageRef), oldest first; [] for a mail that is not ours' }),
});
export type OutboxMail = Static<typeof OutboxMailSchema>;

export const OutboxListSchema = Type.Object({ items: Type.Array(OutboxMailSchema, { description: 'Newest first' }) });
