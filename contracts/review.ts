import { Type } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

export const ReviewTaskSchema = Type.Object({
  id: UuidSchema,
  runId: UuidSchema,
  nodeId: Type.String(),
  cohortId: UuidSchema,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('cancelled')]),
  outcome: Nullable(Type.String()),
  instructions: Type.String(),
  dueAt: Nullable(DateTimeSchema),
  createdAt: DateTimeSchema,
  closedAt: Nullable(DateTimeSchema),
});

export const ReviewMessageSchema = Type.Object({
  id: UuidSchema,
  contactId: UuidSchema,
  toAddress: Type.String(),
  subject: Nullable(Type.String()),
  bodyText: Type.String(),
  status: Type.String(),
  excludedBecause: Nullable(Type.String()),
});

export const ReviewMessagesQuerySchema = Type.Object({
  after: Type.Optional(UuidSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});

export const ReviewMessagesPageSchema = Type.Object({
  task: ReviewTaskSchema,
  messages: Type.Array(ReviewMessageSchema),
  /** Pass as `after` for the next page; null on the last. */
  next: Nullable(UuidSchema),
});

export const ExclusionInputSchema = Type.Object(
  {
    messageIds: Type.Array(UuidSchema, { minItems: 1, maxItems: 1_000 }),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why these messages must not go (kept with the member)' }),
  },
  { additionalProperties: false },
);

export const ExclusionResultSchema = Type.Object({ excluded: Type.Array(UuidSchema) });
