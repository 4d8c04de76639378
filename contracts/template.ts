import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema, LanguageSchema, Nullable, StringEnum, UuidSchema } from './common';
import { EmailSchema } from './email';

/** Channels a template can be written for in this version (the schema knows sms and letter too). */
export const TEMPLATE_CHANNELS = ['email'] as const;
/** Which salutation wording a template uses: "Dear Ms Rossi" (formal) or "Ciao Anna" (informal). */
export const FORMALITIES = ['formal', 'informal'] as const;

const SUBJECT = Type.String({ maxLength: 998, description: 'Handlebars; one line (998 = the longest line RFC 5322 allows)' });
const BODY_MAX = 500_000;

/**
 * One language of a template. HTML and text are both optional, not both absent: an HTML-only
 * variant gets its text part derived from the HTML when sent; a text-only one is sent as text.
 */
export const TemplateVariantSchema = Type.Object(
  {
    language: Type.String({ pattern: LanguageSchema.pattern, description: 'Language tag, e.g. en, hu, pt-BR' }),
    subject: SUBJECT,
    preheader: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'The preview line inboxes show after the subject (HTML mails)' }))),
    html: Type.Optional(Nullable(Type.String({ maxLength: BODY_MAX, description: 'Handlebars HTML body; values are HTML-escaped, CSS is inlined when sent' }))),
    text: Type.Optional(Nullable(Type.String({ maxLength: BODY_MAX, description: 'Handlebars plain-text body; derived from the HTML when left out' }))),
  },
  { additionalProperties: false },
);
export type TemplateVariantBody = Static<typeof TemplateVariantSchema>;

/**
 * A template as written: its language variants (at least one, each language once), or, as a
 * shorthand for a one-language plain-text template, `subject` and `body` in `language`.
 */
export const TemplateInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    channel: StringEnum(TEMPLATE_CHANNELS),
    language: Type.Optional(Type.String({ ...LanguageSchema, description: "The template's default language: its variant is used when neither the contact's language nor the campaign's default has one" })),
    formality: Type.Optional(StringEnum(FORMALITIES, { default: 'formal', description: 'Which salutation wording {{salutation}} gives' })),
    variants: Type.Optional(Type.Array(TemplateVariantSchema, { minItems: 1, maxItems: 40 })),
    subject: Type.Optional(SUBJECT),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: BODY_MAX, description: 'Shorthand: the plain-text body of the one variant, in `language`' })),
  },
  { additionalProperties: false },
);
export type TemplateInputBody = Static<typeof TemplateInputSchema>;

export const TemplateVariantOutSchema = Type.Object({
  language: Type.String(),
  subject: Type.String(),
  preheader: Nullable(Type.String()),
  html: Nullable(Type.String()),
  text: Nullable(Type.String()),
});
export type TemplateVariant = Static<typeof TemplateVariantOutSchema>;

export const TemplateSchema = Type.Object({
  id: UuidSchema,
  name: Type.String(),
  channel: Type.String(),
  language: Type.String({ description: 'Default language' }),
  formality: StringEnum(FORMALITIES),
  variants: Type.Array(TemplateVariantOutSchema, { description: 'The default language first, then by language' }),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});

/** The salutation matrix's axes (db/migrations/0015): `neutral` = named, gender unknown; `unnamed` = no name at all. */
export const SALUTATION_GENDERS = ['female', 'male', 'neutral', 'unnamed'] as const;

export const SalutationInputSchema = Type.Object(
  {
    language: Type.String({ pattern: LanguageSchema.pattern }),
    formality: StringEnum(FORMALITIES),
    gender: StringEnum(SALUTATION_GENDERS),
    qualifier: Type.String({ maxLength: 100, description: "A title or position it is for (matched without case against the contact's title, then position); '' = any" }),
    wording: Type.String({ minLength: 1, maxLength: 500, description: 'Handlebars over {{firstName}} {{lastName}} {{title}} {{position}}' }),
  },
  { additionalProperties: false },
);
export const SalutationSchema = Type.Object({ id: UuidSchema, ...SalutationInputSchema.properties });
export type Salutation = Static<typeof SalutationSchema>;
export type Template = Static<typeof TemplateSchema>;
export type SalutationInput = Static<typeof SalutationInputSchema>;

/** The whole matrix, replaced at once (PUT /api/salutations): every (language, formality) present keeps its `unnamed` row. */
export const SalutationListInputSchema = Type.Object(
  { items: Type.Array(SalutationInputSchema, { minItems: 1, maxItems: 2000 }) },
  { additionalProperties: false },
);
export type SalutationListInput = Static<typeof SalutationListInputSchema>;

const VARIANT_LANGUAGE = Type.String({ pattern: LanguageSchema.pattern, description: "Show this language's variant (and salutation) whatever the contact's language" });

/** Which language a message took and why: the contact's own, the campaign's default, or the template's default. */
export const LANGUAGE_FALLBACKS = ['contact', 'campaign', 'template'] as const;

/**
 * Preview a template (saved or not: the body carries it) as one contact would receive it. No
 * contact: a sample made of the fields' examples. A campaign gives its product, price, discount
 * and default language.
 */
export const TemplatePreviewInputSchema = Type.Object(
  {
    template: TemplateInputSchema,
    contactId: Type.Optional(UuidSchema),
    campaignId: Type.Optional(UuidSchema),
    language: Type.Optional(VARIANT_LANGUAGE),
  },
  { additionalProperties: false },
);
export type TemplatePreviewInput = Static<typeof TemplatePreviewInputSchema>;

/** Exactly what generate would write for that contact (links signed with a preview message id that leads nowhere). */
export const TemplatePreviewSchema = Type.Object({
  language: Type.String(),
  fallback: StringEnum(LANGUAGE_FALLBACKS),
  subject: Type.String(),
  preheader: Nullable(Type.String()),
  html: Nullable(Type.String({ description: 'The HTML part as sent (CSS inlined, links tracked); null for a text-only variant' })),
  text: Type.String(),
  headers: Type.Record(Type.String(), Type.String()),
});
export type TemplatePreview = Static<typeof TemplatePreviewSchema>;

/** Send a saved template once to `to`, rendered for a contact (or the sample contact), its subject marked "[Test] ". */
export const TemplateTestSendInputSchema = Type.Object(
  {
    to: EmailSchema,
    contactId: Type.Optional(UuidSchema),
    campaignId: Type.Optional(UuidSchema),
    language: Type.Optional(VARIANT_LANGUAGE),
  },
  { additionalProperties: false },
);
export type TemplateTestSendInput = Static<typeof TemplateTestSendInputSchema>;

export const TemplateTestSendSchema = Type.Object({
  to: Type.String(),
  language: Type.String(),
  subject: Type.String({ description: 'The subject as sent, "[Test] " first' }),
});
