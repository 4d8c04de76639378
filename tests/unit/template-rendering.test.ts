import { describe, expect, it } from 'vitest';
import { salutation } from '../../activities/render/salutation';
import { compileTemplate, TemplateError, type ContactForTemplate } from '../../activities/render/template-renderer';

const contact = (over: Partial<ContactForTemplate> = {}): ContactForTemplate => ({
  firstName: 'Ion',
  lastName: 'Popescu',
  email: 'ion@example.test',
  title: null,
  gender: 'male',
  language: 'en',
  city: 'Cluj',
  country: 'RO',
  attributes: { favouriteColour: 'blue' },
  ...over,
});

describe('salutation', () => {
  it('greets by gender and language instead of "Dear Sir/Madam"', () => {
    expect(salutation(contact())).toBe('Dear Mr Ion Popescu');
    expect(salutation(contact({ gender: 'female', firstName: 'Ana' }))).toBe('Dear Ms Ana Popescu');
    expect(salutation(contact({ gender: null }))).toBe('Dear Ion Popescu');
    expect(salutation(contact({ language: 'ro' }))).toBe('Stimate domnule Ion Popescu');
    expect(salutation(contact({ language: 'ro', gender: 'female', firstName: 'Maria' }))).toBe('Stimată doamnă Maria Popescu');
    expect(salutation(contact({ language: 'hu', firstName: 'János', lastName: 'Kovács' }))).toBe('Tisztelt Kovács János úr');
  });

  it('falls back to the generic greeting without a name, and to English for unknown languages', () => {
    expect(salutation(contact({ firstName: null, lastName: null }))).toBe('Dear Sir or Madam');
    expect(salutation(contact({ firstName: ' ', lastName: null, language: 'it' }))).toBe('Gentile Cliente');
    expect(salutation(contact({ language: 'xx' }))).toBe('Dear Mr Ion Popescu');
  });
});

describe('compileTemplate', () => {
  it('renders subject and body with contact fields, attributes and the salutation', () => {
    const render = compileTemplate({
      subject: 'Hello {{contact.firstName}}\nthere',
      body: '{{salutation}},\nyour colour is {{contact.attributes.favouriteColour}} & you live in {{contact.city}}.',
    });
    expect(render(contact())).toEqual({
      subject: 'Hello Ion there',
      text: 'Dear Mr Ion Popescu,\nyour colour is blue & you live in Cluj.',
    });
  });

  it('renders missing fields as empty and refuses prototype access', () => {
    const render = compileTemplate({ subject: '{{contact.nope}}x', body: '{{contact.constructor.name}}|{{__proto__}}' });
    expect(render(contact())).toEqual({ subject: 'x', text: '|' });
  });

  it('reports a template that does not compile', () => {
    expect(() => compileTemplate({ subject: 'ok', body: 'Hi {{#if}}' })).toThrow(TemplateError);
  });
});
