import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

/** How many members wait at a review, and what the reviewer did to their messages so far. */
export const ReviewCountsSchema = Type.Object({
  messages: Type.Integer({ description: 'Members waiting at the review (each with its message)' }),
  excluded: Type.Integer({ description: 'Of those, excluded by the reviewer: they get nothing' }),
  edited: Type.Integer({ description: 'Of those, edited by the reviewer: the edit is what is sent' }),
});

export const ReviewTaskSchema = Type.Object({
  id: UuidSchema,
  runId: UuidSchema,
  campaignId: UuidSchema,
  campaignName: Type.String(),
  nodeId: Type.String(),
  cohortId: UuidSchema,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('cancelled')]),
  outcome: Nullable(Type.String()),
  instructions: Type.String(),
  dueAt: Nullable(DateTimeSchema),
  createdAt: DateTimeSchema,
  closedAt: Nullable(DateTimeSchema),
  counts: ReviewCountsSchema,
});
export type ReviewTaskView = Static<typeof ReviewTaskSchema>;

export const ReviewMessageSchema = Type.Object({
  id: UuidSchema,
  contactId: UuidSchema,
  contactName: Type.String({ description: 'First and last name, or empty' }),
  toAddress: Type.String(),
  /** What will be sent: the reviewer's edit when there is one, else the rendered message. */
  subject: Nullable(Type.String()),
  bodyText: Type.String(),
  bodyHtml: Nullable(Type.String()),
  status: Type.String(),
  excludedBecause: Nullable(Type.String()),
  edited: Nullable(Type.Object({ at: DateTimeSchema, by: Nullable(Type.String({ description: 'Who edited it last (a person; null for an API token)' })) })),
  /** What the generate node rendered, kept when the message was edited; null while it was not. */
  original: Nullable(Type.Object({ subject: Nullable(Type.String()), bodyText: Type.String() })),
});
export type ReviewMessage = Static<typeof ReviewMessageSchema>;

export const ReviewMessagesQuerySchema = Type.Object({
  after: Type.Optional(UuidSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  q: Type.Optional(Type.String({ maxLength: 200, description: "Words in the contact's name or e-mail, the subject or the text" })),
});

export const ReviewMessagesPageSchema = Type.Object({
  task: ReviewTaskSchema,
  messages: Type.Array(ReviewMessageSchema),
  /** Pass as `after` for the next page; null on the last. */
  next: Nullable(UuidSchema),
});

export const MessageEditParamsSchema = Type.Object({ id: UuidSchema, messageId: UuidSchema });

export const MessageEditSchema = Type.Object(
  {
    subject: Type.Optional(Nullable(Type.String({ maxLength: 998, description: 'The new subject (left out: unchanged)' }))),
    body: Type.String({ minLength: 1, maxLength: 100_000, pattern: '\\S', description: 'The new text: what the contact receives' }),
  },
  { additionalProperties: false },
);
export type MessageEdit = Static<typeof MessageEditSchema>;

export const ExclusionInputSchema = Type.Object(
  {
    messageIds: Type.Array(UuidSchema, { minItems: 1, maxItems: 1_000 }),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why these messages must not go (kept with the member)' }),
  },
  { additionalProperties: false },
);

export const ExclusionResultSchema = Type.Object({ excluded: Type.Array(UuidSchema) });
