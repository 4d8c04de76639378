import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudienceRuleError, compileAudienceRules } from '../../db/audience-sql';
import type { AudienceConfig } from '../../flow/nodes/audience-config';
import { seedContacts, type SeedContact } from '../support/campaign-harness';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const people: SeedContact[] = [
  { email: 'ana@x.test', first_name: 'Ana', last_name: 'Pop', gender: 'female', language: 'ro', attributes: { decisionMaker: true, age: 38, favouriteColour: 'blue', shoeSize: 38 } },
  { email: 'ion@x.test', first_name: 'Ion', last_name: 'Popescu', gender: 'male', language: 'ro', attributes: { decisionMaker: true, age: 41, favouriteColour: 'blue', shoeSize: 43 } },
  { email: 'eva@x.test', first_name: 'Eva', last_name: 'Novak', gender: 'female', language: 'sl', attributes: { decisionMaker: false, age: 29, favouriteColour: 'blue', shoeSize: 41 } },
  { email: 'old@x.test', first_name: 'Oto', last_name: 'Kis', gender: 'male', language: 'hu', attributes: { decisionMaker: true, age: 52, favouriteColour: 'blue', shoeSize: 44 } },
  { email: 'red@x.test', first_name: 'Rui', last_name: 'Sol', gender: 'male', language: 'es', attributes: { decisionMaker: true, age: 33, favouriteColour: 'red', shoeSize: 45 } },
  { email: 'str@x.test', first_name: 'Sam', last_name: '100%_real', gender: 'other', language: 'en', attributes: { decisionMaker: true, age: '40', favouriteColour: 'blue', shoeSize: 'big' } },
  { email: null, first_name: 'No', last_name: 'Mail', gender: null, language: 'en', attributes: {} },
];

describe('audience rules compile to parameterised SQL that selects the right contacts', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedContacts(database.db, people);
  });
  afterAll(() => database?.drop());

  async function select(config: AudienceConfig): Promise<string[]> {
    const params: unknown[] = [];
    const where = compileAudienceRules(config, params);
    const { rows } = await database.db.query<{ first_name: string }>(`SELECT first_name FROM contacts c WHERE ${where} ORDER BY first_name`, params);
    return rows.map((row) => row.first_name);
  }

  it("selects seed 000's decision makers under 45 who like blue with shoe size over 40", async () => {
    const names = await select({
      match: 'all',
      rules: [
        { field: 'attributes.decisionMaker', operator: 'eq', value: true },
        { field: 'attributes.age', operator: 'lt', value: 45 },
        { field: 'attributes.favouriteColour', operator: 'eq', value: 'blue' },
        { field: 'attributes.shoeSize', operator: 'gt', value: 40 },
      ],
    });
    // Sam's age and shoe size are strings: they never compare as numbers (and never error).
    expect(names).toEqual(['Ion']);
  });

  it('supports every operator on columns and attributes', async () => {
    expect(await select({ match: 'all', rules: [] })).toHaveLength(people.length);
    expect(await select({ match: 'all', rules: [{ field: 'email', operator: 'exists' }] })).toHaveLength(6);
    expect(await select({ match: 'all', rules: [{ field: 'language', operator: 'eq', value: 'ro' }] })).toEqual(['Ana', 'Ion']);
    expect(await select({ match: 'all', rules: [{ field: 'gender', operator: 'neq', value: 'male' }] })).toEqual(['Ana', 'Eva', 'No', 'Sam']);
    expect(await select({ match: 'all', rules: [{ field: 'lastName', operator: 'contains', value: 'pop' }] })).toEqual(['Ana', 'Ion']);
    expect(await select({ match: 'all', rules: [{ field: 'lastName', operator: 'contains', value: '0%_' }] })).toEqual(['Sam']);
    expect(await select({ match: 'all', rules: [{ field: 'language', operator: 'in', value: ['hu', 'es'] }] })).toEqual(['Oto', 'Rui']);
    expect(await select({ match: 'all', rules: [{ field: 'attributes.favouriteColour', operator: 'neq', value: 'blue' }] })).toEqual(['No', 'Rui']);
    expect(await select({ match: 'all', rules: [{ field: 'attributes.age', operator: 'gte', value: 41 }] })).toEqual(['Ion', 'Oto']);
    expect(await select({ match: 'all', rules: [{ field: 'attributes.shoeSize', operator: 'exists' }] })).toHaveLength(6);
    expect(await select({ match: 'all', rules: [{ field: 'attributes.favouriteColour', operator: 'in', value: ['red'] }] })).toEqual(['Rui']);
    expect(await select({ match: 'any', rules: [{ field: 'firstName', operator: 'eq', value: 'Ana' }, { field: 'firstName', operator: 'eq', value: 'Eva' }] })).toEqual(['Ana', 'Eva']);
  });

  it('keeps hostile values inert: they are parameters, never SQL', async () => {
    const hostile = "x' OR '1'='1";
    expect(await select({ match: 'all', rules: [{ field: 'firstName', operator: 'eq', value: hostile }] })).toEqual([]);
    expect(await select({ match: 'all', rules: [{ field: 'attributes.favouriteColour', operator: 'contains', value: hostile }] })).toEqual([]);
    expect(() => compileAudienceRules({ match: 'all', rules: [{ field: 'attributes.a b', operator: 'eq', value: 1 }] }, [])).toThrow(AudienceRuleError);
    expect(() => compileAudienceRules({ match: 'all', rules: [{ field: 'password', operator: 'eq', value: 1 }] }, [])).toThrow(AudienceRuleError);
  });
});
