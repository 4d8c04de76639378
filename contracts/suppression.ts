import { Type } from '@sinclair/typebox';
import { Text } from './commerce';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

const ChannelSchema = Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('letter'), Type.Literal('phone')]);
const ReasonSchema = Type.Union([Type.Literal('unsubscribe'), Type.Literal('bounce'), Type.Literal('complaint'), Type.Literal('manual'), Type.Literal('legal')]);

export const SuppressionInputSchema = Type.Object(
  {
    channel: ChannelSchema,
    address: Type.String({
      minLength: 1,
      maxLength: 1_000,
      description: 'E-mail (stored lower-case), phone number for sms/phone (stored as +<country><number>), or postal address',
    }),
    reason: ReasonSchema,
    note: Type.Optional(Nullable(Text(2_000))),
  },
  { additionalProperties: false },
);

export const BulkSuppressionInputSchema = Type.Object({ items: Type.Array(SuppressionInputSchema, { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false });

export const BulkSuppressionResultSchema = Type.Object({
  created: Type.Integer(),
  alreadySuppressed: Type.Integer({ description: 'Addresses already on the list (or repeated in the request): left as they were' }),
});

export const SuppressionSchema = Type.Object({
  id: UuidSchema,
  channel: ChannelSchema,
  address: Type.String(),
  reason: ReasonSchema,
  note: Nullable(Type.String()),
  createdAt: DateTimeSchema,
});

export const SuppressionListQuerySchema = Type.Object({
  channel: Type.Optional(ChannelSchema),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the address, case-insensitive' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  after: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
});

export const SuppressionPageSchema = Type.Object({
  items: Type.Array(SuppressionSchema),
  nextCursor: Nullable(Type.String({ description: 'Pass as `after` for the next page; null on the last page' })),
});

export const SuppressionCheckQuerySchema = Type.Object({ channel: ChannelSchema, address: Type.String({ minLength: 1, maxLength: 1_000 }) });

export const SuppressionCheckSchema = Type.Object({
  suppressed: Type.Boolean(),
  address: Type.String({ description: 'The address as normalised for the comparison' }),
  reason: Type.Optional(ReasonSchema),
  since: Type.Optional(DateTimeSchema),
});
