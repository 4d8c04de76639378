import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, UuidSchema } from './common';

export const TeamInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    storeId: Type.Optional(Nullable(UuidSchema)),
  },
  { additionalProperties: false },
);
export type TeamInputBody = Static<typeof TeamInputSchema>;

export const TeamSchema = Type.Object({ id: UuidSchema, name: Type.String(), storeId: Nullable(UuidSchema), createdAt: DateTimeSchema });

export const TeamListSchema = Type.Object({ items: Type.Array(TeamSchema) });
