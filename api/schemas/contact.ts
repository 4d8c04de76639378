import { Type, type Static } from '@fastify/type-provider-typebox';
import { ATTRIBUTE_KEY_PATTERN } from '../../flow/audience-fields';
import { DateTimeSchema, LanguageSchema, Nullable, UuidSchema } from './common';

export const GENDERS = ['female', 'male', 'other'] as const;

const text = (maxLength: number) => Type.String({ maxLength });

/** Custom fields; keys are identifiers so audience rules can address them as `attributes.<key>`. */
const AttributesSchema = Type.Record(Type.String(), Type.Unknown(), {
  propertyNames: { pattern: ATTRIBUTE_KEY_PATTERN.source },
  maxProperties: 200,
  description: 'Custom attributes; keys are identifiers (letters, digits, _)',
});

export const ContactInputSchema = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    firstName: Type.Optional(text(200)),
    lastName: Type.Optional(text(200)),
    gender: Type.Optional(Type.Enum(GENDERS)),
    title: Type.Optional(text(100)),
    language: Type.Optional(LanguageSchema),
    phone: Type.Optional(text(50)),
    addressLine: Type.Optional(text(500)),
    postalCode: Type.Optional(text(20)),
    city: Type.Optional(text(200)),
    country: Type.Optional(text(100)),
    attributes: Type.Optional(AttributesSchema),
  },
  { additionalProperties: false },
);
export type ContactInputBody = Static<typeof ContactInputSchema>;

/** The most contacts one bulk request may carry; all of them are written in one transaction. */
export const BULK_MAX_CONTACTS = 10_000;

export const BulkContactsSchema = Type.Object(
  { contacts: Type.Array(ContactInputSchema, { minItems: 1, maxItems: BULK_MAX_CONTACTS }) },
  { additionalProperties: false },
);

export const BulkResultSchema = Type.Object({ created: Type.Integer() });

export const ContactSchema = Type.Object({
  id: UuidSchema,
  email: Nullable(Type.String()),
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  gender: Nullable(Type.Enum(GENDERS)),
  title: Nullable(Type.String()),
  language: Type.String(),
  phone: Nullable(Type.String()),
  addressLine: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  city: Nullable(Type.String()),
  country: Nullable(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});

export const ContactListQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  after: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of an e-mail address or name' })),
});

export const ContactPageSchema = Type.Object({
  items: Type.Array(ContactSchema),
  nextCursor: Nullable(Type.String({ description: 'Pass as `after` for the next page; null on the last page' })),
});
