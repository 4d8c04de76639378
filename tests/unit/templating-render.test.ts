import type { Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import type { Salutation, TemplateVariant } from '../../contracts/template';
import { compileTemplate, type CompiledTemplate, type TemplateSource } from '../../templating/compile';
import { renderForContact, unsubscribeMailbox, type RenderOptions } from '../../templating/render';
import type { CampaignContext, TemplateContact } from '../../templating/render-context';
import { preferencesUrl, unsubscribeUrl, verifyLinkSignature } from '../../templating/tracking-links';

const SALUTATIONS: Salutation[] = [
  ['en', 'formal', 'female', '', 'Dear Ms {{lastName}}'],
  ['en', 'formal', 'neutral', '', 'Dear {{firstName}} {{lastName}}'],
  ['en', 'formal', 'unnamed', '', 'Dear Sir or Madam'],
  ['es', 'formal', 'male', '', 'Estimado Sr. {{lastName}}'],
  ['es', 'formal', 'female', '', 'Estimada Sra. {{lastName}}'],
  ['hu', 'formal', 'male', 'Dr', 'Tisztelt Dr. {{lastName}} {{firstName}} úr'],
  ['hu', 'formal', 'female', '', 'Tisztelt {{lastName}} {{firstName}} asszony'],
  ['it', 'formal', 'male', 'Dott.', 'Egregio Dott. {{lastName}}'],
  ['it', 'formal', 'neutral', 'Direttore', 'Gentile Direttore {{lastName}}'],
  ['it', 'formal', 'neutral', '', 'Gentile {{firstName}} {{lastName}}'],
].map(([language, formality, gender, qualifier, wording], index) => ({ id: String(index), language, formality, gender, qualifier, wording }) as Salutation);

const variant = (language: string, over: Partial<TemplateVariant>): TemplateVariant => ({ language, subject: '', preheader: null, html: null, text: null, ...over });

const OFFER: TemplateSource = {
  language: 'en',
  formality: 'formal',
  variants: [
    variant('en', {
      subject: 'Your offer, {{contact.firstName}}',
      preheader: 'Only until {{formatDate campaign.validTo "long"}}',
      html: `<!DOCTYPE html><html><head><style>p { color: #123456; } .price { font-weight: bold; }</style></head><body>
<p>{{salutation}},</p><p class="price">{{product.name}}: {{formatMoney product.netPrice product.currency}} instead of {{formatMoney product.price product.currency}} (−{{product.discountPercent}}%)</p>
<p>Your note: {{contact.attributes.note}}</p>
<a href="https://shop.example/tv?ref=mail&amp;c={{campaign.code}}">See the TV</a> <a href="mailto:help@shop.example">Write to us</a>
<a href="tel:+3912345">Call</a> <a href="#top">Top</a> <a href="{{unsubscribeUrl}}">Stop these mails</a> <a href="http://shop.example/stores">Stores</a>
</body></html>`,
    }),
    variant('es', {
      subject: 'Su oferta, {{contact.firstName}}',
      text: '{{salutation}}:\n{{product.name}} por {{formatMoney product.netPrice product.currency}} ({{formatNumber product.discountPercent 0}} % de descuento) hasta el {{formatDate campaign.validTo "long"}}.\n',
    }),
    variant('hu', {
      subject: 'Ajánlat: {{product.name}}',
      html: '<p>{{salutation}}!</p><p>Ár: {{formatMoney product.netPrice product.currency}} — {{formatDate campaign.validTo "short"}}</p>',
    }),
    variant('it', {
      subject: 'La sua offerta',
      html: '<h1>Offerta</h1><p>{{salutation}}, il {{product.name}} costa {{formatMoney product.netPrice product.currency}}.</p><p><a href="https://shop.example/it">Scopri</a></p>',
    }),
  ],
};

const CAMPAIGN: CampaignContext = {
  name: 'Winter TV',
  code: 'TV26',
  validTo: '2026-12-31',
  defaultLanguage: null,
  mailPurpose: 'marketing',
  topic: { code: 'offers', name: 'Offers' },
  product: { code: 'TV-55', name: 'Smart TV 55', currency: 'EUR', price: '1299.00', netPrice: '1104.15', discountPercent: 15 },
};

const KEYS = { publicUrl: 'https://studio.example', secret: 'test-secret' };
const MESSAGE_ID = '6f1c2b9e-0d6a-4a57-9d1e-3f1f3c2a1b00';
const OPTIONS: RenderOptions = { messageId: MESSAGE_ID, keys: KEYS, mailto: 'unsubscribe@shop.example', marketing: true, now: new Date('2026-12-02T10:00:00Z') };

function contact(over: Partial<TemplateContact> = {}): TemplateContact {
  return {
    id: 'c1',
    firstName: 'Anna',
    lastName: 'Smith',
    email: 'anna@example.test',
    title: null,
    position: null,
    gender: 'female',
    language: 'en',
    city: null,
    country: null,
    customerCode: null,
    timeZone: null,
    attributes: {},
    ...over,
  };
}

function compile(template: TemplateSource = OFFER): CompiledTemplate {
  const result = compileTemplate(template, { salutations: SALUTATIONS });
  if (!('compiled' in result)) throw new Error(JSON.stringify(result.problems));
  return result.compiled;
}

const anchors = (html: string) => DomUtils.findAll((element) => element.name === 'a', parseDocument(html).children);
const bodyOf = (html: string) => DomUtils.findOne((element) => element.name === 'body', parseDocument(html).children)!;

describe('a template in three languages, rendered per contact', () => {
  const compiled = compile();

  it('gives each contact their language, greeting (title and position included) and prices in their locale', () => {
    const es = renderForContact(compiled, contact({ language: 'es', gender: 'male', firstName: 'Jorge', lastName: 'García' }), CAMPAIGN, OPTIONS);
    expect(es).toMatchObject({ language: 'es', fallback: 'contact', subject: 'Su oferta, Jorge', html: null });
    // Intl puts a no-break space between amount and currency where the locale wants one.
    expect(es.text).toContain('Estimado Sr. García:\nSmart TV 55 por 1104,15\u00a0€ (15 % de descuento) hasta el 31 de diciembre de 2026.');

    const hu = renderForContact(compiled, contact({ language: 'hu', gender: 'male', firstName: 'János', lastName: 'Nagy', title: 'Dr' }), CAMPAIGN, OPTIONS);
    expect(hu).toMatchObject({ language: 'hu', subject: 'Ajánlat: Smart TV 55' });
    expect(hu.text).toContain('Tisztelt Dr. Nagy János úr!');
    // Hungarian writes the euro as EUR after the amount (CLDR).
    expect(hu.text).toContain('Ár: 1104,15\u00a0EUR — 2026. 12. 31.');

    const it = renderForContact(compiled, contact({ language: 'it', gender: 'female', firstName: 'Giulia', lastName: 'Verdi', position: 'Direttore' }), CAMPAIGN, OPTIONS);
    expect(it).toMatchObject({ language: 'it', subject: 'La sua offerta' });
    expect(it.text).toContain('Gentile Direttore Verdi, il Smart TV 55 costa 1104,15\u00a0€.');
    const itDott = renderForContact(compiled, contact({ language: 'it', gender: 'male', firstName: 'Marco', lastName: 'Bianchi', title: 'Dott.' }), CAMPAIGN, OPTIONS);
    expect(itDott.text).toContain('Egregio Dott. Bianchi, il Smart TV 55');

    const en = renderForContact(compiled, contact(), CAMPAIGN, OPTIONS);
    expect(en.text).toContain('Smart TV 55: €1,104.15 instead of €1,299.00 (−15%)');
    expect(en.preheader).toBe('Only until December 31, 2026');
  });

  it('falls back from the exact tag to its primary subtag, then the campaign, then the template', () => {
    const pick = (language: string | null, defaultLanguage: string | null = null) =>
      renderForContact(compiled, contact({ language }), { ...CAMPAIGN, defaultLanguage }, OPTIONS);
    expect(pick('es-MX')).toMatchObject({ language: 'es', fallback: 'contact' });
    expect(pick('HU')).toMatchObject({ language: 'hu', fallback: 'contact' });
    expect(pick('sl', 'it')).toMatchObject({ language: 'it', fallback: 'campaign', subject: 'La sua offerta' });
    expect(pick('sl', 'fr')).toMatchObject({ language: 'en', fallback: 'template' });
    expect(pick(null)).toMatchObject({ language: 'en', fallback: 'template' });
  });

  it('escapes values in HTML and keeps them as written in text; a subject never carries a line break', () => {
    const template: TemplateSource = { language: 'en', formality: 'formal', variants: [variant('en', { subject: 'Hi {{contact.attributes.note}}!', html: '<p>{{contact.attributes.note}} {{contact.lastName}}</p>' })] };
    const mail = renderForContact(compile(template), contact({ lastName: '<b>&', attributes: { note: 'one\r\ntwo\nthree' } }), CAMPAIGN, OPTIONS);
    expect(mail.subject).toBe('Hi one two three!');
    expect(mail.html).toContain('&lt;b&gt;&amp;');
    expect(mail.html).not.toContain('<b>&');
    expect(anchors(mail.html!).map((a) => a.attribs.href)).toEqual([unsubscribeUrl(KEYS, MESSAGE_ID), preferencesUrl(KEYS, MESSAGE_ID)]);
    expect(mail.text).toContain('<b>&');
  });

  it('renders a missing attribute as empty and never reads the prototype', () => {
    const template: TemplateSource = { language: 'en', formality: 'formal', variants: [variant('en', { subject: 'x{{contact.attributes.nope}}y', text: '[{{contact.constructor.name}}|{{contact.__proto__}}]' })] };
    const mail = renderForContact(compile(template), contact(), CAMPAIGN, { ...OPTIONS, marketing: false });
    expect(mail.subject).toBe('xy');
    expect(mail.text).toBe('[|]');
  });

  it('inlines the CSS, puts the hidden preheader first in the body and the footer and pixel last', () => {
    const mail = renderForContact(compiled, contact(), CAMPAIGN, OPTIONS);
    expect(mail.html).not.toContain('<style');
    const body = bodyOf(mail.html!);
    const elements = body.children.filter((node): node is Element => DomUtils.isTag(node));
    expect(elements[0]!.attribs.style).toContain('display:none');
    expect(DomUtils.textContent(elements[0]!)).toBe('Only until December 31, 2026');
    const price = DomUtils.findOne((element) => element.attribs.class === 'price', body.children)!;
    expect(price.attribs.style).toMatch(/color: #123456;.*font-weight: bold/);
    const last = elements[elements.length - 1]!;
    expect(last.name).toBe('img');
    expect(last.attribs.src).toMatch(new RegExp(`^https://studio.example/t/o/${MESSAGE_ID}/[\\w-]+\\.gif$`));
    const footer = elements[elements.length - 2]!;
    expect(DomUtils.textContent(footer)).toContain('You receive this e-mail because you subscribed to “Offers”.');
    expect(DomUtils.findAll((a) => a.name === 'a', [footer]).map((a) => [DomUtils.textContent(a), a.attribs.href])).toEqual([
      ['Unsubscribe', unsubscribeUrl(KEYS, MESSAGE_ID)],
      ['Manage your preferences', preferencesUrl(KEYS, MESSAGE_ID)],
    ]);
  });

  it('inlines the CSS once on the template without disturbing its blocks, inside tables too', () => {
    const template: TemplateSource = {
      language: 'en',
      formality: 'formal',
      variants: [variant('en', { subject: 's', html: '<style>.city { color: #aa0000; }</style><table><tr>{{#if contact.city}}<td class="city">{{contact.city}}</td>{{else}}<td>none</td>{{/if}}</tr></table>' })],
    };
    const compiled = compile(template);
    const html = (city: string | null) => renderForContact(compiled, contact({ city }), CAMPAIGN, { ...OPTIONS, marketing: false }).html!;
    expect(html('Roma & Co')).toContain('<table><tr><td class="city" style="color: #aa0000;">Roma &amp; Co</td></tr></table>');
    expect(html(null)).toContain('<table><tr><td>none</td></tr></table>');
  });

  it('rewrites every http(s) link in document order to a signed click URL and keeps the originals', () => {
    const mail = renderForContact(compiled, contact(), CAMPAIGN, OPTIONS);
    expect(mail.links).toEqual(['https://shop.example/tv?ref=mail&c=TV26', 'http://shop.example/stores']);
    const hrefs = anchors(mail.html!).map((a) => a.attribs.href!);
    const clicks = hrefs.filter((href) => href.startsWith('https://studio.example/t/c/'));
    expect(clicks).toHaveLength(2);
    clicks.forEach((href, index) => {
      const [, messageId, at, signature] = /\/t\/c\/([^/]+)\/(\d+)\/([^/]+)$/.exec(href)!;
      expect(messageId).toBe(MESSAGE_ID);
      expect(Number(at)).toBe(index);
      expect(verifyLinkSignature(KEYS.secret, 'click', MESSAGE_ID, index, signature!)).toBe(true);
      expect(verifyLinkSignature('another-secret', 'click', MESSAGE_ID, index, signature!)).toBe(false);
    });
    // Not tracked: mail, phone, anchors, and our own unsubscribe links (written in the template or the footer's).
    expect(hrefs).toEqual(expect.arrayContaining(['mailto:help@shop.example', 'tel:+3912345', '#top', unsubscribeUrl(KEYS, MESSAGE_ID)]));
    expect(hrefs.filter((href) => href === unsubscribeUrl(KEYS, MESSAGE_ID))).toHaveLength(2);
  });

  it('derives the text part from the HTML when none is written, and adds the footer as text', () => {
    const it = renderForContact(compiled, contact({ language: 'it', firstName: 'Giulia', lastName: 'Verdi', gender: 'other' }), CAMPAIGN, OPTIONS);
    expect(it.text).toMatch(/^OFFERTA\n\nGentile Giulia Verdi, il Smart TV 55 costa 1104,15\u00a0€\.\n\nScopri \[https:\/\/shop\.example\/it\]/);
    expect(it.text).toContain(`Annulla l’iscrizione: ${unsubscribeUrl(KEYS, MESSAGE_ID)}`);
    expect(it.text).toContain(`Gestisci le preferenze: ${preferencesUrl(KEYS, MESSAGE_ID)}`);
    expect(it.html).toContain('Riceve questa e-mail perché è iscritto a «Offers».');
  });

  it('carries the one-click List-Unsubscribe headers on marketing mail only', () => {
    const mail = renderForContact(compiled, contact(), CAMPAIGN, OPTIONS);
    expect(mail.headers).toEqual({
      'List-Unsubscribe': `<${unsubscribeUrl(KEYS, MESSAGE_ID)}>, <mailto:unsubscribe@shop.example?subject=unsubscribe-${MESSAGE_ID}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    const service = renderForContact(compiled, contact(), { ...CAMPAIGN, mailPurpose: 'service' }, { ...OPTIONS, marketing: false });
    expect(service.headers).toEqual({});
    expect(service.html).not.toContain('You receive this e-mail because');
    expect(service.text).not.toContain('Unsubscribe');
    expect(service.links).toEqual(['https://shop.example/tv?ref=mail&c=TV26', 'http://shop.example/stores']);
    expect(unsubscribeMailbox('Shop News <news@shop.example>')).toBe('unsubscribe@shop.example');
    expect(unsubscribeMailbox('news@shop.example', 'leave@lists.example')).toBe('leave@lists.example');
  });

  it('says which mails would be empty, so none is sent', () => {
    const template: TemplateSource = { language: 'en', formality: 'formal', variants: [variant('en', { subject: '{{contact.city}}', text: '{{contact.country}}' })] };
    expect(renderForContact(compile(template), contact(), CAMPAIGN, OPTIONS).empty).toBe('subject');
    expect(renderForContact(compile(template), contact({ city: 'Roma' }), CAMPAIGN, OPTIONS).empty).toBe('body');
    expect(renderForContact(compile(template), contact({ city: 'Roma', country: 'IT' }), CAMPAIGN, OPTIONS).empty).toBeNull();
  });
});

describe('compiling a template', () => {
  it('names every part that does not compile, with its line', () => {
    const result = compileTemplate(
      {
        language: 'en',
        formality: 'formal',
        variants: [
          variant('en', { subject: 'ok', html: '<p>one</p>\n<p>{{#if contact.city}}two</p>' }),
          variant('de', { subject: '{{#each contact.attributes}}x{{/each}}', text: 'Hallo {{lookup contact "firstName"}}' }),
        ],
      },
      { salutations: SALUTATIONS },
    );
    expect('problems' in result && result.problems.map((problem) => problem.field)).toEqual(['variants[0].html', 'variants[1].subject', 'variants[1].text']);
    const problems = 'problems' in result ? result.problems : [];
    expect(problems[0]!.line).toBe(2);
    expect(problems[1]!.message).toContain('each');
  });
});
