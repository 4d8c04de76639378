/**
 * The demo campaign's mail: a welcome offer on the promoted product, written in every language
 * the demo contacts speak (seed-demo.ts LOCALES), as an HTML part with a stylesheet (inlined
 * when sent) and a plain-text part. The bench sends the same template (bench/campaign-send.ts),
 * so its mails are as heavy as a real campaign's.
 */
import type { TemplateVariant } from '../contracts/template';

export const DEMO_TEMPLATE_NAME = 'Welcome';

/** Where the offer's links point (example.com is reserved for documentation, RFC 2606). */
export const DEMO_SHOP_URL = 'https://shop.example.com';

/** The words of one language; the markup and the fields are the same for all. */
interface OfferWords {
  subject: string;
  preheader: string;
  heading: string;
  intro: string;
  listPrice: string;
  yourPrice: string;
  validUntil: string;
  button: string;
  stores: string;
  storesLink: string;
  regards: string;
  team: string;
}

// {{product.name}} is the catalogue's name of the product, the same in every language.
const WORDS: Record<string, OfferWords> = {
  en: {
    subject: 'Your welcome offer: {{product.name}} for {{formatMoney product.netPrice product.currency}}',
    preheader: '{{formatNumber product.discountPercent 0}} % off for our new subscribers',
    heading: 'A welcome offer, just for you',
    intro: 'Thank you for subscribing to our offers{{#if contact.city}} from {{contact.city}}{{/if}}. As a welcome, the {{product.name}} is yours at a better price.',
    listPrice: 'List price',
    yourPrice: 'Your price',
    validUntil: 'Offer valid until',
    button: 'See the offer',
    stores: 'Rather see it first?',
    storesLink: 'Find a store near you',
    regards: 'Kind regards,',
    team: 'The Campaign Studio team',
  },
  es: {
    subject: 'Su oferta de bienvenida: {{product.name}} por {{formatMoney product.netPrice product.currency}}',
    preheader: '{{formatNumber product.discountPercent 0}} % de descuento para nuestros nuevos suscriptores',
    heading: 'Una oferta de bienvenida para usted',
    intro: 'Gracias por suscribirse a nuestras ofertas{{#if contact.city}} desde {{contact.city}}{{/if}}. Como bienvenida, el {{product.name}} es suyo a un precio mejor.',
    listPrice: 'Precio de lista',
    yourPrice: 'Su precio',
    validUntil: 'Oferta válida hasta el',
    button: 'Ver la oferta',
    stores: '¿Prefiere verlo antes?',
    storesLink: 'Encuentre una tienda cerca de usted',
    regards: 'Atentamente,',
    team: 'El equipo de Campaign Studio',
  },
  hu: {
    subject: 'Üdvözlő ajánlatunk: {{product.name}} most {{formatMoney product.netPrice product.currency}}',
    preheader: '{{formatNumber product.discountPercent 0}} % kedvezmény új feliratkozóinknak',
    heading: 'Üdvözlő ajánlat, csak Önnek',
    intro: 'Köszönjük, hogy feliratkozott ajánlatainkra{{#if contact.city}} ({{contact.city}}){{/if}}. Üdvözlésképpen a(z) {{product.name}} kedvezőbb áron az Öné.',
    listPrice: 'Listaár',
    yourPrice: 'Az Ön ára',
    validUntil: 'Az ajánlat érvényes eddig:',
    button: 'Megnézem az ajánlatot',
    stores: 'Előbb látni szeretné?',
    storesLink: 'Keresse meg a legközelebbi üzletet',
    regards: 'Üdvözlettel:',
    team: 'A Campaign Studio csapata',
  },
  ro: {
    subject: 'Oferta de bun venit: {{product.name}} la {{formatMoney product.netPrice product.currency}}',
    preheader: 'Reducere de {{formatNumber product.discountPercent 0}} % pentru abonații noi',
    heading: 'O ofertă de bun venit, doar pentru dumneavoastră',
    intro: 'Vă mulțumim că v-ați abonat la ofertele noastre{{#if contact.city}} din {{contact.city}}{{/if}}. Ca bun venit, {{product.name}} este al dumneavoastră la un preț mai bun.',
    listPrice: 'Preț de listă',
    yourPrice: 'Prețul dumneavoastră',
    validUntil: 'Ofertă valabilă până la',
    button: 'Vedeți oferta',
    stores: 'Preferați să-l vedeți întâi?',
    storesLink: 'Găsiți un magazin în apropiere',
    regards: 'Cu stimă,',
    team: 'Echipa Campaign Studio',
  },
  sl: {
    subject: 'Ponudba dobrodošlice: {{product.name}} za {{formatMoney product.netPrice product.currency}}',
    preheader: '{{formatNumber product.discountPercent 0}} % popusta za nove naročnike',
    heading: 'Ponudba dobrodošlice, samo za vas',
    intro: 'Hvala, ker ste se naročili na naše ponudbe{{#if contact.city}} iz kraja {{contact.city}}{{/if}}. V dobrodošlico je {{product.name}} vaš po ugodnejši ceni.',
    listPrice: 'Cenikovna cena',
    yourPrice: 'Vaša cena',
    validUntil: 'Ponudba velja do',
    button: 'Oglejte si ponudbo',
    stores: 'Bi ga raje najprej videli?',
    storesLink: 'Poiščite trgovino v bližini',
    regards: 'Lep pozdrav,',
    team: 'Ekipa Campaign Studio',
  },
  it: {
    subject: 'La sua offerta di benvenuto: {{product.name}} a {{formatMoney product.netPrice product.currency}}',
    preheader: 'Il {{formatNumber product.discountPercent 0}} % di sconto per i nuovi iscritti',
    heading: 'Un’offerta di benvenuto, solo per lei',
    intro: 'Grazie per essersi iscritto alle nostre offerte{{#if contact.city}} da {{contact.city}}{{/if}}. Per darle il benvenuto, il {{product.name}} è suo a un prezzo migliore.',
    listPrice: 'Prezzo di listino',
    yourPrice: 'Il suo prezzo',
    validUntil: 'Offerta valida fino al',
    button: 'Vedi l’offerta',
    stores: 'Preferisce vederlo prima?',
    storesLink: 'Trovi un negozio vicino a lei',
    regards: 'Cordiali saluti,',
    team: 'Il team di Campaign Studio',
  },
};

