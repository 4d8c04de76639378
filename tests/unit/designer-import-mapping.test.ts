/**
 * The import page's column mapping: the guesses it makes from header names, the problems it
 * refuses to send, and — the point of it all — that what it sends (the file untouched and the
 * `mapping` field, for every kind) is what the server's CSV parsers accept.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMPANY_IMPORT_FIELDS, parseCompaniesCsv } from '../../api/imports/company-csv';
import { CONTACT_IMPORT_FIELDS, parseContactsCsv } from '../../api/imports/contact-csv';
import { SALES_IMPORT_FIELDS, parseSalesCsv } from '../../api/imports/sales-csv';
import type { AttributeDefinition } from '../../designer/src/api/crm-client';
import { IGNORE, attributeKeyFor, attributeTargets, guessMapping, mappingProblems, normaliseHeader, targetsForColumn } from '../../designer/src/imports/column-mapping';
import { parseCsvHead } from '../../designer/src/imports/csv-header';
import { COMPANIES, CONTACTS, SALES } from '../../designer/src/imports/import-kinds';

const DEFINITIONS: AttributeDefinition[] = [
  { key: 'shoeSize', label: 'Shoe size', type: 'number', options: null, createdAt: '2026-01-05T09:00:00.000Z' },
  { key: 'favouriteColour', label: 'Favourite colour', type: 'list', options: ['blue', 'red'], createdAt: '2026-01-05T09:00:00.000Z' },
];
const ATTRIBUTES = attributeTargets(DEFINITIONS);
const label = (value: string) => [...CONTACTS.fields, ...COMPANIES.fields, ...SALES.fields, ...ATTRIBUTES].find((target) => target.value === value)?.label ?? value;

describe('the designer knows the fields the server imports', () => {
  it('has the same field names per kind as api/imports', () => {
    expect(CONTACTS.fields.map((field) => field.value).sort()).toEqual([...CONTACT_IMPORT_FIELDS].sort());
    expect(COMPANIES.fields.map((field) => field.value).sort()).toEqual([...COMPANY_IMPORT_FIELDS].sort());
    expect(SALES.fields.map((field) => field.value).sort()).toEqual([...SALES_IMPORT_FIELDS].sort());
  });
});

describe('normaliseHeader', () => {
  it('reduces spelling variants of one name to the same key', () => {
    for (const name of ['E-mail', 'e_mail', ' Email ', 'EMAIL', 'É-mail']) expect(normaliseHeader(name)).toBe('email');
    expect(normaliseHeader('Prénom')).toBe('prenom');
    expect(normaliseHeader('attributes.shoeSize')).toBe('attributesshoesize');
  });
});

describe('attributeKeyFor', () => {
  it('makes an identifier from a column name, keeping the key of an exported attributes.<key> column', () => {
    expect(attributeKeyFor('Shoe size')).toBe('shoeSize');
    expect(attributeKeyFor('attributes.loyalty_tier')).toBe('loyalty_tier');
    expect(attributeKeyFor('2nd phone')).toBe('_2ndPhone');
    expect(attributeKeyFor('Città preferita')).toBe('cittaPreferita');
    expect(attributeKeyFor('attributes.not a key')).toBeUndefined();
    expect(attributeKeyFor('—')).toBeUndefined();
  });
});

describe('guessMapping', () => {
  it('maps common headers of a contacts file by field name, label or alias', () => {
    const columns = ['E-Mail', 'First Name', 'Nachname', 'Zip', 'Mobile', 'Customer No', 'Job title', 'Notes'];
    expect(guessMapping(CONTACTS, ATTRIBUTES, columns)).toEqual({
      'E-Mail': 'email',
      'First Name': 'firstName',
      Nachname: 'lastName',
      Zip: 'postalCode',
      Mobile: 'phone',
      'Customer No': 'customerCode',
      'Job title': 'position',
      Notes: IGNORE,
    });
  });

  it('maps defined attributes by key or label, and keeps exported attributes.<key> columns even when undefined', () => {
    expect(guessMapping(CONTACTS, ATTRIBUTES, ['email', 'Shoe size', 'attributes.favouriteColour', 'attributes.vip'])).toEqual({
      email: 'email',
      'Shoe size': 'attributes.shoeSize',
      'attributes.favouriteColour': 'attributes.favouriteColour',
      'attributes.vip': 'attributes.vip',
    });
  });

  it('gives a field to the first column naming it and ignores the repeats', () => {
    expect(guessMapping(CONTACTS, [], ['email', 'E-mail address', 'mail'])).toEqual({ email: 'email', 'E-mail address': IGNORE, mail: IGNORE });
  });

  it('keeps choices made by hand for columns of the same name (a fixed file picked again)', () => {
    const keep = { Notes: 'attributes.notes', 'E-Mail': 'email', Mobile: IGNORE };
    expect(guessMapping(CONTACTS, ATTRIBUTES, ['E-Mail', 'Mobile', 'Notes'], keep)).toEqual({ 'E-Mail': 'email', Mobile: IGNORE, Notes: 'attributes.notes' });
  });

  it('does not keep a choice that another column already took or that this kind does not have', () => {
    expect(guessMapping(COMPANIES, [], ['Company', 'Firm'], { Company: 'name', Firm: 'name' })).toEqual({ Company: 'name', Firm: IGNORE });
    expect(guessMapping(COMPANIES, [], ['email'], { email: 'firstName' })).toEqual({ email: 'email' });
  });

  it('offers a new attribute named after an unknown contacts column, but never for companies or sales', () => {
    expect(targetsForColumn(CONTACTS, ATTRIBUTES, 'Loyalty tier').map((target) => target.value)).toContain('attributes.loyaltyTier');
    expect(targetsForColumn(CONTACTS, ATTRIBUTES, 'Shoe Size').filter((target) => target.value === 'attributes.shoeSize')).toHaveLength(1);
    expect(targetsForColumn(COMPANIES, ATTRIBUTES, 'Loyalty tier').map((target) => target.value)).toEqual([...COMPANY_IMPORT_FIELDS]);
  });
});

describe('mappingProblems', () => {
  it('asks for an e-mail or customer code column in a contacts file', () => {
    expect(mappingProblems(CONTACTS, ['Name'], { Name: 'firstName' }, label)).toEqual([CONTACTS.required[0]!.message]);
    expect(mappingProblems(CONTACTS, ['Code', 'Notes'], { Code: 'customerCode', Notes: IGNORE }, label)).toEqual([]);
  });

  it('refuses two columns into one field, and two columns of one name', () => {
    expect(mappingProblems(CONTACTS, ['a', 'b'], { a: 'email', b: 'email' }, label)).toEqual(['Columns “a” and “b” all go to E-mail: choose one.']);
    expect(mappingProblems(CONTACTS, ['email', 'email'], { email: 'email' }, label)).toEqual(['Two columns are called “email”: rename one in the file.']);
  });

  it('lets a companies or sales file ignore columns, but not leave out their required fields', () => {
    expect(mappingProblems(COMPANIES, ['Firm', 'Notes'], { Firm: 'name', Notes: IGNORE }, label)).toEqual([]);
    expect(mappingProblems(COMPANIES, ['Firm', 'Notes'], { Firm: IGNORE, Notes: IGNORE }, label)).toEqual([COMPANIES.required[0]!.message]);
    expect(mappingProblems(SALES, ['Order', 'Date', 'Qty', 'Total'], guessMapping(SALES, [], ['Order', 'Date', 'Qty', 'Total']), label)).toEqual([
      'Map a column to Customer code or E-mail: every sale names its customer.',
    ]);
  });
});

/** A file as the page would upload it, read by the server's own parser. */
const stream = (text: string) => Readable.from([Buffer.from(text)]);

