/**
 * What a message template may use: the fields of its render context and the helpers. One list
 * for the three places that need it: the API refuses a template naming anything else when it is
 * saved, the renderer builds exactly this context, and the template studio offers it as
 * autocompletion. Contact attributes are open-ended: `contact.attributes.<name>` is allowed for
 * every attribute definition (checked against the database where templates are saved).
 */
export interface TemplateField {
  path: string;
  description: string;
  /** What the preview shows for a contact who lacks it. */
  example: string;
}

export const TEMPLATE_FIELDS: readonly TemplateField[] = [
  { path: 'salutation', description: "The greeting from the salutation matrix (the contact's language, gender, title or position; the template's formality)", example: 'Dear Ms Rossi' },
  { path: 'contact.firstName', description: 'First name', example: 'Anna' },
  { path: 'contact.lastName', description: 'Last name', example: 'Rossi' },
  { path: 'contact.email', description: 'E-mail address', example: 'anna.rossi@example.com' },
  { path: 'contact.title', description: 'Title (Dr, Ing., …)', example: 'Dr' },
  { path: 'contact.position', description: 'Position (Director, Buyer, …)', example: 'Director' },
  { path: 'contact.gender', description: 'female, male or other', example: 'female' },
  { path: 'contact.language', description: 'Language tag', example: 'it' },
  { path: 'contact.city', description: 'City', example: 'Milano' },
  { path: 'contact.country', description: 'Country', example: 'IT' },
  { path: 'contact.customerCode', description: 'Customer code', example: 'C-1042' },
  { path: 'campaign.name', description: 'Campaign name', example: 'Spring offer' },
  { path: 'campaign.code', description: 'Campaign code', example: 'RET045' },
  { path: 'campaign.validTo', description: 'Last day of the campaign (YYYY-MM-DD; format it with formatDate)', example: '2026-12-31' },
  { path: 'product.code', description: 'Promoted product code', example: 'TV-55' },
  { path: 'product.name', description: 'Promoted product name', example: 'Smart TV 55"' },
  { path: 'product.currency', description: 'Currency of its price (ISO 4217)', example: 'EUR' },
  { path: 'product.price', description: 'List price today, from the price list valid today (decimal; format it with formatMoney)', example: '899.00' },
  { path: 'product.netPrice', description: 'Price after the applicable discount', example: '764.15' },
  { path: 'product.discountPercent', description: 'The applicable discount in percent (0 when none)', example: '15' },
  { path: 'unsubscribeUrl', description: 'One-click unsubscribe link (the footer carries it already)', example: 'https://…/u/…' },
  { path: 'preferencesUrl', description: "The contact's per-topic preference page", example: 'https://…/u/…/preferences' },
  { path: 'today', description: 'The day the message is made (YYYY-MM-DD)', example: '2026-12-02' },
];

/** `contact.attributes.<name>`: a contact attribute by its definition's name. */
export const ATTRIBUTE_FIELD_PREFIX = 'contact.attributes.';

export interface TemplateHelper {
  name: string;
  usage: string;
  description: string;
}

/**
 * Helpers a template may call. Block helpers are Handlebars' own; the format helpers use the
 * contact's language as locale (Intl), so 1234.5 EUR reads "1.234,50 €" to an Italian.
 */
export const TEMPLATE_HELPERS: readonly TemplateHelper[] = [
  { name: 'if', usage: '{{#if contact.city}}…{{else}}…{{/if}}', description: 'Show a part when the value is set' },
  { name: 'unless', usage: '{{#unless product.discountPercent}}…{{/unless}}', description: 'Show a part when the value is not set' },
  { name: 'with', usage: '{{#with product}}{{name}}{{/with}}', description: 'Shorten paths inside a block' },
  { name: 'formatDate', usage: '{{formatDate campaign.validTo}} or {{formatDate today "long"}}', description: "A date in the contact's language (short, medium, long)" },
  { name: 'formatMoney', usage: '{{formatMoney product.netPrice product.currency}}', description: "An amount with its currency, in the contact's language" },
  { name: 'formatNumber', usage: '{{formatNumber product.discountPercent 0}}', description: "A number in the contact's language, with the given decimals" },
];

export const TEMPLATE_HELPER_NAMES: ReadonlySet<string> = new Set(TEMPLATE_HELPERS.map((helper) => helper.name));
export const TEMPLATE_FIELD_PATHS: ReadonlySet<string> = new Set(TEMPLATE_FIELDS.map((field) => field.path));
