import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { createSmtpMailer } from '../../channels/smtp';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../../flow/graph';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { bearer, createSignedInUser, injectAs } from '../support/sign-in';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

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
    // Language tags compare without case: the default is kept as its variant spells it.
    const brazilian = await save({ name: 'Tags', channel: 'email', language: 'pt-br', variants: [variant('en', { text: 'Hi' }), variant('pt-BR', { text: 'Olá' })] });
    expect(brazilian.statusCode, brazilian.body).toBe(201);
    expect(brazilian.json()).toMatchObject({ language: 'pt-BR', variants: [{ language: 'pt-BR' }, { language: 'en' }] });
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

/**
 * Preview and test send: the template rendered for a chosen contact exactly as generate would
 * (templating/), the variant and salutation picked by the contact's language, in the caller's
 * scope; a test send arrives at a real SMTP server and is audited.
 */
describe('templates API: preview and test send', () => {
  let api: ApiOnFreshDatabase;
  let app: FastifyInstance;
  let sink: SmtpSink;
  let mailing: FastifyInstance;
  let temporal: Client;
  const mailer = { current: undefined as ReturnType<typeof createSmtpMailer> | undefined };
  let templateId: string;
  const contacts: Record<'hungarian' | 'italian' | 'japanese' | 'elsewhere', string> = { hungarian: '', italian: '', japanese: '', elsewhere: '' };
  let storeId: string;

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_templates_preview');
    app = api.app;
    const store = await app.inject({ method: 'POST', url: '/api/stores', payload: { code: 'BUD', name: 'Budapest' } });
    storeId = store.json().id;
    const other = (await app.inject({ method: 'POST', url: '/api/stores', payload: { code: 'MIL', name: 'Milano' } })).json().id;
    const people = {
      hungarian: { email: 'peter.kovacs@example.test', firstName: 'Péter', lastName: 'Kovács', gender: 'male', language: 'hu', storeId },
      italian: { email: 'anna.rossi@example.test', firstName: 'Anna', lastName: 'Rossi', gender: 'female', title: 'Dott.ssa', language: 'it', storeId },
      japanese: { email: 'yuki.tanaka@example.test', firstName: 'Yuki', lastName: 'Tanaka', language: 'ja', storeId },
      elsewhere: { email: 'marco.bianchi@example.test', firstName: 'Marco', lastName: 'Bianchi', gender: 'male', language: 'it', storeId: other },
    };
    for (const [key, person] of Object.entries(people)) {
      const created = await app.inject({ method: 'POST', url: '/api/contacts', payload: person });
      expect(created.statusCode, created.body).toBe(201);
      contacts[key as keyof typeof contacts] = created.json().id;
    }
    const template = await app.inject({ method: 'POST', url: '/api/templates', payload: THREE_LANGUAGES });
    templateId = template.json().id;

    sink = await startSmtpSink();
    mailer.current = createSmtpMailer(`${sink.url}?ignoreTLS=true`, { pool: false });
    temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    mailing = await buildApp({ db: api.database.db, temporal, taskQueue: 'unused', mailer: mailer.current, mailFrom: 'Shop <news@shop.example>' });
    injectAs(mailing, api.admin);
  });
  afterAll(async () => {
    await mailing?.close();
    await mailer.current?.close();
    await temporal?.connection.close();
    await sink?.close();
    await api?.close();
  });

  const preview = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/templates/preview', payload: { template: THREE_LANGUAGES, ...body }, ...(headers ? { headers } : {}) });

  it('previews each contact in their language with their salutation, the default language for an unknown one', async () => {
    const hungarian = await preview({ contactId: contacts.hungarian });
    expect(hungarian.statusCode, hungarian.body).toBe(200);
    expect(hungarian.json()).toMatchObject({ language: 'hu', fallback: 'contact', subject: 'Tavaszi ajánlat, Péter', html: null });
    expect(hungarian.json().text).toMatch(/^Tisztelt Kovács Péter úr,\nitt a tavaszi ajánlat\./);

    const italian = (await preview({ contactId: contacts.italian })).json();
    expect(italian).toMatchObject({ language: 'it', fallback: 'contact', subject: 'Offerta di primavera' });
    expect(italian.html).toContain('Gentile Dott.ssa Rossi,');
    expect(italian.text).toMatch(/^Gentile Dott\.ssa Rossi, offerta!/);

    const japanese = (await preview({ contactId: contacts.japanese })).json();
    expect(japanese).toMatchObject({ language: 'en', fallback: 'template', subject: 'Spring offer for Yuki', preheader: 'Only this month' });
    expect(japanese.html).toContain('Dear Yuki Tanaka,');
    // Marketing mail (no campaign says otherwise): one-click unsubscribe headers, as sent.
    expect(japanese.headers).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Unsubscribe': expect.stringMatching(/^<http.*\/u\/[0-9a-f-]{36}\/[\w-]+>, <mailto:unsubscribe@/) });

    // The studio's language tab: the Italian contact shown the Hungarian variant, greeted in Hungarian.
    const asHungarian = (await preview({ contactId: contacts.italian, language: 'hu' })).json();
    expect(asHungarian).toMatchObject({ language: 'hu', subject: 'Tavaszi ajánlat, Anna' });
    expect(asHungarian.text).toMatch(/^Tisztelt Rossi Anna asszony,/);
  });

  it("previews with a campaign: its default language for a contact whose own has no variant, its product priced today with the discount, no unsubscribe headers on service mail", async () => {
    const product = await app.inject({ method: 'POST', url: '/api/products', payload: { code: 'TV-55', name: 'Smart TV 55', kind: 'product' } });
    expect(product.statusCode, product.body).toBe(201);
    const productId = product.json().id;
    const list = await app.inject({ method: 'POST', url: '/api/price-lists', payload: { name: 'This year', currency: 'EUR', validFrom: '2021-01-01', validTo: null, items: [{ productId, price: '899.00' }] } });
    expect(list.statusCode, list.body).toBe(201);
    await api.database.db.query(
      `WITH l AS (INSERT INTO discount_lists (name, valid_from) VALUES ('Spring', current_date - 1) RETURNING id)
       INSERT INTO discount_list_items (discount_list_id, product_id, percent) SELECT id, $1, 15 FROM l`,
      [productId],
    );
    const flow = await app.inject({ method: 'POST', url: '/api/flows', payload: { name: 'Empty', graph: { type: FLOW_DOCUMENT_TYPE, version: FLOW_SCHEMA_VERSION, nodes: [], edges: [] } } });
    const campaign = await app.inject({ method: 'POST', url: '/api/campaigns', payload: { name: 'Spring TV', flowId: flow.json().id, productId, defaultLanguage: 'it', mailPurpose: 'service' } });
    expect(campaign.statusCode, campaign.body).toBe(201);

    const japanese = (await preview({ contactId: contacts.japanese, campaignId: campaign.json().id })).json();
    expect(japanese).toMatchObject({ language: 'it', fallback: 'campaign', subject: 'Offerta di primavera', headers: {} });
    expect(japanese.html).toContain('Gentile Yuki Tanaka,');
    expect(japanese.html).toMatch(/Smart TV 55: 764,15(\s|&nbsp;)€/);

    const missing = await preview({ contactId: contacts.japanese, campaignId: '00000000-0000-4000-8000-000000000002' });
    expect(missing.statusCode).toBe(404);
  });

  it('previews unsaved edits, refusing them as saving would; without a contact, the sample contact', async () => {
    const sample = (await preview({})).json();
    expect(sample).toMatchObject({ language: 'it', fallback: 'contact' });
    expect(sample.html).toContain('Rossi');

    const broken = await preview({ template: { ...THREE_LANGUAGES, variants: [{ language: 'en', subject: 'Hi', html: '{{contact.shoeSize}}' }] } });
    expect(broken.statusCode).toBe(422);
    expect(broken.json()).toMatchObject({ code: 'TEMPLATE_INVALID', errors: [{ field: 'variants[0].html', line: 1, message: 'unknown field "contact.shoeSize"' }] });
  });

  it('previews only contacts the caller may see, and a contact only for a reader of contacts', async () => {
    const inBudapest = await createSignedInUser(api.database.db, 'designer', { storeId });
    expect((await preview({ contactId: contacts.hungarian }, bearer(inBudapest))).statusCode).toBe(200);
    const outside = await preview({ contactId: contacts.elsewhere }, bearer(inBudapest));
    expect(outside.statusCode).toBe(404);

    const owner = await createSignedInUser(api.database.db, 'budget_owner');
    expect((await preview({}, bearer(owner))).statusCode).toBe(200);
    const refused = await preview({ contactId: contacts.hungarian }, bearer(owner));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain('contacts:read');
  });

  it('sends a test to an address through the mail server: "[Test] " subject, the contact\'s language, both parts, headers; audited', async () => {
    const sent = await mailing.inject({ method: 'POST', url: `/api/templates/${templateId}/test-send`, payload: { to: 'qa@shop.example', contactId: contacts.italian } });
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toEqual({ to: 'qa@shop.example', language: 'it', subject: '[Test] Offerta di primavera' });
    const [mail] = await sink.waitFor(1, 10_000);
    expect(mail!.subject).toBe('[Test] Offerta di primavera');
    expect(mail!.to).toMatchObject({ value: [{ address: 'qa@shop.example' }] });
    expect(mail!.from).toMatchObject({ value: [{ address: 'news@shop.example' }] });
    expect(mail!.html).toContain('Gentile Dott.ssa Rossi,');
    expect(mail!.text).toMatch(/^Gentile Dott\.ssa Rossi, offerta!/);
    // As written on the wire, unfolded (RFC 5322 folds long headers over lines).
    const header = (key: string) => mail!.headerLines.find((line) => line.key === key)?.line.replace(/\r\n\s+/g, ' ');
    expect(header('list-unsubscribe-post'), mail!.headerLines.map((line) => line.key).join()).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe: <http[^>]*\/u\/[0-9a-f-]{36}\/[\w-]+>, <mailto:unsubscribe@shop\.example\?subject=unsubscribe-[0-9a-f-]{36}>$/);

    const audit = (await app.inject({ method: 'GET', url: '/api/audit', query: { action: 'template.test-send' } })).json().items;
    expect(audit).toEqual([expect.objectContaining({ entity: 'template', entityId: templateId, diff: { to: 'qa@shop.example', language: 'it', contactId: contacts.italian, campaignId: null } })]);
  });

  it('answers 503 NO_MAILER when the API has no mail server, and 404 for a template that does not exist', async () => {
    const noMailer = await app.inject({ method: 'POST', url: `/api/templates/${templateId}/test-send`, payload: { to: 'qa@shop.example' } });
    expect(noMailer.statusCode).toBe(503);
    expect(noMailer.json().code).toBe('NO_MAILER');
    const missing = await mailing.inject({ method: 'POST', url: '/api/templates/00000000-0000-4000-8000-000000000001/test-send', payload: { to: 'qa@shop.example' } });
    expect(missing.statusCode).toBe(404);
  });
});
