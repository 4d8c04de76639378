import { describe, expect, it } from 'vitest';
import { handlebarsProblems, SALUTATION_VOCABULARY, templateVocabulary, variantProblems } from '../../api/template-check';

const vocabulary = templateVocabulary(['loyalty_tier']);
const check = (source: string) => handlebarsProblems('html', source, vocabulary);
const messages = (source: string) => check(source).map((problem) => problem.message);

/** api/template-check.ts: what a template may name, judged from its syntax tree alone. */
describe('template checker', () => {
  it('accepts every field of the list, defined attributes, helpers with arguments and literals', () => {
    expect(
      check(
        '{{salutation}} {{contact.firstName}} {{contact.attributes.loyalty_tier}} {{formatMoney product.netPrice product.currency}} ' +
          '{{formatNumber product.discountPercent 0}} {{formatDate today "long"}} {{#if contact.city}}{{contact.city}}{{else}}-{{/if}} {{!-- a note --}}',
      ),
    ).toEqual([]);
  });

  it('names an unknown field, an undefined attribute and a group printed as if it were a field, each with its line', () => {
    expect(check('Hi {{contact.fristName}}\n{{contact.attributes.shoe_size}}\n{{product}}')).toEqual([
      { field: 'html', line: 1, message: 'unknown field "contact.fristName"' },
      { field: 'html', line: 2, message: 'unknown field "contact.attributes.shoe_size"' },
      { field: 'html', line: 3, message: expect.stringMatching(/^"product" is a group of fields, not a field/) },
    ]);
  });

  it('resolves paths inside #with against its block, ../ and @root against the outside, and block parameters by name', () => {
    expect(check('{{#with product}}{{name}} {{../contact.city}} {{@root.today}}{{/with}}')).toEqual([]);
    expect(check('{{#with product as |p|}}{{p.name}} {{contact.city}}{{/with}}')).toEqual([]);
    expect(messages('{{#with product}}{{city}}{{/with}}')).toEqual(['unknown field "product.city"']);
    expect(messages('{{#with contact.attributes}}{{loyalty_tier}} {{tier}}{{/with}}')).toEqual(['unknown field "contact.attributes.tier"']);
    // Inside a #with of something unknown, nothing is judged again name by name.
    expect(messages('{{#with nothing}}{{name}}{{/with}}')).toEqual(['unknown field "nothing"']);
    expect(messages('{{../contact.city}}')).toEqual([expect.stringContaining('climbs out of the template')]);
  });

  it('refuses unknown helpers (in blocks, calls and sub-expressions), loops, lookups, partials and data variables', () => {
    expect(messages('{{shout contact.firstName}}')).toEqual(['unknown helper "shout"']);
    expect(messages('{{formatMoney (upper product.name)}}')).toEqual(['unknown helper "upper"']);
    expect(messages('{{#each contact}}{{@index}}{{/each}}')).toEqual([expect.stringMatching(/^unknown helper "each"/), 'unknown data variable "@index"']);
    expect(messages('{{lookup contact "firstName"}}')).toEqual(['unknown helper "lookup"']);
    expect(messages('{{> footer}}')).toEqual([expect.stringContaining('partials')]);
    expect(messages('{{constructor.name}} {{contact.__proto__}}')).toEqual(['unknown field "constructor.name"', 'unknown field "contact.__proto__"']);
  });

  it('reports a syntax error with its line instead of walking', () => {
    expect(check('one\ntwo {{#if contact.city}}\nthree')).toEqual([{ field: 'html', line: 3, message: expect.stringMatching(/^Handlebars parse error on line 3/) }]);
    expect(check('{{#if contact.city}}\n{{/with}}')).toEqual([{ field: 'html', line: 1, message: expect.stringContaining("if doesn't match with") }]);
  });

  it('names each variant part, and refuses a subject on two lines', () => {
    const problems = variantProblems(
      [
        { subject: 'Fine', html: '<p>{{contact.firstName}}</p>', text: null, preheader: null },
        { subject: 'Two\nlines', preheader: '{{x}}', html: null, text: 'ok' },
      ],
      vocabulary,
      (index, part) => `variants[${index}].${part}`,
    );
    expect(problems).toEqual([
      { field: 'variants[1].subject', line: 2, message: 'a subject must be one line' },
      { field: 'variants[1].preheader', line: 1, message: 'unknown field "x"' },
    ]);
  });

  it('lets salutation wordings use only the four name fields and if/unless', () => {
    expect(handlebarsProblems('wording', '{{#if title}}{{title}} {{/if}}{{lastName}} {{firstName}} {{position}}', SALUTATION_VOCABULARY)).toEqual([]);
    expect(handlebarsProblems('wording', '{{contact.lastName}} {{formatDate today}}', SALUTATION_VOCABULARY).map((p) => p.message)).toEqual([
      'unknown field "contact.lastName"',
      'unknown helper "formatDate"',
      'unknown field "today"',
    ]);
  });
});
