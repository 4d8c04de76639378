/**
 * What a message is rendered from, and the render context built of it: exactly the paths of
 * flow/template-fields.ts (and `contact.attributes.*`), nothing more, so what the template
 * studio offers, what saving accepts and what a mail can show are one list.
 */

/** A contact as templates see it (db/message-drafts.ts reads these columns). */
export interface TemplateContact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  title: string | null;
  position: string | null;
  gender: string | null;
  language: string | null;
  city: string | null;
  country: string | null;
  customerCode: string | null;
  /** IANA zone: `today` is the contact's own day. */
  timeZone: string | null;
  attributes: Record<string, unknown>;
}

/** The promoted product, priced today (db/render-context.ts). Prices are decimal strings. */
export interface ProductContext {
  code: string;
  name: string;
  currency: string | null;
  price: string | null;
  netPrice: string | null;
  /** 0 when no discount applies. */
  discountPercent: number;
}

/** What the campaign gives a message (db/render-context.ts builds it for a run or a campaign). */
export interface CampaignContext {
  name: string | null;
  code: string | null;
  /** YYYY-MM-DD or null. */
  validTo: string | null;
  defaultLanguage: string | null;
  mailPurpose: 'marketing' | 'service';
  topic: { code: string; name: string } | null;
  product: ProductContext | null;
}

/** A preview or a test send outside any campaign: nothing to say of a campaign or product. */
export const NO_CAMPAIGN: CampaignContext = {
  name: null,
  code: null,
  validTo: null,
  defaultLanguage: null,
  mailPurpose: 'marketing',
  topic: null,
  product: null,
};

/** The object a template is rendered against; its shape is flow/template-fields.ts. */
export interface RenderContext {
  salutation: string;
  contact: {
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    title: string | null;
    position: string | null;
    gender: string | null;
    language: string | null;
    city: string | null;
    country: string | null;
    customerCode: string | null;
    attributes: Record<string, unknown>;
  };
  campaign: { name: string | null; code: string | null; validTo: string | null };
  product: Partial<Omit<ProductContext, 'discountPercent'>> & { discountPercent?: number };
  unsubscribeUrl: string;
  preferencesUrl: string;
  today: string;
}

/** One formatter per zone: making one costs about a millisecond, using it microseconds. */
const dayFormats = new Map<string, Intl.DateTimeFormat | null>();
function dayFormat(zone: string): Intl.DateTimeFormat | null {
  if (!dayFormats.has(zone)) {
    let format: Intl.DateTimeFormat | null;
    try {
      format = new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      format = null; // A zone Intl does not know: the UTC day.
    }
    dayFormats.set(zone, format);
  }
  return dayFormats.get(zone)!;
}

/** `YYYY-MM-DD` of `now` in `timeZone` (UTC when it has none or Intl does not know it). */
export function dayIn(now: Date, timeZone: string | null): string {
  const parts = (dayFormat(timeZone ?? 'UTC') ?? dayFormat('UTC')!).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function renderContext(
  contact: TemplateContact,
  campaign: CampaignContext,
  extra: { salutation: string; unsubscribeUrl: string; preferencesUrl: string; now: Date },
): RenderContext {
  const { firstName, lastName, email, title, position, gender, language, city, country, customerCode } = contact;
  return {
    salutation: extra.salutation,
    contact: { firstName, lastName, email, title, position, gender, language, city, country, customerCode, attributes: contact.attributes ?? {} },
    campaign: { name: campaign.name, code: campaign.code, validTo: campaign.validTo },
    product: campaign.product ?? {},
    unsubscribeUrl: extra.unsubscribeUrl,
    preferencesUrl: extra.preferencesUrl,
    today: dayIn(extra.now, contact.timeZone),
  };
}
