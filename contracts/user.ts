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
  disabled: Type.Boolean(),
  lastSignInAt: Nullable(DateTimeSchema),
  /** False until the person has set a password through a reset link (or the CLI). */
  hasPassword: Type.Boolean(),
});

/** What an admin may change; disabling (or a role change) ends the person's sessions at once. */
export const UserUpdateSchema = Type.Object(
  {
    email: Type.Optional(EmailSchema),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    role: Type.Optional(UserRoleSchema),
    teamId: Type.Optional(Nullable(UuidSchema)),
    storeId: Type.Optional(Nullable(UuidSchema)),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const UserListSchema = Type.Object({ items: Type.Array(UserSchema) });
