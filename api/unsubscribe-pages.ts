import { createHash } from 'node:crypto';
import type { PreferenceChange, Preferences } from '../db/unsubscribes';

/**
 * The small server-rendered pages behind a mail's unsubscribe link: the confirmation (GET never
 * unsubscribes), the answer after it, and the per-topic preference page. Plain HTML, every value
 * escaped, no script; forms post to the page's own URL. Worded in the mail's language when it is
 * one of ours, in English otherwise.
 */

interface Wording {
  title: string;
  confirmTopic: (address: string, topic: string) => string;
  confirmAll: (address: string) => string;
  button: string;
  doneTitle: string;
  doneTopic: (address: string, topic: string) => string;
  doneAll: (address: string) => string;
  manage: string;
  prefsTitle: string;
  prefsIntro: (address: string) => string;
  noTopics: string;
  pending: string;
  stopAll: string;
  save: string;
  saved: string;
}

const WORDING = {
  en: {
    title: 'Unsubscribe',
    confirmTopic: (a, t) => `Stop sending e-mail about “${t}” to ${a}?`,
    confirmAll: (a) => `Stop sending e-mail to ${a}?`,
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneTopic: (a, t) => `${a} will get no more e-mail about “${t}”.`,
    doneAll: (a) => `${a} will get no more e-mail from us.`,
    manage: 'Manage your e-mail preferences',
    prefsTitle: 'E-mail preferences',
    prefsIntro: (a) => `What we send to ${a}:`,
    noTopics: 'You receive no newsletters or offers from us.',
    pending: 'waiting for your confirmation',
    stopAll: 'Unsubscribe from all e-mail',
    save: 'Save',
    saved: 'Your preferences are saved.',
  },
  ro: {
    title: 'Dezabonare',
    confirmTopic: (a, t) => `Opriți e-mailurile despre „${t}” trimise la ${a}?`,
    confirmAll: (a) => `Opriți toate e-mailurile trimise la ${a}?`,
    button: 'Dezabonare',
    doneTitle: 'V-ați dezabonat',
    doneTopic: (a, t) => `${a} nu va mai primi e-mailuri despre „${t}”.`,
    doneAll: (a) => `${a} nu va mai primi e-mailuri de la noi.`,
    manage: 'Gestionați preferințele de e-mail',
    prefsTitle: 'Preferințe de e-mail',
    prefsIntro: (a) => `Ce trimitem la ${a}:`,
    noTopics: 'Nu primiți newslettere sau oferte de la noi.',
    pending: 'așteaptă confirmarea dumneavoastră',
    stopAll: 'Dezabonare de la toate e-mailurile',
    save: 'Salvați',
    saved: 'Preferințele au fost salvate.',
  },
  sl: {
    title: 'Odjava',
    confirmTopic: (a, t) => `Želite, da na ${a} ne pošiljamo več e-pošte o „${t}“?`,
    confirmAll: (a) => `Želite, da na ${a} ne pošiljamo več e-pošte?`,
    button: 'Odjava',
    doneTitle: 'Odjavljeni ste',
    doneTopic: (a, t) => `Na ${a} ne boste več prejemali e-pošte o „${t}“.`,
    doneAll: (a) => `Na ${a} ne boste več prejemali naše e-pošte.`,
    manage: 'Uredite nastavitve e-pošte',
    prefsTitle: 'Nastavitve e-pošte',
    prefsIntro: (a) => `Kaj pošiljamo na ${a}:`,
    noTopics: 'Od nas ne prejemate e-novic ali ponudb.',
    pending: 'čaka na vašo potrditev',
    stopAll: 'Odjava od vse e-pošte',
    save: 'Shrani',
    saved: 'Nastavitve so shranjene.',
  },
  hu: {
    title: 'Leiratkozás',
    confirmTopic: (a, t) => `Ne küldjünk több e-mailt a(z) „${t}” témában a(z) ${a} címre?`,
    confirmAll: (a) => `Ne küldjünk több e-mailt a(z) ${a} címre?`,
    button: 'Leiratkozás',
    doneTitle: 'Sikeresen leiratkozott',
    doneTopic: (a, t) => `A(z) ${a} címre nem küldünk több e-mailt a(z) „${t}” témában.`,
    doneAll: (a) => `A(z) ${a} címre nem küldünk több e-mailt.`,
    manage: 'E-mail-beállítások kezelése',
    prefsTitle: 'E-mail-beállítások',
    prefsIntro: (a) => `Amit a(z) ${a} címre küldünk:`,
    noTopics: 'Nem kap tőlünk hírlevelet vagy ajánlatot.',
    pending: 'az Ön megerősítésére vár',
    stopAll: 'Leiratkozás minden e-mailről',
    save: 'Mentés',
    saved: 'A beállításokat elmentettük.',
  },
  it: {
    title: 'Annulla iscrizione',
    confirmTopic: (a, t) => `Non inviare più e-mail su «${t}» a ${a}?`,
    confirmAll: (a) => `Non inviare più e-mail a ${a}?`,
    button: 'Annulla l’iscrizione',
    doneTitle: 'Iscrizione annullata',
    doneTopic: (a, t) => `${a} non riceverà più e-mail su «${t}».`,
    doneAll: (a) => `${a} non riceverà più e-mail da noi.`,
    manage: 'Gestisci le preferenze e-mail',
    prefsTitle: 'Preferenze e-mail',
    prefsIntro: (a) => `Cosa inviamo a ${a}:`,
    noTopics: 'Non ricevi newsletter o offerte da noi.',
    pending: 'in attesa della tua conferma',
    stopAll: 'Annulla l’iscrizione a tutte le e-mail',
    save: 'Salva',
    saved: 'Le tue preferenze sono state salvate.',
  },
  es: {
    title: 'Cancelar suscripción',
    confirmTopic: (a, t) => `¿Dejar de enviar correos sobre «${t}» a ${a}?`,
    confirmAll: (a) => `¿Dejar de enviar correos a ${a}?`,
    button: 'Cancelar suscripción',
    doneTitle: 'Suscripción cancelada',
    doneTopic: (a, t) => `${a} no recibirá más correos sobre «${t}».`,
    doneAll: (a) => `${a} no recibirá más correos nuestros.`,
    manage: 'Gestionar tus preferencias de correo',
    prefsTitle: 'Preferencias de correo',
    prefsIntro: (a) => `Lo que enviamos a ${a}:`,
    noTopics: 'No recibes boletines ni ofertas nuestras.',
    pending: 'pendiente de tu confirmación',
    stopAll: 'Darse de baja de todos los correos',
    save: 'Guardar',
    saved: 'Tus preferencias se han guardado.',
  },
  de: {
    title: 'Abmelden',
    confirmTopic: (a, t) => `Keine E-Mails mehr zu „${t}“ an ${a} senden?`,
    confirmAll: (a) => `Keine E-Mails mehr an ${a} senden?`,
    button: 'Abmelden',
    doneTitle: 'Sie sind abgemeldet',
    doneTopic: (a, t) => `${a} erhält keine E-Mails mehr zu „${t}“.`,
    doneAll: (a) => `${a} erhält keine E-Mails mehr von uns.`,
    manage: 'E-Mail-Einstellungen verwalten',
    prefsTitle: 'E-Mail-Einstellungen',
    prefsIntro: (a) => `Was wir an ${a} senden:`,
    noTopics: 'Sie erhalten von uns keine Newsletter oder Angebote.',
    pending: 'wartet auf Ihre Bestätigung',
    stopAll: 'Von allen E-Mails abmelden',
    save: 'Speichern',
    saved: 'Ihre Einstellungen sind gespeichert.',
  },
  fr: {
    title: 'Se désabonner',
    confirmTopic: (a, t) => `Ne plus envoyer d’e-mails sur « ${t} » à ${a} ?`,
    confirmAll: (a) => `Ne plus envoyer d’e-mails à ${a} ?`,
    button: 'Se désabonner',
    doneTitle: 'Vous êtes désabonné',
    doneTopic: (a, t) => `${a} ne recevra plus d’e-mails sur « ${t} ».`,
    doneAll: (a) => `${a} ne recevra plus d’e-mails de notre part.`,
    manage: 'Gérer vos préférences e-mail',
    prefsTitle: 'Préférences e-mail',
    prefsIntro: (a) => `Ce que nous envoyons à ${a} :`,
    noTopics: 'Vous ne recevez ni newsletter ni offre de notre part.',
    pending: 'en attente de votre confirmation',
    stopAll: 'Se désabonner de tous les e-mails',
    save: 'Enregistrer',
    saved: 'Vos préférences sont enregistrées.',
  },
} as const satisfies Record<string, Wording>;

