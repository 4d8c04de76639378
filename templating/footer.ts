import Handlebars from 'handlebars';
import { primarySubtag } from './language';

/**
 * The footer every marketing mail carries (Gmail's and Yahoo's bulk-sender rules, CAN-SPAM,
 * GDPR): why the contact receives it, a visible unsubscribe link and the preference page, in
 * the mail's language. Languages without a wording here get English.
 */
interface FooterWording {
  because: (topic: string | null) => string;
  unsubscribe: string;
  preferences: string;
}

const FOOTER_WORDINGS: Record<string, FooterWording> = {
  en: {
    because: (topic) => (topic ? `You receive this e-mail because you subscribed to “${topic}”.` : 'You receive this e-mail because you subscribed to our messages.'),
    unsubscribe: 'Unsubscribe',
    preferences: 'Manage your preferences',
  },
  ro: {
    because: (topic) => (topic ? `Primiți acest e-mail deoarece v-ați abonat la „${topic}”.` : 'Primiți acest e-mail deoarece v-ați abonat la mesajele noastre.'),
    unsubscribe: 'Dezabonare',
    preferences: 'Gestionați preferințele',
  },
  sl: {
    because: (topic) => (topic ? `To sporočilo prejemate, ker ste se naročili na »${topic}«.` : 'To sporočilo prejemate, ker ste se naročili na naša sporočila.'),
    unsubscribe: 'Odjava',
    preferences: 'Upravljajte nastavitve',
  },
  hu: {
    because: (topic) => (topic ? `Ezt az e-mailt azért kapja, mert feliratkozott erre: „${topic}”.` : 'Ezt az e-mailt azért kapja, mert feliratkozott üzeneteinkre.'),
    unsubscribe: 'Leiratkozás',
    preferences: 'Beállítások kezelése',
  },
  it: {
    because: (topic) => (topic ? `Riceve questa e-mail perché è iscritto a «${topic}».` : 'Riceve questa e-mail perché è iscritto alle nostre comunicazioni.'),
    unsubscribe: 'Annulla l’iscrizione',
    preferences: 'Gestisci le preferenze',
  },
  es: {
    because: (topic) => (topic ? `Recibe este correo porque está suscrito a «${topic}».` : 'Recibe este correo porque está suscrito a nuestras comunicaciones.'),
    unsubscribe: 'Darse de baja',
    preferences: 'Gestionar preferencias',
  },
  de: {
    because: (topic) => (topic ? `Sie erhalten diese E-Mail, weil Sie „${topic}“ abonniert haben.` : 'Sie erhalten diese E-Mail, weil Sie unsere Nachrichten abonniert haben.'),
    unsubscribe: 'Abmelden',
    preferences: 'Einstellungen verwalten',
  },
  fr: {
    because: (topic) => (topic ? `Vous recevez cet e-mail car vous êtes abonné à « ${topic} ».` : 'Vous recevez cet e-mail car vous êtes abonné à nos communications.'),
    unsubscribe: 'Se désabonner',
    preferences: 'Gérer mes préférences',
  },
};

export function footerWording(language: string): FooterWording {
  return FOOTER_WORDINGS[primarySubtag(language.toLowerCase())] ?? FOOTER_WORDINGS.en!;
}

export interface FooterLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}

const escape = Handlebars.escapeExpression;

/** The footer as HTML (inline styles: it is added after the template, and survives any inliner). */
export function footerHtml(language: string, topic: string | null, links: FooterLinks): string {
  const words = footerWording(language);
  const link = (href: string, text: string) => `<a href="${escape(href)}" style="color:#666666;text-decoration:underline">${escape(text)}</a>`;
  return (
    `<div class="cs-footer" style="margin-top:24px;padding-top:12px;border-top:1px solid #dddddd;color:#666666;font-size:12px;line-height:18px;font-family:Arial,sans-serif">` +
    `<p style="margin:0 0 6px 0;color:#666666;font-size:12px">${escape(words.because(topic))}</p>` +
    `<p style="margin:0;color:#666666;font-size:12px">${link(links.unsubscribeUrl, words.unsubscribe)} · ${link(links.preferencesUrl, words.preferences)}</p>` +
    `</div>`
  );
}

/** The footer as plain text, for the text part. */
export function footerText(language: string, topic: string | null, links: FooterLinks): string {
  const words = footerWording(language);
  return `--\n${words.because(topic)}\n${words.unsubscribe}: ${links.unsubscribeUrl}\n${words.preferences}: ${links.preferencesUrl}\n`;
}
