/**
 * What a message is rendered from, as plain shapes: db/ reads them (db/message-drafts.ts,
 * db/render-context.ts) and templating/ renders with them (templating/render-context.ts). One
 * definition here, since neither of the two may import the other.
 */

/** A contact as templates see it. */
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

/** The promoted product, priced today. Prices are decimal strings. */
export interface ProductContext {
  code: string;
  name: string;
  currency: string | null;
  price: string | null;
  netPrice: string | null;
  /** The applicable discount in percent, 0 when none. */
  discountPercent: number;
}

/** What the campaign gives a message. */
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
