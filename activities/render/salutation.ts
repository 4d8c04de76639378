/**
 * "Dear Mr Ion Popescu" instead of "Dear Sir/Madam": the greeting chosen by the contact's
 * language and gender. Unknown languages fall back to English; missing names to the generic
 * greeting of the language.
 */
export interface SalutationContact {
  firstName: string | null;
  lastName: string | null;
  gender: string | null;
  language: string | null;
}

interface Wording {
  male: (name: string) => string;
  female: (name: string) => string;
  neutral: (name: string) => string;
  generic: string;
}

const WORDINGS: Record<string, Wording> = {
  en: { male: (n) => `Dear Mr ${n}`, female: (n) => `Dear Ms ${n}`, neutral: (n) => `Dear ${n}`, generic: 'Dear Sir or Madam' },
  ro: { male: (n) => `Stimate domnule ${n}`, female: (n) => `Stimată doamnă ${n}`, neutral: (n) => `Bună ziua, ${n}`, generic: 'Stimată doamnă / Stimate domn' },
  sl: { male: (n) => `Spoštovani gospod ${n}`, female: (n) => `Spoštovana gospa ${n}`, neutral: (n) => `Pozdravljeni, ${n}`, generic: 'Spoštovani' },
  hu: { male: (n) => `Tisztelt ${n} úr`, female: (n) => `Tisztelt ${n} asszony`, neutral: (n) => `Tisztelt ${n}`, generic: 'Tisztelt Hölgyem / Uram' },
  it: { male: (n) => `Gentile Sig. ${n}`, female: (n) => `Gentile Sig.ra ${n}`, neutral: (n) => `Gentile ${n}`, generic: 'Gentile Cliente' },
  es: { male: (n) => `Estimado Sr. ${n}`, female: (n) => `Estimada Sra. ${n}`, neutral: (n) => `Estimado/a ${n}`, generic: 'Estimado/a cliente' },
  de: { male: (n) => `Sehr geehrter Herr ${n}`, female: (n) => `Sehr geehrte Frau ${n}`, neutral: (n) => `Guten Tag ${n}`, generic: 'Sehr geehrte Damen und Herren' },
  fr: { male: (n) => `Cher Monsieur ${n}`, female: (n) => `Chère Madame ${n}`, neutral: (n) => `Bonjour ${n}`, generic: 'Madame, Monsieur' },
};

/** Languages whose formal address puts the family name first (Hungarian). */
const FAMILY_NAME_FIRST = new Set(['hu']);

export function salutation(contact: SalutationContact): string {
  const language = (contact.language ?? 'en').slice(0, 2).toLowerCase();
  const wording = WORDINGS[language] ?? WORDINGS.en!;
  const first = contact.firstName?.trim() ?? '';
  const last = contact.lastName?.trim() ?? '';
  const parts = FAMILY_NAME_FIRST.has(language) ? [last, first] : [first, last];
  const name = parts.filter(Boolean).join(' ');
  if (!name) return wording.generic;
  if (contact.gender === 'male') return wording.male(name);
  if (contact.gender === 'female') return wording.female(name);
  return wording.neutral(name);
}
