import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ATTRIBUTE_KEY_PATTERN } from '../flow/audience-fields';
import { DateTimeSchema, LanguageSchema, Nullable, StringEnum, UuidSchema } from './common';
import { EmailSchema } from './email';

export const GENDERS = ['female', 'male', 'other'] as const;

const text = (maxLength: number) => Type.String({ maxLength });

/**
 * `value | null` for request bodies, as ONE schema with `type: ['null', ...]` rather than the
 * `anyOf` of common.ts's Nullable: with an `anyOf`, a bad value is reported by its first branch
 * ("must be null"); here it is reported by its own rule ("must be a valid uuid"). Null still stays
 * null (Ajv's type coercion sees that null is an allowed type).
 */
export function NullableInput<S extends TSchema>(schema: S) {
  const plain = JSON.parse(JSON.stringify(schema)) as { type?: string; enum?: unknown[] };
  const type = plain.type ?? 'string';
  return Type.Unsafe<Static<S> | null>({ ...plain, type: ['null', type], ...(plain.enum ? { enum: [...plain.enum, null] } : {}) });
}

/** The CRM fields and links of a contact, for create and patch alike (null leaves one empty). */
function linkFields() {
  return {
    companyId: Type.Optional(NullableInput(UuidSchema)),
    customerCode: Type.Optional(NullableInput(Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' }))),
    position: Type.Optional(NullableInput(text(200))),
    timeZone: Type.Optional(NullableInput(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Bucharest' }))),
    ownerId: Type.Optional(NullableInput(UuidSchema)),
    storeId: Type.Optional(NullableInput(UuidSchema)),
  };
}

/**
 * Custom fields; keys are identifiers so audience rules can address them as `attributes.<key>`.
 * Declared keys are checked against their type on write (db/contact-attributes.ts).
 */
export const AttributesSchema = Type.Record(Type.String(), Type.Unknown(), {
  propertyNames: { pattern: ATTRIBUTE_KEY_PATTERN.source },
  maxProperties: 200,
  description: 'Custom attributes; keys are identifiers (letters, digits, _)',
});

export const ContactInputSchema = Type.Object(
  {
    email: EmailSchema,
    firstName: Type.Optional(text(200)),
    lastName: Type.Optional(text(200)),
    gender: Type.Optional(StringEnum(GENDERS)),
    title: Type.Optional(text(100)),
    language: Type.Optional(LanguageSchema),
    phone: Type.Optional(text(50)),
    addressLine: Type.Optional(text(500)),
    postalCode: Type.Optional(text(20)),
    city: Type.Optional(text(200)),
    country: Type.Optional(text(100)),
    ...linkFields(),
    attributes: Type.Optional(AttributesSchema),
  },
  { additionalProperties: false },
);
export type ContactInputBody = Static<typeof ContactInputSchema>;

/** LanguageSchema minus its default: in a patch, an absent language must stay, not become 'en'. */
const { default: _languageDefault, ...languageSchema } = JSON.parse(JSON.stringify(LanguageSchema)) as Record<string, unknown>;
export const LanguageWithoutDefault = Type.Unsafe<string>(languageSchema);

/** A partial update: absent fields stay, null empties a field, an attribute set to null is removed. */
export const ContactPatchSchema = Type.Object(
  {
    email: Type.Optional(EmailSchema),
    firstName: Type.Optional(NullableInput(text(200))),
    lastName: Type.Optional(NullableInput(text(200))),
    gender: Type.Optional(NullableInput(StringEnum(GENDERS))),
    title: Type.Optional(NullableInput(text(100))),
    language: Type.Optional(LanguageWithoutDefault),
    phone: Type.Optional(NullableInput(text(50))),
    addressLine: Type.Optional(NullableInput(text(500))),
    postalCode: Type.Optional(NullableInput(text(20))),
    city: Type.Optional(NullableInput(text(200))),
    country: Type.Optional(NullableInput(text(100))),
    ...linkFields(),
    attributes: Type.Optional(AttributesSchema),
  },
  { additionalProperties: false },
);

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
  gender: Nullable(StringEnum(GENDERS)),
  title: Nullable(Type.String()),
  language: Type.String(),
  phone: Nullable(Type.String()),
  addressLine: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  city: Nullable(Type.String()),
  country: Nullable(Type.String()),
  companyId: Nullable(UuidSchema),
  customerCode: Nullable(Type.String()),
  position: Nullable(Type.String()),
  timeZone: Nullable(Type.String()),
  ownerId: Nullable(UuidSchema),
  storeId: Nullable(UuidSchema),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  abcClass: Nullable(Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')])),
  abcComputedAt: Nullable(DateTimeSchema),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});

/** A contact as read (one, or a row of the list): with the names of its company, owner (a user) and store. */
export const ContactWithCompanySchema = Type.Object({
  ...ContactSchema.properties,
  companyName: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  storeName: Nullable(Type.String()),
});

export const ContactListQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  after: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of an e-mail address or name' })),
});

export const ContactPageSchema = Type.Object({
  items: Type.Array(ContactWithCompanySchema),
  nextCursor: Nullable(Type.String({ description: 'Pass as `after` for the next page; null on the last page' })),
});
