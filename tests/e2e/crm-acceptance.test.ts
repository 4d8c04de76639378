/**
 * The CRM issue's acceptance, in Debian's Chromium against the real stack (no demo data): import
 * a contacts CSV whose line 5 has an age that is not a number (nothing loaded, the line and
 * column reported), import the fixed file, then build seed 000's segment — decision makers opted
 * in to "network equipment", under 45, favourite colour blue, shoe size over 40 — in the segment
 * builder by clicking and typing, and see the live count and rows the test computes from its own
 * data. Attribute definitions, the topic and the subscriptions go through the API: no screen
 * makes them. Fails, never skips, when Chromium is missing.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_SAMPLE_SIZE } from '../../db/segments/segments';
import { startStack, type TestStack } from '../support/stack';
import { ARTIFACTS, launchChromium, requireChromium } from '../support/chromium';
import { addCondition, requestJson, settledCount } from '../support/segment-builder-page';
import { bearer, signedInPage } from '../support/sign-in';


const TOPIC = { code: 'network-equipment', name: 'Network equipment' };
const COLOURS = ['blue', 'green', 'red', 'yellow'];
const DEFINITIONS = [
  { key: 'decisionMaker', label: 'Decision maker', type: 'boolean' },
  { key: 'age', label: 'Age', type: 'number' },
  { key: 'favouriteColour', label: 'Favourite colour', type: 'list', options: COLOURS },
  { key: 'shoeSize', label: 'Shoe size', type: 'number' },
];
const SEGMENT_NAME = 'Seed 000: blue-loving decision makers';

type Consent = 'subscribed' | 'unsubscribed' | null;
interface Person {
  email: string;
  firstName: string;
  lastName: string;
  decisionMaker: boolean;
  age: number | null;
  /** The options chosen (a list attribute); empty = the cell is left empty. */
  colours: string[];
  shoeSize: number | null;
  networkEquipment: Consent;
}

const person = (slug: string, firstName: string, values: Partial<Person>): Person => ({
  email: `${slug}@crm-acceptance.test`,
  firstName,
  lastName: 'Boundary',
  decisionMaker: true,
  age: 38,
  colours: ['blue'],
  shoeSize: 42,
  networkEquipment: 'subscribed',
  ...values,
});

/** One value off seed 000's audience each, next to the people just inside it. */
const HAND_MADE: Person[] = [
  person('match.one', 'Ana', {}),
  person('just.under', 'Bogdan', { age: 44, shoeSize: 40.5 }),
  person('red.and.blue', 'Carla', { age: 21, colours: ['red', 'blue'], shoeSize: 46 }),
  // Line 5 of the file: its age is written "forty" in the bad file.
  person('line.five', 'Dan', { age: 40, shoeSize: 43 }),
  person('age.45', 'Elena', { age: 45 }),
  person('shoe.40', 'Florin', { shoeSize: 40 }),
  person('not.decider', 'Gina', { decisionMaker: false }),
  person('red.only', 'Horia', { colours: ['red'] }),
  person('no.colour', 'Ioana', { colours: [] }),
  person('never.asked', 'Jan', { networkEquipment: null }),
  person('opted.out', 'Katia', { networkEquipment: 'unsubscribed' }),
  person('no.age', 'Liviu', { age: null }),
];
const BAD_LINE = 5;
const BAD_AGE = 'forty';

/** The rest of the ~40 people, spread over every attribute by their number. */
const GENERATED: Person[] = Array.from({ length: 40 - HAND_MADE.length }, (_, index) => {
  const n = HAND_MADE.length + index;
  return {
    email: `person${n}@crm-acceptance.test`,
    firstName: 'Person',
    lastName: `No ${n}`,
    decisionMaker: n % 4 !== 0,
    age: 18 + ((n * 7) % 32),
    colours: [['blue'], ['green'], ['red', 'blue'], ['yellow'], ['blue', 'yellow']][n % 5]!,
    shoeSize: 37 + ((n * 5) % 11),
    networkEquipment: n % 6 === 0 ? null : n % 7 === 0 ? 'unsubscribed' : 'subscribed',
  };
});
const PEOPLE = [...HAND_MADE, ...GENERATED];

/** Seed 000's audience, evaluated on the test's own data. */
function inSeed000Audience(candidate: Person): boolean {
  return (
    candidate.decisionMaker &&
    candidate.networkEquipment === 'subscribed' &&
    candidate.age !== null &&
    candidate.age < 45 &&
    candidate.colours.includes('blue') &&
    candidate.shoeSize !== null &&
    candidate.shoeSize > 40
  );
}
const EXPECTED = PEOPLE.filter(inSeed000Audience);
/** A preview row as the builder shows it: e-mail and name. */
const EXPECTED_ROWS = EXPECTED.map((candidate) => [candidate.email, `${candidate.firstName} ${candidate.lastName}`]).sort(([a], [b]) => a!.localeCompare(b!));
const EXPECTED_EMAILS = EXPECTED_ROWS.map(([email]) => email!);
const matchText = (count: number) => `${count} contact${count === 1 ? '' : 's'} match`;

