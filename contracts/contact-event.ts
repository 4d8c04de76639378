import { Type } from '@sinclair/typebox';
import { DateTimeSchema, Nullable } from './common';

export const ContactEventInputSchema = Type.Object(
  {
    kind: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$' }),
    title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
    body: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))),
  },
  { additionalProperties: false },
);

export const ContactEventSchema = Type.Object({ id: Type.String(), kind: Type.String(), title: Type.String(), body: Nullable(Type.String()), occurredAt: DateTimeSchema });

export const ContactEventListSchema = Type.Object({ items: Type.Array(ContactEventSchema) });
