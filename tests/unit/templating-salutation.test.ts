import { describe, expect, it } from 'vitest';
import type { Salutation } from '../../contracts/template';
import { chooseLanguage } from '../../templating/language';
import { compileSalutations, salutationFor, salutationLanguages, type SalutationContact } from '../../templating/salutation';

/** A part of the seeded matrix (db/migrations/0015), written out so the test does not read the code under test. */
const ROWS: Salutation[] = [
  ['en', 'formal', 'male', '', 'Dear Mr {{lastName}}'],
  ['en', 'formal', 'female', '', 'Dear Ms {{lastName}}'],
  ['en', 'formal', 'neutral', '', 'Dear {{firstName}} {{lastName}}'],
  ['en', 'formal', 'unnamed', '', 'Dear Sir or Madam'],
  ['en', 'formal', 'male', 'Dr', 'Dear Dr {{lastName}}'],
  ['en', 'informal', 'neutral', '', 'Hello {{firstName}}'],
  ['en', 'informal', 'unnamed', '', 'Hello'],
  ['ro', 'formal', 'male', '', 'Stimate domnule {{firstName}} {{lastName}}'],
  ['ro', 'formal', 'female', 'Director', 'Stimată doamnă director {{lastName}}'],
  ['ro', 'formal', 'neutral', '', 'Bună ziua, {{firstName}} {{lastName}}'],
  ['ro', 'formal', 'unnamed', '', 'Stimată doamnă / Stimate domn'],
  ['hu', 'formal', 'female', '', 'Tisztelt {{lastName}} {{firstName}} asszony'],
  ['hu', 'formal', 'male', 'Dr', 'Tisztelt Dr. {{lastName}} {{firstName}} úr'],
  ['it', 'formal', 'male', 'Dott.', 'Egregio Dott. {{lastName}}'],
  ['it', 'formal', 'neutral', 'Direttore', 'Gentile Direttore {{lastName}}'],
  ['it', 'formal', 'neutral', '', 'Gentile {{firstName}} {{lastName}}'],
  ['pt-BR', 'formal', 'neutral', '', 'Prezado(a) {{firstName}}'],
  ['pt', 'formal', 'neutral', '', 'Caro(a) {{firstName}}'],
].map(([language, formality, gender, qualifier, wording], index) => ({ id: String(index), language, formality, gender, qualifier, wording }) as Salutation);

const { matrix } = compileSalutations(ROWS);

const person = (over: Partial<SalutationContact> = {}): SalutationContact => ({ firstName: 'Anna', lastName: 'Rossi', gender: 'female', title: null, position: null, ...over });
const greet = (contact: SalutationContact, languages: string[], formality: 'formal' | 'informal' = 'formal') => salutationFor(matrix, contact, languages, formality);

describe('the salutation matrix', () => {
  it('greets by gender in the language asked for', () => {
    expect(greet(person(), ['en'])).toBe('Dear Ms Rossi');
    expect(greet(person({ gender: 'male', firstName: 'Ion', lastName: 'Popescu' }), ['ro'])).toBe('Stimate domnule Ion Popescu');
    expect(greet(person({ firstName: 'Éva', lastName: 'Kovács' }), ['hu'])).toBe('Tisztelt Kovács Éva asszony');
  });

  it('takes the title first, then the position, then any; without case or trailing dot', () => {
    expect(greet(person({ gender: 'male', lastName: 'Smith', title: 'dr.' }), ['en'])).toBe('Dear Dr Smith');
    expect(greet(person({ gender: 'male', firstName: 'János', lastName: 'Nagy', title: 'Dr' }), ['hu'])).toBe('Tisztelt Dr. Nagy János úr');
    expect(greet(person({ gender: 'male', lastName: 'Bianchi', title: 'Dott' }), ['it'])).toBe('Egregio Dott. Bianchi');
    // A position when the title has no row: the female director in Romanian.
    expect(greet(person({ lastName: 'Ionescu', title: 'Ing.', position: 'director' }), ['ro'])).toBe('Stimată doamnă director Ionescu');
    // The neutral row for a position, when the gender has no row of its own in that language.
    expect(greet(person({ gender: 'female', lastName: 'Verdi', position: 'Direttore' }), ['it'])).toBe('Gentile Direttore Verdi');
  });

  it('falls back to the neutral wording for other or unknown genders, and to unnamed without any name', () => {
    expect(greet(person({ gender: 'other', firstName: 'Sam', lastName: 'Lee' }), ['en'])).toBe('Dear Sam Lee');
    expect(greet(person({ gender: null, firstName: null, lastName: 'Lee' }), ['en'])).toBe('Dear Lee');
    expect(greet(person({ firstName: ' ', lastName: null }), ['en'])).toBe('Dear Sir or Madam');
    expect(greet(person({ firstName: null, lastName: null, title: 'Dr', gender: 'male' }), ['ro'])).toBe('Stimată doamnă / Stimate domn');
    // Romanian has no female row without a position: the neutral one, its comma closed up.
    expect(greet(person({ firstName: null, lastName: 'Pop' }), ['ro'])).toBe('Bună ziua, Pop');
  });

  it('uses the informal wording when the template is informal, the formal one when there is none', () => {
    expect(greet(person(), ['en'], 'informal')).toBe('Hello Anna');
    expect(greet(person({ firstName: null, lastName: null }), ['en'], 'informal')).toBe('Hello');
    expect(greet(person({ firstName: 'Éva', lastName: 'Kovács' }), ['hu'], 'informal')).toBe('Tisztelt Kovács Éva asszony');
  });

  it('walks the language chain of the variant: exact tag, primary subtag, then the campaign and template defaults', () => {
    const sources = { contact: 'pt-BR', campaign: 'it', template: 'en' };
    expect(chooseLanguage(['en', 'pt', 'it'], sources)).toEqual({ language: 'pt', fallback: 'contact' });
    expect(salutationLanguages(sources)).toEqual(['pt-br', 'pt', 'it', 'en']);
    expect(greet(person(), salutationLanguages(sources))).toBe('Prezado(a) Anna');
    expect(greet(person(), salutationLanguages({ contact: 'pt-PT', campaign: null, template: 'en' }))).toBe('Caro(a) Anna');
    // A language the matrix lacks: the campaign's default, then the template's.
    expect(greet(person({ gender: 'male', firstName: 'Jan', lastName: 'Novák' }), salutationLanguages({ contact: 'cs', campaign: 'ro', template: 'en' }))).toBe('Stimate domnule Jan Novák');
    expect(greet(person({ gender: 'male', firstName: 'Jan', lastName: 'Novák' }), salutationLanguages({ contact: 'cs', campaign: null, template: 'en' }))).toBe('Dear Mr Novák');
  });

  it('leaves out a row that does not compile and names it', () => {
    const broken = compileSalutations([...ROWS, { id: 'x', language: 'de', formality: 'formal', gender: 'male', qualifier: '', wording: 'Herr {{#if}}' }]);
    expect(broken.problems).toEqual([{ field: `salutations[${ROWS.length}].wording`, message: expect.any(String) }]);
    expect(salutationFor(broken.matrix, person({ gender: 'male' }), ['de', 'en'], 'formal')).toBe('Dear Mr Rossi');
  });
});