/** The import file; "Colour" matches no field by its name, so it is mapped by hand. */
const HEADER = 'E-mail,First name,Last name,Decision maker,Age,Colour,Shoe size';
function csvLine(candidate: Person, age = candidate.age === null ? '' : String(candidate.age)): string {
  const shoeSize = candidate.shoeSize === null ? '' : String(candidate.shoeSize);
  return [candidate.email, candidate.firstName, candidate.lastName, candidate.decisionMaker ? 'yes' : 'no', age, candidate.colours.join('|'), shoeSize].join(',');
}
const csv = (lines: string[]) => Buffer.from(`${[HEADER, ...lines].join('\r\n')}\r\n`);
// The header is line 1, so the person at index BAD_LINE - 2 is on line BAD_LINE.
const BAD_FILE = csv(PEOPLE.map((candidate, index) => (index === BAD_LINE - 2 ? csvLine(candidate, BAD_AGE) : csvLine(candidate))));
const FIXED_FILE = csv(PEOPLE.map((candidate) => csvLine(candidate)));

/** The attributes a person's line must be stored as: typed, empty cells left out. */
function storedAttributes(candidate: Person): Record<string, unknown> {
  return {
    decisionMaker: candidate.decisionMaker,
    ...(candidate.age === null ? {} : { age: candidate.age }),
    ...(candidate.colours.length === 0 ? {} : { favouriteColour: candidate.colours }),
    ...(candidate.shoeSize === null ? {} : { shoeSize: candidate.shoeSize }),
  };
}

interface ContactPage {
  items: { id: string; email: string; firstName: string; lastName: string; attributes: Record<string, unknown> }[];
  nextCursor: string | null;
}
interface Preview {
  count: number;
  sample: { email: string | null }[];
}

let stack: TestStack | undefined;
let browser: Browser | undefined;
let baseUrl = '';

const api = <T>(method: string, path: string, body?: unknown) => requestJson<T>(baseUrl, method, path, body, bearer(stack!.admin));

