import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema, UuidSchema } from './common';

export const StoreInputSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }),
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
export type StoreInputBody = Static<typeof StoreInputSchema>;

export const StoreSchema = Type.Object({ id: UuidSchema, code: Type.String(), name: Type.String(), createdAt: DateTimeSchema });

export const StoreListSchema = Type.Object({ items: Type.Array(StoreSchema) });
