import { randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import type { Scope } from '../db/scope';
import { getContact } from '../db/contacts';
import { campaignRenderContext } from '../db/render-context';
import { listSalutations } from '../db/salutations';
import { DEFAULT_PUBLIC_URL, trackingSecret } from '../db/tracking-secret';
import { TEMPLATE_FIELDS } from '../flow/template-fields';
import { compileTemplate, type TemplateSource } from '../templating/compile';
import { NO_CAMPAIGN, type CampaignContext, type TemplateContact } from '../templating/render-context';
import { renderForContact, unsubscribeMailbox, type RenderedMail } from '../templating/render';
import { notFound, unprocessable } from './problem';

/** Where the links of a preview or test mail point and what signs them: the API's own settings. */
export interface PreviewLinks {
  /** PUBLIC_URL; the embedded default when unset. */
  publicUrl?: string;
  /** TRACKING_SECRET; the installation's own key when unset (db/tracking-secret.ts). */
  trackingSecret?: string;
  /** MAIL_FROM: the mailto: of List-Unsubscribe is unsubscribe@ its domain unless configured. */
  mailFrom?: string;
  unsubscribeMailto?: string;
}

export interface PreviewTarget {
  /** A contact to render for, read in the caller's scope; none = the sample contact. */
  contactId?: string;
  /** A campaign giving product, price, discount, default language and purpose; none = no campaign (marketing mail). */
  campaignId?: string;
  /** Show this language's variant as if it were the contact's. */
  language?: string;
  scope: Scope;
}

const example = (path: string): string => TEMPLATE_FIELDS.find((field) => field.path === path)?.example ?? '';

/**
 * The contact a preview or a test send uses when none is chosen: every field its documented
 * example (flow/template-fields.ts), so the author sees each placeholder filled.
 */
export const SAMPLE_CONTACT: TemplateContact = {
  id: '00000000-0000-4000-8000-000000000000',
  firstName: example('contact.firstName'),
  lastName: example('contact.lastName'),
  email: example('contact.email'),
  title: example('contact.title'),
  position: example('contact.position'),
  gender: example('contact.gender'),
  language: example('contact.language'),
  city: example('contact.city'),
  country: example('contact.country'),
  customerCode: example('contact.customerCode'),
  timeZone: null,
  attributes: {},
};

/**
 * A template rendered for one contact exactly as generate would render it (templating/render.ts),
 * under a message id of its own that no message row has: its tracked links and unsubscribe
 * link are signed like a real mail's, and lead nowhere (404, nothing recorded).
 */
export async function renderTemplatePreview(db: Db, template: TemplateSource, target: PreviewTarget, links: PreviewLinks): Promise<RenderedMail & { messageId: string }> {
  const contact = target.contactId === undefined ? SAMPLE_CONTACT : await contactInScope(db, target.contactId, target.scope);
  let campaign: CampaignContext = NO_CAMPAIGN;
  if (target.campaignId !== undefined) {
    const found = await campaignRenderContext(db, target.campaignId);
    if (!found) throw notFound('Campaign', target.campaignId);
    campaign = found;
  }
  const compiledOrProblems = compileTemplate(template, { salutations: await listSalutations(db) });
  if ('problems' in compiledOrProblems) {
    // Saving checks the same names (api/template-check.ts); this is the renderer's own word.
    throw unprocessable('TEMPLATE_INVALID', 'The template does not compile', compiledOrProblems.problems);
  }
  const secret = await trackingSecret(db, links.trackingSecret);
  const messageId = randomUUID();
  const mail = renderForContact(compiledOrProblems.compiled, contact, campaign, {
    messageId,
    keys: { publicUrl: links.publicUrl ?? DEFAULT_PUBLIC_URL, secret },
    mailto: unsubscribeMailbox(links.mailFrom ?? '', links.unsubscribeMailto),
    marketing: campaign.mailPurpose === 'marketing',
    ...(target.language === undefined ? {} : { language: target.language }),
  });
  return { ...mail, messageId };
}

/** A contact as templates see it, when the caller may see it (else 404, as if it did not exist). */
async function contactInScope(db: Db, contactId: string, scope: Scope): Promise<TemplateContact> {
  const contact = await getContact(db, contactId, scope);
  if (!contact) throw notFound('Contact', contactId);
  return {
    id: contact.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    title: contact.title,
    position: contact.position,
    gender: contact.gender,
    language: contact.language,
    city: contact.city,
    country: contact.country,
    customerCode: contact.customerCode,
    timeZone: contact.timeZone,
    attributes: contact.attributes ?? {},
  };
}
