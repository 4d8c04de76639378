import Handlebars from 'handlebars';
import type { Salutation } from '../contracts/template';
import { languageChain, type LanguageSources } from './language';
import type { TemplateProblem } from './problems';

/** What a salutation wording may use of the contact. */
export interface SalutationContact {
  firstName: string | null;
  lastName: string | null;
  gender: string | null;
  title: string | null;
  position: string | null;
}

export type Formality = 'formal' | 'informal';

type Wording = (names: Record<'firstName' | 'lastName' | 'title' | 'position', string>) => string;

/** The matrix compiled once: one wording per (language, formality, gender, qualifier). */
export interface SalutationMatrix {
  wordings: Map<string, Wording>;
}

/**
 * Its own Handlebars environment: a wording is a few words over four names, so only the
 * built-in conditionals are known, and nothing is escaped here (the greeting is escaped where
 * it is placed, like any value, when it goes into HTML).
 */
const handlebars = Handlebars.create();
const WORDING_OPTIONS = {
  noEscape: true,
  strict: false,
  knownHelpersOnly: true,
  knownHelpers: { each: false, lookup: false, log: false },
} as const;

/**
 * Titles and positions are typed by people: "Dr", "dr." and "Dr " are one title. Compared
 * without case, surrounding space and trailing dots ("Dott." and "Dott" alike).
 */
export function normaliseQualifier(value: string | null | undefined): string {
  return (value ?? '').trim().toLowerCase().replace(/\.+$/, '');
}

const keyOf = (language: string, formality: string, gender: string, qualifier: string) =>
  `${language.toLowerCase()}|${formality}|${gender}|${normaliseQualifier(qualifier)}`;

/** Compile every row of the matrix once; a row that does not compile is named and left out. */
export function compileSalutations(rows: readonly Salutation[]): { matrix: SalutationMatrix; problems: TemplateProblem[] } {
  const wordings = new Map<string, Wording>();
  const problems: TemplateProblem[] = [];
  rows.forEach((row, index) => {
    try {
      const template = handlebars.compile(row.wording, WORDING_OPTIONS);
      template({}); // Handlebars compiles lazily: surface a syntax error now.
      wordings.set(keyOf(row.language, row.formality, row.gender, row.qualifier), template);
    } catch (error) {
      problems.push({ field: `salutations[${index}].wording`, message: (error as Error).message });
    }
  });
  return { matrix: { wordings }, problems };
}

/** The matrix's gender axis for a contact: no name at all is `unnamed`; other or unknown genders `neutral`. */
export function salutationGender(contact: SalutationContact): 'female' | 'male' | 'neutral' | 'unnamed' {
  if (!contact.firstName?.trim() && !contact.lastName?.trim()) return 'unnamed';
  return contact.gender === 'female' || contact.gender === 'male' ? contact.gender : 'neutral';
}

/**
 * The languages whose salutations may greet a contact: the same chain as the variant's choice
 * (contact exact, primary subtag, campaign, template). A contact whose language the template
 * lacks is still greeted in their own language when the matrix has it, as before variants.
 */
export function salutationLanguages(sources: LanguageSources): string[] {
  return languageChain(sources).map((step) => step.tag);
}

/**
 * The greeting for a contact. Per language of `languages`: the template's formality, then (no
 * informal row at all for this contact) the formal wording; within one, most specific first:
 * (gender, title) → (gender, position) → (gender, any) → (neutral, title) → (neutral, position)
 * → (neutral, any). A contact without a name only ever gets an `unnamed` row ("Dear Sir or
 * Madam"), never "Dear  " with the name left empty. Empty when the matrix has nothing.
 */
export function salutationFor(matrix: SalutationMatrix, contact: SalutationContact, languages: readonly string[], formality: Formality): string {
  const gender = salutationGender(contact);
  const genders = gender === 'unnamed' || gender === 'neutral' ? [gender] : [gender, 'neutral'];
  const qualifiers = [contact.title, contact.position].map(normaliseQualifier).filter((qualifier) => qualifier !== '');
  const formalities: Formality[] = formality === 'informal' ? ['informal', 'formal'] : ['formal'];
  for (const language of languages) {
    for (const register of formalities) {
      for (const g of genders) {
        for (const qualifier of [...qualifiers, '']) {
          const wording = matrix.wordings.get(keyOf(language, register, g, qualifier));
          if (wording) return greeting(wording, contact);
        }
      }
    }
  }
  return '';
}

function greeting(wording: Wording, contact: SalutationContact): string {
  const text = wording({
    firstName: contact.firstName?.trim() ?? '',
    lastName: contact.lastName?.trim() ?? '',
    title: contact.title?.trim() ?? '',
    position: contact.position?.trim() ?? '',
  });
  // A name left empty leaves two spaces, or a space before a comma: close them up.
  return text.replace(/\s+/g, ' ').replace(/ ([,.;!])/g, '$1').trim();
}
