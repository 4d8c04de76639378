import Handlebars from 'handlebars';
import type { CompiledTemplate } from './compile';
import { oneLine } from './compile';
import { footerHtml, footerText } from './footer';
import { finishHtml, htmlToText, preheaderHtml } from './html-pipeline';
import { chooseLanguage, type LanguageFallback, type LanguageSources } from './language';
import { renderContext, type CampaignContext, type TemplateContact } from './render-context';
import { salutationFor, salutationLanguages } from './salutation';
import { clickUrl, openPixelUrl, preferencesUrl, unsubscribeUrl, type TrackingKeys } from './tracking-links';

export interface RenderOptions {
  /** The message's id (messageIdFor(arrival, contact) at generate; a preview's own id in a preview). */
  messageId: string;
  keys: TrackingKeys;
  /** The mailbox of List-Unsubscribe's mailto: (see unsubscribeMailbox). */
  mailto: string;
  /** Marketing mail carries the footer and the List-Unsubscribe headers; service mail does not. */
  marketing: boolean;
  /** Render this language as if it were the contact's (a preview's language picker). */
  language?: string;
  /** The moment the message is made (`today`); now when left out. */
  now?: Date;
}

/** A message as it is stored and sent (api-shapes.md: the message row written by generate). */
export interface RenderedMail {
  /** The variant's language. */
  language: string;
  /** Which step of the chain chose it. */
  fallback: LanguageFallback;
  subject: string;
  preheader: string | null;
  /** The final HTML part (CSS inlined, links tracked, pixel, footer); null for a text-only variant. */
  html: string | null;
  /** The final text part, footer included. */
  text: string;
  headers: Record<string, string>;
  /** The original URLs of the tracked links, index = the click URL's :index. */
  links: string[];
  /** What the template left empty for this contact (an empty mail is never sent), if anything. */
  empty: 'subject' | 'body' | null;
}

/**
 * One contact's mail, exactly as generate stores it and the preview shows it. Pure: the same
 * compiled template, contact, campaign and options give the same mail.
 */
export function renderForContact(compiled: CompiledTemplate, contact: TemplateContact, campaign: CampaignContext, options: RenderOptions): RenderedMail {
  const sources: LanguageSources = { contact: options.language ?? contact.language, campaign: campaign.defaultLanguage, template: compiled.defaultLanguage };
  const choice = chooseLanguage(compiled.languages, sources);
  const variant = choice && compiled.variants.get(choice.language.toLowerCase());
  if (!choice || !variant) throw new Error('A compiled template always has a variant');
  const links = { unsubscribeUrl: unsubscribeUrl(options.keys, options.messageId), preferencesUrl: preferencesUrl(options.keys, options.messageId) };
  const salutation = salutationFor(compiled.salutations, contact, salutationLanguages(sources), compiled.formality);
  const context = renderContext(contact, campaign, { salutation, ...links, now: options.now ?? new Date() });
  const data = { data: { locale: choice.language } };

  const subject = oneLine(variant.subject(context, data));
  const preheader = variant.preheader ? oneLine(variant.preheader(context, data)) || null : null;
  const rendered = variant.html ? variant.html(context, data) : null;
  const written = variant.text ? variant.text(context, data) : null;
  const content = written ?? (rendered === null ? '' : htmlToText(rendered));
  const empty = subject === '' ? 'subject' : content.trim() === '' && (rendered ?? '').trim() === '' ? 'body' : null;

  const topic = campaign.topic?.name ?? null;
  const text = options.marketing ? `${content.trimEnd()}\n\n${footerText(choice.language, topic, links)}` : content;
  let html: string | null = null;
  let tracked: string[] = [];
  if (rendered !== null) {
    const result = finishHtml(rendered, {
      preheader: preheader ? preheaderHtml(Handlebars.escapeExpression(preheader)) : null,
      footer: options.marketing ? footerHtml(choice.language, topic, links) : null,
      clickUrl: (index) => clickUrl(options.keys, options.messageId, index),
      pixelUrl: openPixelUrl(options.keys, options.messageId),
      keep: new Set([links.unsubscribeUrl, links.preferencesUrl]),
    });
    html = result.html;
    tracked = result.links;
  }
  const headers = options.marketing ? unsubscribeHeaders(links.unsubscribeUrl, options.mailto, options.messageId) : {};
  return { language: choice.language, fallback: choice.fallback, subject, preheader, html, text, headers, links: tracked, empty };
}

/**
 * RFC 2369 List-Unsubscribe (the https link first, then mail) and RFC 8058's one-click POST,
 * which Gmail and Yahoo require of bulk senders. Values are one line, always.
 */
export function unsubscribeHeaders(url: string, mailbox: string, messageId: string): Record<string, string> {
  return {
    'List-Unsubscribe': oneLine(`<${url}>, <mailto:${mailbox}?subject=unsubscribe-${messageId}>`),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/**
 * The mailbox that receives mailto: unsubscribes: the configured one (UNSUBSCRIBE_MAILTO), else
 * `unsubscribe@` the domain mail is sent from ("Shop <news@shop.example>" → unsubscribe@shop.example).
 */
export function unsubscribeMailbox(mailFrom: string, configured?: string | null): string {
  if (configured?.trim()) return oneLine(configured.trim());
  const address = /<([^>]*)>/.exec(mailFrom)?.[1] ?? mailFrom;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  return `unsubscribe@${domain || 'localhost'}`;
}
