import { Type } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, StringEnum, UuidSchema } from './common';
import { PERMISSIONS } from './permissions';
import { UserRoleSchema } from './user';

/** Long enough to resist guessing once rate-limited; long passphrases welcome. */
export const PASSWORD_MIN_LENGTH = 10;
export const PasswordSchema = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: 256, description: `At least ${PASSWORD_MIN_LENGTH} characters` });

export const SignInSchema = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

/** Who is calling: a signed-in person, or an API token acting as a role. */
export const PrincipalSchema = Type.Object({
  kind: StringEnum(['user', 'token'] as const),
  id: UuidSchema,
  name: Type.String(),
  email: Nullable(Type.String()),
  role: UserRoleSchema,
  storeId: Nullable(UuidSchema),
  teamId: Nullable(UuidSchema),
  /** Where the caller's contact reads are limited to (null = every store). */
  scopeStoreId: Nullable(UuidSchema),
  /** True when reads are limited to one store; with scopeStoreId null it means "no store: sees no contacts". */
  scoped: Type.Boolean(),
  permissions: Type.Array(StringEnum(PERMISSIONS)),
});

export const ChangePasswordSchema = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: PasswordSchema }, { additionalProperties: false });

export const ResetPasswordSchema = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200 }), newPassword: PasswordSchema }, { additionalProperties: false });

export const ResetLinkCheckSchema = Type.Object({ email: Type.String(), name: Type.String(), expiresAt: DateTimeSchema });

/** A one-time link an admin hands to a person to set their password; shown once. */
export const ResetLinkSchema = Type.Object({ url: Type.String(), expiresAt: DateTimeSchema });
