import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, UuidSchema } from './common';
import { EmailSchema } from './email';

export const UserRoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('designer'), Type.Literal('agent'), Type.Literal('budget_owner')]);

export const UserInputSchema = Type.Object(
  {
    email: EmailSchema,
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    role: UserRoleSchema,
    teamId: Type.Optional(Nullable(UuidSchema)),
    storeId: Type.Optional(Nullable(UuidSchema)),
  },
  { additionalProperties: false },
);
export type UserInputBody = Static<typeof UserInputSchema>;

export const UserSchema = Type.Object({
  id: UuidSchema,
  email: Type.String(),
  name: Type.String(),
  role: UserRoleSchema,
  teamId: Nullable(UuidSchema),
  storeId: Nullable(UuidSchema),
  createdAt: DateTimeSchema,
});

export const UserListSchema = Type.Object({ items: Type.Array(UserSchema) });