export type PageLanguage = keyof typeof WORDING;

/** The pages' language for a mail's language tag (`ro`, `ro-RO`, `de_AT`): one of ours, else English. */
export function pageLanguage(tag: string | null | undefined): PageLanguage {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return primary in WORDING ? (primary as PageLanguage) : 'en';
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;color:#1f2933;background:#f5f7fa;margin:0}' +
  'main{max-width:32rem;margin:3rem auto;padding:1.5rem 2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}' +
  'h1{font-size:1.4rem;margin-top:0}button{font:inherit;padding:.5rem 1.25rem;border:0;border-radius:4px;background:#2563eb;color:#fff;cursor:pointer}' +
  'ul{list-style:none;padding:0}li{margin:.4rem 0}label{cursor:pointer}.note{color:#52606d}.saved{color:#166534}';

/**
 * The pages' own Content-Security-Policy, instead of the app's: nothing loads, no script runs,
 * the one inline stylesheet is allowed by its hash, and forms may post only to this origin.
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML (element content and quoted attribute values alike). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

function page(language: PageLanguage, title: string, body: string): string {
  return (
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`
  );
}

/** What an unsubscribe page is about: the address the mail went to, and the topic it left (null: all e-mail). */
export interface UnsubscribeSubject {
  language: PageLanguage;
  address: string;
  topicName: string | null;
}

/** The question the confirmation page asks, as plain text (also the consent record's proof of what was shown). */
export function confirmationQuestion(subject: UnsubscribeSubject): string {
  const w: Wording = WORDING[subject.language];
  return subject.topicName === null ? w.confirmAll(subject.address) : w.confirmTopic(subject.address, subject.topicName);
}

/** Proof text of a one-click unsubscribe, where no page was shown. */
export function oneClickProof(address: string): string {
  return `One-click unsubscribe (RFC 8058 List-Unsubscribe-Post) from the mail to ${address}`;
}

/**
 * GET /u/…: asks, never acts (mail scanners and link previews fetch links). The form posts to
 * this same URL; `preferencesHref` is relative to it.
 */
export function confirmationPage(subject: UnsubscribeSubject, preferencesHref: string): string {
  const w: Wording = WORDING[subject.language];
  return page(
    subject.language,
    w.title,
    `<p>${escapeHtml(confirmationQuestion(subject))}</p>` +
      `<form method="post"><input type="hidden" name="from" value="page"><button type="submit">${escapeHtml(w.button)}</button></form>` +
      `<p class="note"><a href="${escapeHtml(preferencesHref)}">${escapeHtml(w.manage)}</a></p>`,
  );
}

/** The answer to the unsubscribe POST (first time or again: the same words). */
export function unsubscribedPage(subject: UnsubscribeSubject, preferencesHref: string): string {
  const w: Wording = WORDING[subject.language];
  const said = subject.topicName === null ? w.doneAll(subject.address) : w.doneTopic(subject.address, subject.topicName);
  return page(subject.language, w.doneTitle, `<p>${escapeHtml(said)}</p><p class="note"><a href="${escapeHtml(preferencesHref)}">${escapeHtml(w.manage)}</a></p>`);
}

/**
 * The preference page: each topic the contact may change as a checkbox (subscribed = ticked),
 * topics still waiting for a double opt-in confirmation as a note, and "unsubscribe from all
 * e-mail". The hidden `form` field tells a real submission from an empty POST.
 */
export function preferencesPage(language: PageLanguage, address: string, preferences: Preferences, saved: boolean): string {
  const w: Wording = WORDING[language];
  const rows = preferences.topics.flatMap((topic) => {
    if (topic.status === 'pending') return [`<li>${escapeHtml(topic.name)} <span class="note">(${escapeHtml(w.pending)})</span></li>`];
    if (topic.status === 'unsubscribed' && !topic.mayResubscribe) return [];
    const checked = topic.status === 'subscribed' ? ' checked' : '';
    return [`<li><label><input type="checkbox" name="topic" value="${escapeHtml(topic.topicId)}"${checked}> ${escapeHtml(topic.name)}</label></li>`];
  });
  const list = rows.length > 0 ? `<ul>${rows.join('')}</ul>` : `<p class="note">${escapeHtml(w.noTopics)}</p>`;
  const stopAll = `<p><label><input type="checkbox" name="stop_all" value="yes"${preferences.emailWithdrawn ? ' checked' : ''}> ${escapeHtml(w.stopAll)}</label></p>`;
  return page(
    language,
    w.prefsTitle,
    (saved ? `<p class="saved" role="status">${escapeHtml(w.saved)}</p>` : '') +
      `<p>${escapeHtml(w.prefsIntro(address))}</p>` +
      `<form method="post"><input type="hidden" name="form" value="preferences">${list}${stopAll}<button type="submit">${escapeHtml(w.save)}</button></form>`,
  );
}

/** Proof text of one change made on the preference page: the box as it was labelled, and what was done to it. */
export function preferenceProof(language: PageLanguage, address: string, change: PreferenceChange): string {
  const w: Wording = WORDING[language];
  const box = (label: string, ticked: boolean) => `${ticked ? 'ticked' : 'unticked'} “${label}”`;
  const what =
    change.kind === 'subscribe' || change.kind === 'unsubscribe' ? box(change.topic.name, change.kind === 'subscribe') : box(w.stopAll, change.kind === 'stop-email');
  return `${w.prefsTitle} (${language}) for ${address}: ${what}`;
}