describe('CRM acceptance in Chromium', () => {
  beforeAll(async () => {
    await requireChromium();
    stack = await startStack({ seed: false });
    baseUrl = stack.url.replace(/\/$/, '');
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("imports a CSV with one bad line (refused, the line reported), imports it fixed, and builds seed 000's segment with the right live count", async () => {
    // The data covers every boundary and still fits the preview's first rows.
    expect(EXPECTED.length).toBeGreaterThan(0);
    expect(EXPECTED.length).toBeLessThanOrEqual(PREVIEW_SAMPLE_SIZE);
    expect(EXPECTED.length).toBeLessThan(PEOPLE.length);

    // No screen declares attributes or topics: the API does.
    for (const definition of DEFINITIONS) await api('POST', '/api/attribute-definitions', definition);
    await api('POST', '/api/topics', { ...TOPIC, doubleOptIn: false });
    await mkdir(ARTIFACTS, { recursive: true });

    const page = await signedInPage(browser!, baseUrl, stack!.admin, { viewport: { width: 1440, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // 1. The file with "forty" for an age on line 5: refused whole, the line named.
    await page.goto(`${baseUrl}/import`);
    await page.getByRole('radio', { name: 'Contacts', exact: true }).check();
    const fileInput = page.getByLabel('Contacts CSV file');
    await fileInput.setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: BAD_FILE });
    const target = (column: string) => page.getByLabel(`Field for column ${column}`, { exact: true });
    // The defined attributes are guessed from the column names once they have loaded.
    await expect.poll(() => target('Shoe size').inputValue()).toBe('attributes.shoeSize');
    expect(await target('E-mail').inputValue()).toBe('email');
    expect(await target('First name').inputValue()).toBe('firstName');
    expect(await target('Last name').inputValue()).toBe('lastName');
    expect(await target('Decision maker').inputValue()).toBe('attributes.decisionMaker');
    expect(await target('Age').inputValue()).toBe('attributes.age');
    expect(await target('Colour').inputValue()).toBe('ignore');
    await target('Colour').selectOption({ label: 'Favourite colour (attribute)' });
    expect(await target('Colour').inputValue()).toBe('attributes.favouriteColour');
    await page.screenshot({ path: `${ARTIFACTS}crm-acceptance-mapping.png` });

    await page.getByRole('button', { name: 'Start import' }).click();
    const refused = page.getByRole('region', { name: 'Nothing was imported' });
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.getByRole('alert').textContent()).toBe('1 line is not valid; nothing was imported');
    const reportRows = refused.getByRole('row');
    expect(await reportRows.count()).toBe(2); // header + the one bad line
    expect(await reportRows.nth(1).getByRole('cell').allTextContents()).toEqual([String(BAD_LINE), 'Age', BAD_AGE, 'must be a number']);
    await page.screenshot({ path: `${ARTIFACTS}crm-acceptance-refused.png` });
    // All or nothing: not one of the 39 good lines was written.
    expect((await api<ContactPage>('GET', '/api/contacts?limit=10')).items).toEqual([]);

    // 2. The fixed file: the hand-made mapping of "Colour" is kept, and all 40 are created.
    await fileInput.setInputFiles({ name: 'people-fixed.csv', mimeType: 'text/csv', buffer: FIXED_FILE });
    await expect.poll(() => target('Shoe size').inputValue()).toBe('attributes.shoeSize');
    expect(await target('Colour').inputValue()).toBe('attributes.favouriteColour');
    await expect.poll(() => refused.count()).toBe(0);
    await page.getByRole('button', { name: 'Start import' }).click();
    const done = page.getByRole('region', { name: 'Import complete' });
    await done.waitFor({ timeout: 60_000 });
    expect(await done.getByRole('status').textContent()).toBe(`${PEOPLE.length} contacts created, 0 updated.`);
    await page.screenshot({ path: `${ARTIFACTS}crm-acceptance-imported.png` });

    // Every line is stored with its attributes typed (booleans, numbers, the colour list).
    const contacts = await api<ContactPage>('GET', '/api/contacts?limit=500');
    expect(contacts.nextCursor).toBeNull();
    const byEmail = new Map(contacts.items.map((contact) => [contact.email, contact]));
    expect(byEmail.size).toBe(PEOPLE.length);
    for (const candidate of PEOPLE) {
      const stored = byEmail.get(candidate.email);
      expect(stored, candidate.email).toBeDefined();
      expect({ email: candidate.email, firstName: stored!.firstName, lastName: stored!.lastName, attributes: stored!.attributes }).toEqual({
        email: candidate.email,
        firstName: candidate.firstName,
        lastName: candidate.lastName,
        attributes: storedAttributes(candidate),
      });
    }

    // 3. Consent has no screen of its own: subscribe (and unsubscribe) through the API.
    for (const candidate of PEOPLE) {
      if (candidate.networkEquipment === null) continue;
      const id = byEmail.get(candidate.email)!.id;
      await api('POST', `/api/contacts/${id}/subscriptions`, { topic: TOPIC.code, textShown: 'Yes, send me offers on network equipment', source: 'web_form' });
      if (candidate.networkEquipment === 'unsubscribed') await api('POST', `/api/contacts/${id}/subscriptions/${TOPIC.code}/unsubscribe`, { source: 'web_form' });
    }

    // 4. Seed 000's segment, built by clicking and typing.
    await page.goto(`${baseUrl}/segments/new`);
    await page.getByRole('heading', { name: 'New segment' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(SEGMENT_NAME);
    await page.getByLabel('Description').fill('Seed 000, built on imported contacts');
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(matchText(PEOPLE.length));

    const decisionMaker = await addCondition(page, 1, 'Decision maker');
    await decisionMaker.getByLabel('Value').selectOption({ label: 'yes' });
    const subscribed = await addCondition(page, 2, 'Subscribed to topic');
    await subscribed.getByLabel('Topic').selectOption({ label: TOPIC.name });
    const age = await addCondition(page, 3, 'Age');
    await age.getByLabel('Operator').selectOption({ label: 'is less than' });
    await age.getByLabel('Value').fill('45');
    const colour = await addCondition(page, 4, 'Favourite colour');
    // A list attribute: "includes" one of its options.
    expect(await colour.getByLabel('Operator').locator('option:checked').textContent()).toBe('includes');
    await colour.getByLabel('Value').selectOption({ label: 'blue' });
    const shoeSize = await addCondition(page, 5, 'Shoe size');
    await shoeSize.getByLabel('Operator').selectOption({ label: 'is greater than' });
    await shoeSize.getByLabel('Value').fill('40');

    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(matchText(EXPECTED.length));
    const previewRows = async () => {
      const rows = await preview.locator('tbody tr').all();
      const cells = await Promise.all(rows.map(async (row) => (await row.getByRole('cell').allTextContents()).slice(0, 2)));
      return cells.sort(([a], [b]) => a!.localeCompare(b!));
    };
    await expect.poll(previewRows).toEqual(EXPECTED_ROWS);
    await page.screenshot({ path: `${ARTIFACTS}crm-acceptance-segment.png`, fullPage: true });

    // 5. Saved, the segment counts the same people.
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    const segmentId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: SEGMENT_NAME }).waitFor();
    await expect.poll(() => page.getByRole('status', { name: 'Save status' }).textContent()).toBe('Saved');
    expect((await api<{ rule: unknown }>('GET', `/api/segments/${segmentId}`)).rule).toEqual({
      op: 'and',
      rules: [
        { field: 'attributes.decisionMaker', operator: 'eq', value: true },
        { kind: 'subscribed', topic: TOPIC.code },
        { field: 'attributes.age', operator: 'lt', value: 45 },
        { field: 'attributes.favouriteColour', operator: 'contains', value: 'blue' },
        { field: 'attributes.shoeSize', operator: 'gt', value: 40 },
      ],
    });
    const saved = await api<Preview>('GET', `/api/segments/${segmentId}/preview`);
    expect(saved.count).toBe(EXPECTED.length);
    expect(saved.sample.map((contact) => contact.email ?? '').sort((a, b) => a.localeCompare(b))).toEqual(EXPECTED_EMAILS);
    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(matchText(EXPECTED.length));
    await page.screenshot({ path: `${ARTIFACTS}crm-acceptance-saved.png`, fullPage: true });

    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
