import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema, LanguageSchema, StringEnum, UuidSchema } from './common';

/** Channels a template can be written for in this version (the schema knows sms and letter too). */
export const TEMPLATE_CHANNELS = ['email'] as const;

export const TemplateInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    channel: StringEnum(TEMPLATE_CHANNELS),
    language: Type.Optional(LanguageSchema),
    subject: Type.String({ maxLength: 998, description: 'Handlebars; 998 = the longest line RFC 5322 allows' }),
    body: Type.String({ minLength: 1, maxLength: 500_000, description: 'Handlebars: {{salutation}}, {{contact.firstName}}, …' }),
  },
  { additionalProperties: false },
);
export type TemplateInputBody = Static<typeof TemplateInputSchema>;

export const TemplateSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  channel: Type.String(),
  language: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});
