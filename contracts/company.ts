import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema, Nullable, UuidSchema } from './common';
import { EmailSchema } from './email';

export const CompanyKindSchema = Type.Union([Type.Literal('client'), Type.Literal('prospect'), Type.Literal('partner'), Type.Literal('competitor')]);

const optionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));

export const CompanyInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
    kind: Type.Optional(CompanyKindSchema),
    code: optionalText(64),
    industry: optionalText(200),
    email: Type.Optional(Nullable(EmailSchema)),
    phone: optionalText(64),
    city: optionalText(200),
    country: optionalText(100),
  },
  { additionalProperties: false },
);
export type CompanyInputBody = Static<typeof CompanyInputSchema>;

export const CompanySchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  kind: CompanyKindSchema,
  code: Nullable(Type.String()),
  industry: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  city: Nullable(Type.String()),
  country: Nullable(Type.String()),
  createdAt: DateTimeSchema,
});

export const CompanyListQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(CompanyKindSchema),
});

export const CompanyPageSchema = Type.Object({ items: Type.Array(CompanySchema), total: Type.Integer() });
