/**
 * What a message is rendered from, and the render context built of it: exactly the paths of
 * flow/template-fields.ts (and `contact.attributes.*`), nothing more, so what the template
 * studio offers, what saving accepts and what a mail can show are one list.
 */

import type { CampaignContext, ProductContext, TemplateContact } from '../contracts/template-context';

export type { CampaignContext, ProductContext, TemplateContact };

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
  contact: Omit<TemplateContact, 'id' | 'timeZone'>;
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
