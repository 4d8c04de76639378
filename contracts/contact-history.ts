import { Type } from '@sinclair/typebox';
import { DateTimeSchema, Nullable } from './common';

export const HistoryQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  before: Type.Optional(Type.String({ maxLength: 500, description: 'nextCursor of the previous page (asked in the same order)' })),
  order: Type.Union([Type.Literal('desc'), Type.Literal('asc')], { default: 'desc', description: 'desc: newest first (default)' }),
});

export const HistoryItemSchema = Type.Object({
  at: DateTimeSchema,
  kind: Type.String({
    description:
      'campaign_joined, message, engagement, task_created, task_closed, opportunity_created, opportunity_won, opportunity_lost, consent, ' +
      "lead_created, or a contact event's own kind (note, call, lead_converted, ...)",
  }),
  title: Type.String(),
  detail: Type.Optional(Type.String({ description: "A message's text body, a task's notes, a loss reason, the consent wording, ..." })),
  ref: Type.Optional(
    Type.Object({
      type: Type.Union([Type.Literal('campaign'), Type.Literal('message'), Type.Literal('task'), Type.Literal('opportunity'), Type.Literal('topic'), Type.Literal('lead')]),
      id: Type.String(),
    }),
  ),
  data: Type.Record(Type.String(), Type.Unknown(), { description: "The kind's structured detail; for a message: channel, status, toAddress, subject, bodyText, bodyHtml, sentAt" }),
});

export const HistoryPageSchema = Type.Object({
  items: Type.Array(HistoryItemSchema),
  nextCursor: Nullable(Type.String({ description: 'Pass as `before` for the next page; null on the last page' })),
});
