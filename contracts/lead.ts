import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema, LanguageSchema, Nullable, StringEnum, UuidSchema } from './common';
import { CompanyKindSchema, CompanySchema } from './company';
import { AttributesSchema, ContactSchema, GENDERS, LanguageWithoutDefault, NullableInput } from './contact';
import { EmailSchema } from './email';

export const LEAD_STATUSES = ['open', 'converted', 'discarded'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_ACTIVITY_KINDS = ['quote', 'reminder', 'meeting_note', 'note'] as const;
export type LeadActivityKind = (typeof LEAD_ACTIVITY_KINDS)[number];

const text = (maxLength: number) => Type.String({ maxLength });
const LeadStatusSchema = StringEnum(LEAD_STATUSES);
const SourceSchema = Type.String({ minLength: 1, maxLength: 100, description: 'Where the lead came from: business card, newsletter, fair, ...' });

/** The fields of a lead; on create all optional (a lead is incomplete by nature), e-mail valid when given. */
function leadFields(nullable: boolean) {
  const field = <S extends Parameters<typeof NullableInput>[0]>(schema: S) => Type.Optional(nullable ? NullableInput(schema) : schema);
  return {
    firstName: field(text(200)),
    lastName: field(text(200)),
    email: field(EmailSchema),
    phone: field(text(50)),
    companyName: field(text(300)),
    title: field(text(100)),
    position: field(text(200)),
    gender: field(StringEnum(GENDERS)),
    notes: field(text(5000)),
    ownerId: field(UuidSchema),
    source: Type.Optional(SourceSchema),
    attributes: Type.Optional(AttributesSchema),
  };
}

export const LeadInputSchema = Type.Object({ ...leadFields(false), language: Type.Optional(LanguageSchema) }, { additionalProperties: false });
export type LeadInputBody = Static<typeof LeadInputSchema>;

/** A partial update: absent fields stay, null empties one, an attribute set to null is removed. */
export const LeadPatchSchema = Type.Object(
  { ...leadFields(true), language: Type.Optional(LanguageWithoutDefault) },
  { additionalProperties: false },
);

export const LeadSchema = Type.Object({
  id: UuidSchema,
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  companyName: Nullable(Type.String()),
  title: Nullable(Type.String()),
  position: Nullable(Type.String()),
  gender: Nullable(StringEnum(GENDERS)),
  language: Type.String(),
  source: Type.String(),
  notes: Nullable(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  status: LeadStatusSchema,
  ownerId: Nullable(UuidSchema),
  convertedContactId: Nullable(UuidSchema),
  convertedCompanyId: Nullable(UuidSchema),
  convertedAt: Nullable(DateTimeSchema),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});

export const LeadListQuerySchema = Type.Object({
  status: Type.Optional(LeadStatusSchema),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  after: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
});

export const LeadPageSchema = Type.Object({
  items: Type.Array(LeadSchema),
  nextCursor: Nullable(Type.String({ description: 'Pass as `after` for the next page; null on the last page' })),
});

export const LeadActivityInputSchema = Type.Object(
  {
    kind: StringEnum(LEAD_ACTIVITY_KINDS),
    body: Type.String({ minLength: 1, maxLength: 10_000, pattern: '\\S' }),
    dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'When a reminder or quote falls due' })),
    author: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const LeadActivitySchema = Type.Object({
  id: UuidSchema,
  leadId: UuidSchema,
  kind: StringEnum(LEAD_ACTIVITY_KINDS),
  body: Type.String(),
  dueAt: Nullable(DateTimeSchema),
  author: Nullable(Type.String()),
  createdAt: DateTimeSchema,
});

export const LeadActivityListSchema = Type.Object({ items: Type.Array(LeadActivitySchema) });

export const ConvertLeadSchema = Type.Object(
  {
    companyId: Type.Optional(UuidSchema),
    companyKind: Type.Optional(CompanyKindSchema),
    ownerId: Type.Optional(UuidSchema),
  },
  { additionalProperties: false },
);

export const LeadConversionSchema = Type.Object({
  lead: LeadSchema,
  contact: ContactSchema,
  company: Nullable(CompanySchema),
  merged: Type.Boolean({ description: 'True when the lead joined a contact already on file (same e-mail)' }),
});
