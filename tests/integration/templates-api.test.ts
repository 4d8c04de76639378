import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';

/** A template in three languages: the shape the template studio saves. */
const THREE_LANGUAGES = {
  name: 'Spring offer',
  channel: 'email',
  language: 'en',
  formality: 'formal',
  variants: [
    { language: 'en', subject: 'Spring offer for {{contact.firstName}}', html: '<p>{{salutation}},</p><p>Our {{product.name}} is here.</p>', text: null, preheader: 'Only this month' },
    { language: 'hu', subject: 'Tavaszi ajánlat, {{contact.firstName}}', html: null, text: '{{salutation}},\nitt a tavaszi ajánlat.' },
    { language: 'it', subject: 'Offerta di primavera', html: '<p>{{salutation}},</p>{{#with product}}<p>{{name}}: {{formatMoney netPrice currency}}</p>{{/with}}', text: '{{salutation}}, offerta!' },
  ],
};

/**
 * Saving templates through the API: language variants, the subject/body shorthand, and the
 * checker that refuses — in one 422 listing every problem — unknown fields, unknown helpers and
 * syntax errors, each pinned to the variant's part and line. The app acts as an admin (token).
 */
describe('templates API: saving language variants', () => {
  let api: ApiOnFreshDatabase;
  let app: FastifyInstance;
  let unique = 0;

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_templates_api');
    app = api.app;
    const defined = await app.inject({ method: 'POST', url: '/api/attribute-definitions', payload: { key: 'loyalty_tier', label: 'Loyalty tier', type: 'string' } });
    expect(defined.statusCode, defined.body).toBe(201);
  });
  afterAll(() => api?.close());

  const save = (payload: Record<string, unknown>, method: 'POST' | 'PUT' = 'POST', id?: string) =>
    app.inject({ method, url: id ? `/api/templates/${id}` : '/api/templates', payload: { ...payload, name: `${payload.name as string} ${(unique += 1)}` } as InjectOptions['payload'] });

  const variant = (language: string, parts: Record<string, string | null>) => ({ language, subject: 'Hello', ...parts });

  it('saves three variants and reads them back, the default language first', async () => {
    const created = await save(THREE_LANGUAGES);
    expect(created.statusCode, created.body).toBe(201);
    const read = await app.inject({ method: 'GET', url: `/api/templates/${created.json().id}` });
    expect(read.json()).toMatchObject({
      language: 'en',
      formality: 'formal',
      variants: [
        { language: 'en', subject: 'Spring offer for {{contact.firstName}}', preheader: 'Only this month', html: THREE_LANGUAGES.variants[0]!.html, text: null },
        { language: 'hu', subject: 'Tavaszi ajánlat, {{contact.firstName}}', preheader: null, html: null, text: '{{salutation}},\nitt a tavaszi ajánlat.' },
        { language: 'it', html: THREE_LANGUAGES.variants[2]!.html, text: '{{salutation}}, offerta!' },
      ],
    });

    // A replace drops the variant left out and changes the default.
    const replaced = await save({ ...THREE_LANGUAGES, language: 'it', variants: THREE_LANGUAGES.variants.slice(1) }, 'PUT', created.json().id);
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json().variants.map((v: { language: string }) => v.language)).toEqual(['it', 'hu']);
  });

  it('keeps the subject/body shorthand: one plain-text variant in the language given (en by default)', async () => {
    const shorthand = await save({ name: 'Short', channel: 'email', language: 'hu', subject: 'Szia {{contact.firstName}}', body: '{{salutation}}!' });
    expect(shorthand.statusCode, shorthand.body).toBe(201);
    expect(shorthand.json()).toMatchObject({ language: 'hu', variants: [{ language: 'hu', subject: 'Szia {{contact.firstName}}', text: '{{salutation}}!', html: null }] });
    const english = await save({ name: 'Short', channel: 'email', subject: 'Hi', body: 'Hi' });
    expect(english.json()).toMatchObject({ language: 'en', variants: [{ language: 'en' }] });
  });

  it('refuses an unknown field, naming the variant part, line and field; a defined attribute is a field', async () => {
    const response = await save({
      ...THREE_LANGUAGES,
      variants: [
        THREE_LANGUAGES.variants[0],
        variant('hu', { text: 'Kedves {{contact.fristName}},\n{{contact.attributes.loyalty_tier}} szint\n{{contact.attributes.shoe_size}}' }),
        THREE_LANGUAGES.variants[2],
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'TEMPLATE_INVALID' });
    expect(response.json().errors).toEqual([
      { field: 'variants[1].text', line: 1, message: 'unknown field "contact.fristName"' },
      { field: 'variants[1].text', line: 3, message: 'unknown field "contact.attributes.shoe_size"' },
    ]);
    expect((await app.inject({ method: 'GET', url: '/api/templates' })).json().map((t: { name: string }) => t.name)).not.toContain(`Spring offer ${unique}`);
  });

  it('refuses an unknown helper, resolves paths inside #with against its block, and lists every problem at once', async () => {
    const response = await save({
      name: 'Many problems',
      channel: 'email',
      language: 'en',
      variants: [
        variant('en', { subject: '{{shout contact.firstName}}', html: '{{#with product}}<b>{{name}}</b> {{price}} {{firstName}}{{/with}}\n{{#each contact}}x{{/each}}' }),
        variant('it', { text: 'Prezzo: {{formatMoney product.netPrice product.currency}} {{formatMoney (upper product.name)}}' }),
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([
      { field: 'variants[0].subject', line: 1, message: 'unknown helper "shout"' },
      { field: 'variants[0].html', line: 1, message: 'unknown field "product.firstName"' },
      { field: 'variants[0].html', line: 2, message: expect.stringMatching(/^unknown helper "each"/) },
      { field: 'variants[1].text', line: 1, message: 'unknown helper "upper"' },
    ]);
  });

  it('refuses a syntax error with its line, and a subject on two lines', async () => {
    const response = await save({
      name: 'Broken',
      channel: 'email',
      language: 'en',
      variants: [variant('en', { subject: 'Hello\n{{contact.firstName}}', html: '<p>one</p>\n<p>two</p>\n{{#if contact.city}}\nno end' })],
    });
    expect(response.statusCode).toBe(422);
    const errors = response.json().errors;
    expect(errors).toEqual([
      { field: 'variants[0].subject', line: 2, message: 'a subject must be one line' },
      { field: 'variants[0].html', line: 4, message: expect.stringMatching(/^Handlebars parse error on line 4/) },
    ]);
  });

  it('refuses a language twice, a missing default-language variant, both forms at once, and a variant without a body', async () => {
    const twice = await save({ name: 'Twice', channel: 'email', language: 'en', variants: [variant('en', { text: 'a' }), variant('pt-BR', { text: 'b' }), variant('pt-br', { text: 'c' })] });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors).toEqual([{ field: 'variants[2].language', message: expect.stringContaining('given twice') }]);

    const noDefault = await save({ name: 'No default', channel: 'email', language: 'ro', variants: [variant('en', { text: 'a' }), variant('hu', { text: 'b' })] });
    expect(noDefault.statusCode).toBe(422);
    expect(noDefault.json().errors).toEqual([{ field: 'language', message: expect.stringContaining('"ro"') }]);

    const both = await save({ name: 'Both', channel: 'email', subject: 'Hi', body: 'Hi', variants: [variant('en', { text: 'a' })] });
    expect(both.statusCode).toBe(422);
    expect(both.json().errors).toEqual([{ field: 'variants', message: expect.stringContaining('not both') }]);

    const empty = await save({ name: 'Empty', channel: 'email', variants: [variant('en', { html: '  ', text: null })] });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors).toEqual([{ field: 'variants[0]', message: 'needs an html or a text body' }]);
  });

  it('lets a designer save and a budget owner only read; an agent neither', async () => {
    const { createSignedInUser, bearer } = await import('../support/sign-in');
    const designer = await createSignedInUser(api.database.db, 'designer');
    const owner = await createSignedInUser(api.database.db, 'budget_owner');
    const agent = await createSignedInUser(api.database.db, 'agent');
    const payload = { ...THREE_LANGUAGES, name: `By role ${(unique += 1)}` };
    expect((await app.inject({ method: 'POST', url: '/api/templates', headers: bearer(designer), payload })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/templates', headers: bearer(owner), payload })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/templates', headers: bearer(owner) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/templates', headers: bearer(agent), payload })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/templates', headers: bearer(agent) })).statusCode).toBe(403);
  });
});
