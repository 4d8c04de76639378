import { Type, type Static } from '@sinclair/typebox';
import { Text } from './commerce';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

const DoubleOptInSchema = Type.Boolean({
  description: 'Subscribing waits for the person to follow an e-mailed link (recommended; required for e-mail marketing in the EU)',
});

export const TopicInputSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', description: 'Stable code segments and imports name the topic by' }),
    name: Text(200),
    description: Type.Optional(Nullable(Text(2_000))),
    doubleOptIn: Type.Optional(Type.Boolean({ ...DoubleOptInSchema, default: true })),
  },
  { additionalProperties: false },
);
export type TopicInputBody = Static<typeof TopicInputSchema>;

export const TopicPatchSchema = Type.Object(
  {
    name: Type.Optional(Text(200)),
    description: Type.Optional(Nullable(Text(2_000))),
    doubleOptIn: Type.Optional(DoubleOptInSchema),
  },
  { additionalProperties: false, minProperties: 1, description: 'The code cannot change: saved segments name topics by code' },
);

export const TopicSchema = Type.Object({
  id: UuidSchema,
  code: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  doubleOptIn: Type.Boolean(),
  subscriberCount: Type.Integer({ description: 'Confirmed subscriptions (contacts and leads)' }),
  createdAt: DateTimeSchema,
});

export const TopicListSchema = Type.Object({ items: Type.Array(TopicSchema) });
