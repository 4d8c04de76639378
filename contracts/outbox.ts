import { Type, type Static } from '@sinclair/typebox';

/**
 * One mail caught by the embedded dev outbox (channels/dev-outbox.ts), as `GET /api/outbox`
 * lists it and the designer's Outbox screen shows it.
 */
export const OutboxMailSchema = Type.Object({
  id: Type.String({ description: "The stored file's name without .eml: sortable by arrival" }),
  messageId: Type.String({ description: "The Message-ID header, or '' when the sender set none" }),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.Optional(Type.String()),
  receivedAt: Type.String({ format: 'date-time' }),
});
export type OutboxMail = Static<typeof OutboxMailSchema>;

export const OutboxListSchema = Type.Object({ items: Type.Array(OutboxMailSchema, { description: 'Newest first' }) });