/** The template's languages, its default (English) first. */
export const DEMO_TEMPLATE_LANGUAGES = Object.keys(WORDS);

// The stylesheet is written once in <head>, as a designer writes it; juice inlines it when sent,
// since many mail clients drop <style> blocks.
const STYLE = `
  body { margin: 0; background: #f3f4f6; }
  .card { max-width: 560px; margin: 0 auto; padding: 28px; background: #fff; font: 15px/1.5 Arial, sans-serif; color: #1f2933; }
  h1 { font-size: 22px; color: #0b5394; }
  p { margin: 0 0 12px; }
  .prices { padding: 12px 16px; background: #eef4fb; }
  .list { text-decoration: line-through; }
  .net { font-size: 20px; font-weight: bold; }
  .button { display: inline-block; padding: 12px 22px; background: #0b5394; color: #fff; text-decoration: none; }
  .note { font-size: 13px; color: #6b7280; }`;

function html(language: string, words: OfferWords): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}
</style>
</head>
<body>
<div class="card">
  <p>{{salutation}},</p>
  <h1>${words.heading}</h1>
  <p>${words.intro}</p>
  <div class="prices">
    <p>${words.listPrice}: <span class="list">{{formatMoney product.price product.currency}}</span></p>
    <p>${words.yourPrice}: <span class="net">{{formatMoney product.netPrice product.currency}}</span>{{#if product.discountPercent}} (−{{formatNumber product.discountPercent 0}} %){{/if}}</p>
  </div>
  {{#if campaign.validTo}}<p class="note">${words.validUntil} {{formatDate campaign.validTo "long"}}.</p>{{/if}}
  <p><a class="button" href="${DEMO_SHOP_URL}/${language}/office-kit">${words.button}</a></p>
  <p>${words.stores} <a href="${DEMO_SHOP_URL}/${language}/stores">${words.storesLink}</a>.</p>
  <p>${words.regards}<br>${words.team}</p>
</div>
</body>
</html>
`;
}

function text(language: string, words: OfferWords): string {
  return [
    '{{salutation}},',
    '',
    words.intro,
    '',
    `${words.listPrice}: {{formatMoney product.price product.currency}}`,
    `${words.yourPrice}: {{formatMoney product.netPrice product.currency}}{{#if product.discountPercent}} (−{{formatNumber product.discountPercent 0}} %){{/if}}`,
    `{{#if campaign.validTo}}${words.validUntil} {{formatDate campaign.validTo "long"}}.{{/if}}`,
    '',
    `${words.button}: ${DEMO_SHOP_URL}/${language}/office-kit`,
    `${words.storesLink}: ${DEMO_SHOP_URL}/${language}/stores`,
    '',
    words.regards,
    words.team,
  ].join('\n');
}

/** The demo's template as stored: English by default, formal, one HTML + text variant per language. */
export const DEMO_TEMPLATE = {
  name: DEMO_TEMPLATE_NAME,
  channel: 'email',
  language: 'en',
  formality: 'formal',
  variants: Object.entries(WORDS).map(
    ([language, words]): TemplateVariant => ({ language, subject: words.subject, preheader: words.preheader, html: html(language, words), text: text(language, words) }),
  ),
} as const;

/** A variant's subject with the fields left out: what a test looks for in a received subject. */
export function demoSubjectOpening(language: string): string {
  const subject = WORDS[language]?.subject;
  if (!subject) throw new Error(`The demo template has no ${language} variant`);
  return subject.slice(0, subject.indexOf('{{')).trim();
}
