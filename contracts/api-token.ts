import { Type } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, UuidSchema } from './common';
import { UserRoleSchema } from './user';

export const ApiTokenSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  role: UserRoleSchema,
  storeId: Nullable(UuidSchema),
  /** The token's first characters, to tell tokens apart; never enough to use it. */
  prefix: Type.String(),
  createdBy: Nullable(UuidSchema),
  createdAt: DateTimeSchema,
  lastUsedAt: Nullable(DateTimeSchema),
  revokedAt: Nullable(DateTimeSchema),
});

export const CreateApiTokenSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }), role: UserRoleSchema, storeId: Type.Optional(Nullable(UuidSchema)) },
  { additionalProperties: false },
);

/** The created token with its secret, which is shown this once and stored only hashed. */
export const CreatedApiTokenSchema = Type.Object({ token: ApiTokenSchema, secret: Type.String() });

export const ApiTokenListSchema = Type.Object({ items: Type.Array(ApiTokenSchema) });