describe('what the page sends is what the server reads', () => {
  it('a guessed contacts mapping (every column named, ignore included) loads every field and attribute', async () => {
    const csv = '\uFEFF"E-Mail",First Name,Shoe size,Notes\r\nana@example.test,Ana,38,call back\r\n';
    const head = parseCsvHead(new TextEncoder().encode(csv), true);
    if ('error' in head) throw new Error(head.error);
    const mapping = guessMapping(CONTACTS, ATTRIBUTES, head.columns);
    expect(mappingProblems(CONTACTS, head.columns, mapping, label)).toEqual([]);
    const rules = new Map([['shoeSize', { type: 'number' as const, options: null }]]);
    const parsed = await parseContactsCsv(stream(csv), { mapping, attributeRules: rules });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([{ line: 2, email: 'ana@example.test', firstName: 'Ana', attributes: { shoeSize: 38 } }]);
  });

  it('a companies file under its own column names, one ignored, is read with the chosen fields and the file’s line numbers', async () => {
    const csv = 'Company name,Company code,Sector,Notes\nAcme,ACME,Retail,call\nGlobex,,bad@,\n';
    const head = parseCsvHead(new TextEncoder().encode(csv), true);
    if ('error' in head) throw new Error(head.error);
    const mapping = guessMapping(COMPANIES, [], head.columns);
    expect(mapping).toEqual({ 'Company name': 'name', 'Company code': 'code', Sector: 'industry', Notes: IGNORE });
    expect(mappingProblems(COMPANIES, head.columns, mapping, label)).toEqual([]);
    const parsed = await parseCompaniesCsv(stream(csv), { mapping });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 2, name: 'Acme', code: 'ACME', industry: 'Retail' },
      { line: 3, name: 'Globex', industry: 'bad@' },
    ]);
  });

  it('a mapped sales file names its bad line under the file’s own column name', async () => {
    const csv = 'Order,Customer No,Date,Qty,Total,Cashier\nO-1,C1,2024-05-01,2,19.90,Ann\nO-2,C2,01/05/2024,1,5,Bob\n';
    const head = parseCsvHead(new TextEncoder().encode(csv), true);
    if ('error' in head) throw new Error(head.error);
    const mapping = guessMapping(SALES, [], head.columns);
    expect(mapping.Cashier).toBe(IGNORE);
    expect(mappingProblems(SALES, head.columns, mapping, label)).toEqual([]);
    const parsed = await parseSalesCsv(stream(csv), { mapping });
    expect(parsed.errors).toEqual([{ line: 3, column: 'Date', value: '01/05/2024', message: 'must be a date written YYYY-MM-DD' }]);
  });
});
