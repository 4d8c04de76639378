import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOnFreshDatabase, type ApiOnFreshDatabase } from '../support/api-app';
import { bearer, createSignedInUser, type TestCredentials } from '../support/sign-in';

interface Row {
  language: string;
  formality: 'formal' | 'informal';
  gender: 'female' | 'male' | 'neutral' | 'unnamed';
  qualifier: string;
  wording: string;
}

const cell = ({ language, formality, gender, qualifier, wording }: Row) => ({ language, formality, gender, qualifier, wording });

/**
 * The salutation matrix through the API: the seeded matrix reads back, an edited one replaces
 * it whole (audited), and a matrix a contact could fall through is refused with the row named.
 */
describe('salutations API', () => {
  let api: ApiOnFreshDatabase;
  let app: FastifyInstance;
  let designer: TestCredentials;

  beforeAll(async () => {
    api = await apiOnFreshDatabase('cs_salutations_api');
    app = api.app;
    designer = await createSignedInUser(api.database.db, 'designer');
  });
  afterAll(() => api?.close());

  const read = async (): Promise<Row[]> => (await app.inject({ method: 'GET', url: '/api/salutations' })).json();
  const put = (items: unknown[], headers: Record<string, string> = bearer(designer)) => app.inject({ method: 'PUT', url: '/api/salutations', headers, payload: { items } });

  it('reads the seeded matrix and replaces it whole, audited with the cells that changed', async () => {
    const seeded = await read();
    expect(seeded).toContainEqual(expect.objectContaining({ language: 'it', formality: 'formal', gender: 'female', qualifier: 'Dott.ssa', wording: 'Gentile Dott.ssa {{lastName}}' }));

    const edited = seeded
      .filter((row) => row.language !== 'fr')
      .map((row) => (row.language === 'hu' && row.gender === 'unnamed' && row.formality === 'formal' ? { ...row, wording: 'Kedves Ügyfelünk' } : row))
      .map(cell);
    edited.push({ language: 'pt', formality: 'formal', gender: 'unnamed', qualifier: '', wording: 'Prezado cliente' });
    edited.push({ language: 'pt', formality: 'formal', gender: 'female', qualifier: '', wording: 'Prezada Sra. {{lastName}}' });
    const replaced = await put(edited);
    expect(replaced.statusCode, replaced.body).toBe(200);
    const after = await read();
    expect(after.map(cell)).toEqual(replaced.json().map(cell));
    expect(after).toHaveLength(edited.length);
    expect(after.some((row) => row.language === 'fr')).toBe(false);
    expect(after).toContainEqual(expect.objectContaining({ language: 'hu', formality: 'formal', gender: 'unnamed', wording: 'Kedves Ügyfelünk' }));
    expect(after).toContainEqual(expect.objectContaining({ language: 'pt', gender: 'female', wording: 'Prezada Sra. {{lastName}}' }));

    const audit = (await app.inject({ method: 'GET', url: '/api/audit', query: { action: 'salutations.replace' } })).json().items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'token', actorLabel: expect.stringContaining('designer'), entity: 'salutations' });
    expect(audit[0].diff).toMatchObject({
      'hu/formal/unnamed/': ['Tisztelt Hölgyem / Uram', 'Kedves Ügyfelünk'],
      'fr/formal/male/': ['Cher Monsieur {{lastName}}', null],
      'pt/formal/unnamed/': [null, 'Prezado cliente'],
    });
    expect(Object.keys(audit[0].diff).some((key) => key.startsWith('it/'))).toBe(false);
  });

  it('refuses a language and formality without its unnamed row, naming a row of it, and changes nothing', async () => {
    const before = await read();
    const items = [
      { language: 'en', formality: 'formal', gender: 'unnamed', qualifier: '', wording: 'Dear customer' },
      { language: 'en', formality: 'informal', gender: 'neutral', qualifier: '', wording: 'Hi {{firstName}}' },
    ];
    const refused = await put(items);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'SALUTATIONS_INVALID' });
    expect(refused.json().errors).toEqual([{ field: 'items[1]', message: expect.stringContaining('en informal has no "unnamed" row') }]);
    expect(await read()).toEqual(before);
  });

  it('refuses wordings naming other fields or helpers, and a cell given twice, each by its row', async () => {
    const items = [
      { language: 'en', formality: 'formal', gender: 'unnamed', qualifier: '', wording: 'Dear customer' },
      { language: 'en', formality: 'formal', gender: 'female', qualifier: 'Dr', wording: 'Dear Dr {{lastName}}' },
      { language: 'en', formality: 'formal', gender: 'female', qualifier: 'dr.', wording: 'Dear Doctor {{lastName}}' },
      { language: 'en', formality: 'formal', gender: 'male', qualifier: '', wording: 'Dear Mr {{contact.lastName}}' },
      { language: 'en', formality: 'formal', gender: 'neutral', qualifier: '', wording: '{{#if title}}{{title}} {{/if}}{{upper lastName}}' },
      { language: 'en', formality: 'formal', gender: 'neutral', qualifier: 'Director', wording: 'Dear {{#if position}}' },
    ];
    const refused = await put(items);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([
      { field: 'items[2].qualifier', message: 'the same language, formality, gender and qualifier as items[1]' },
      { field: 'items[3].wording', line: 1, message: 'unknown field "contact.lastName"' },
      { field: 'items[4].wording', line: 1, message: 'unknown helper "upper"' },
      { field: 'items[5].wording', line: 1, message: expect.stringMatching(/^Handlebars parse error on line 1/) },
    ]);
  });

  it('lets a budget owner read the matrix, and neither a budget owner nor an agent change it', async () => {
    const owner = await createSignedInUser(api.database.db, 'budget_owner');
    const agent = await createSignedInUser(api.database.db, 'agent');
    const items = (await read()).map(cell);
    expect((await app.inject({ method: 'GET', url: '/api/salutations', headers: bearer(owner) })).statusCode).toBe(200);
    expect((await put(items, bearer(owner))).statusCode).toBe(403);
    expect((await put(items, bearer(agent))).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/salutations', headers: bearer(agent) })).statusCode).toBe(403);
  });
});
