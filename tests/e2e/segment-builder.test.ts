/**
 * The segment builder in a real browser against the real stack: declare seed 000's custom
 * attributes and topic, load a known set of contacts, build "decision makers opted in to network
 * equipment, under 45, liking blue, shoe size over 40" purely by clicking and typing, and see the
 * live count the test computes from its own data; save it, then pick it (and a contact list) as
 * a flow's audience and see the same count in the inspector. Needs Debian's Chromium.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_DOCUMENT_TYPE, FLOW_SCHEMA_VERSION } from '../../flow/graph';
import { startStack, type TestStack } from '../support/stack';
import { ARTIFACTS, launchChromium, requireChromium } from '../support/chromium';
import { addCondition, requestJson, settledCount } from '../support/segment-builder-page';
import { bearer, signedInPage } from '../support/sign-in';


const TOPIC = { code: 'network-equipment', name: 'Network equipment' };
const SEGMENT_NAME = 'Seed 000: blue-loving decision makers';

/** The attributes seed 000 filters on, modelled as in tests/integration/segments-api.test.ts. */
const DEFINITIONS = [
  { key: 'decisionMaker', label: 'Decision maker', type: 'boolean' },
  { key: 'age', label: 'Age', type: 'number' },
  { key: 'favouriteColour', label: 'Favourite colour', type: 'string' },
  { key: 'shoeSize', label: 'Shoe size', type: 'number' },
];

type Subscription = 'subscribed' | 'unsubscribed' | null;
interface Person {
  email: string;
  attributes: Record<string, unknown>;
  networkEquipment: Subscription;
  /** Subscribed to the newsletter only: a subscription, but to another topic. */
  newsletter?: boolean;
}

const base = { decisionMaker: true, age: 38, favouriteColour: 'blue', shoeSize: 42 };
const PEOPLE: Person[] = [
  { email: 'match.one@s0.test', attributes: base, networkEquipment: 'subscribed' },
  { email: 'match.two@s0.test', attributes: { ...base, age: 44, shoeSize: 41 }, networkEquipment: 'subscribed' },
  { email: 'match.three@s0.test', attributes: { ...base, age: 21, shoeSize: 46 }, networkEquipment: 'subscribed' },
  { email: 'not.decider@s0.test', attributes: { ...base, decisionMaker: false }, networkEquipment: 'subscribed' },
  { email: 'opted.out@s0.test', attributes: base, networkEquipment: 'unsubscribed' },
  { email: 'never.asked@s0.test', attributes: base, networkEquipment: null },
  { email: 'newsletter.only@s0.test', attributes: base, networkEquipment: null, newsletter: true },
  { email: 'too.old@s0.test', attributes: { ...base, age: 45 }, networkEquipment: 'subscribed' },
  { email: 'red@s0.test', attributes: { ...base, favouriteColour: 'red' }, networkEquipment: 'subscribed' },
  { email: 'small.feet@s0.test', attributes: { ...base, shoeSize: 40 }, networkEquipment: 'subscribed' },
  { email: 'age.as.text@s0.test', attributes: { ...base, age: '30' }, networkEquipment: 'subscribed' },
  { email: 'no.age@s0.test', attributes: { decisionMaker: true, favouriteColour: 'blue', shoeSize: 43 }, networkEquipment: 'subscribed' },
];

/** Seed 000's audience, evaluated here on the test's own data (a number compares only as a number). */
function inSeed000Audience(person: Person): boolean {
  const { decisionMaker, age, favouriteColour, shoeSize } = person.attributes;
  return (
    decisionMaker === true &&
    person.networkEquipment === 'subscribed' &&
    typeof age === 'number' &&
    age < 45 &&
    favouriteColour === 'blue' &&
    typeof shoeSize === 'number' &&
    shoeSize > 40
  );
}
const EXPECTED = PEOPLE.filter(inSeed000Audience).map((person) => person.email).sort();

let stack: TestStack | undefined;
let browser: Browser | undefined;
let baseUrl = '';

const api = <T>(method: string, path: string, body?: unknown) => requestJson<T>(baseUrl, method, path, body, bearer(stack!.admin));

describe('segment builder in Chromium', () => {
  beforeAll(async () => {
    await requireChromium();
    stack = await startStack({ seed: false });
    baseUrl = stack.url.replace(/\/$/, '');
    browser = await launchChromium();

    for (const definition of DEFINITIONS) await api('POST', '/api/attribute-definitions', definition);
    await api('POST', '/api/topics', { ...TOPIC, doubleOptIn: false });
    await api('POST', '/api/topics', { code: 'newsletter', name: 'Newsletter', doubleOptIn: false });
    for (const person of PEOPLE) {
      // Straight into the table: the contact API checks attribute types, and the text age is a trap kept on purpose.
      const { rows } = await stack.db.query<{ id: string }>('INSERT INTO contacts (email, attributes) VALUES ($1, $2::jsonb) RETURNING id', [
        person.email,
        JSON.stringify(person.attributes),
      ]);
      const id = rows[0]!.id;
      const consent = { textShown: 'Yes, send me offers on network equipment', source: 'web_form' };
      if (person.networkEquipment) await api('POST', `/api/contacts/${id}/subscriptions`, { topic: TOPIC.code, ...consent });
      if (person.networkEquipment === 'unsubscribed') await api('POST', `/api/contacts/${id}/subscriptions/${TOPIC.code}/unsubscribe`, { source: 'web_form' });
      if (person.newsletter) await api('POST', `/api/contacts/${id}/subscriptions`, { topic: 'newsletter', ...consent });
    }
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("builds seed 000's segment by clicking, shows its live count, saves it, and the flow's audience node counts the same", async () => {
    expect(EXPECTED.length).toBeGreaterThan(0);
    const page = await signedInPage(browser!, baseUrl, stack!.admin, { viewport: { width: 1440, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${baseUrl}/segments`);
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByRole('heading', { name: 'New segment' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(SEGMENT_NAME);
    await page.getByLabel('Description').fill('Seed 000, built in the browser');

    const preview = page.getByRole('region', { name: 'Preview' });
    // No condition yet: every contact matches.
    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(`${PEOPLE.length} contacts match`);

    const decisionMaker = await addCondition(page, 1, 'Decision maker');
    await decisionMaker.getByLabel('Value').selectOption({ label: 'yes' });

    const subscribed = await addCondition(page, 2, 'Subscribed to topic');
    await subscribed.getByLabel('Topic').selectOption({ label: TOPIC.name });

    const age = await addCondition(page, 3, 'Age');
    await age.getByLabel('Operator').selectOption({ label: 'is less than' });
    // Inline validation: the value is missing, and the count waits for it.
    await expect.poll(() => age.getByRole('alert').textContent()).toBe('Enter a number');
    await expect.poll(() => preview.getByRole('status').textContent()).toBe('Finish the highlighted conditions to count the contacts.');
    await age.getByLabel('Value').fill('45');
    await expect.poll(() => age.getByRole('alert').count()).toBe(0);

    const colour = await addCondition(page, 4, 'Favourite colour');
    await colour.getByLabel('Value').fill('blue');

    const shoeSize = await addCondition(page, 5, 'Shoe size');
    await shoeSize.getByLabel('Operator').selectOption({ label: 'is greater than' });
    await shoeSize.getByLabel('Value').fill('40');

    const expectedText = `${EXPECTED.length} contact${EXPECTED.length === 1 ? '' : 's'} match`;
    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(expectedText);
    const sampleEmails = async () => (await preview.locator('tbody tr td:first-child').allTextContents()).sort();
    await expect.poll(sampleEmails).toEqual(EXPECTED);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}segment-builder.png`, fullPage: true });

    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    const segmentId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: SEGMENT_NAME }).waitFor();
    await expect.poll(() => page.getByRole('status', { name: 'Save status' }).textContent()).toBe('Saved');

    // What was saved is the rule the builder showed, and it compiles to the same audience.
    const saved = await api<{ rule: unknown }>('GET', `/api/segments/${segmentId}`);
    expect(saved.rule).toEqual({
      op: 'and',
      rules: [
        { field: 'attributes.decisionMaker', operator: 'eq', value: true },
        { kind: 'subscribed', topic: TOPIC.code },
        { field: 'attributes.age', operator: 'lt', value: 45 },
        { field: 'attributes.favouriteColour', operator: 'eq', value: 'blue' },
        { field: 'attributes.shoeSize', operator: 'gt', value: 40 },
      ],
    });
    // The reopened segment shows the same count, and its CSV export holds those contacts.
    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(expectedText);
    const exportHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await (await fetch(`${baseUrl}${exportHref}`, { headers: bearer(stack!.admin) })).text();
    expect(csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[1]).sort()).toEqual(EXPECTED);

    // The list of segments counts it too.
    await page.getByRole('link', { name: 'Segments', exact: true }).first().click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: SEGMENT_NAME }) });
    await expect.poll(() => row.getByRole('cell').nth(2).textContent(), { timeout: 15_000 }).toContain(`${EXPECTED.length} contact`);

    // A flow whose audience node picks the saved segment shows the confirmation count.
    const flow = await api<{ id: string }>('POST', '/api/flows', {
      name: 'Seed 000 campaign',
      graph: {
        type: FLOW_DOCUMENT_TYPE,
        version: FLOW_SCHEMA_VERSION,
        nodes: [
          { id: 'audience', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
          { id: 'end', type: 'end', config: { finalStatus: 'done' }, position: { x: 320, y: 0 } },
        ],
        edges: [{ id: 'e1', source: 'audience', sourceHandle: 'out', target: 'end' }],
      },
    });
    await page.goto(`${baseUrl}/flows/${flow.id}`);
    await page.locator('.react-flow__node[data-id="audience"]').click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    const audienceCount = inspector.getByRole('region', { name: 'Audience count' });
    // The simple rules with no rule: everyone, counted before any change.
    await expect.poll(() => settledCount(audienceCount), { timeout: 15_000 }).toBe(`This audience has ${PEOPLE.length} contacts now`);

    await inspector.getByRole('radio', { name: 'Saved segment' }).check();
    await inspector.getByRole('combobox', { name: 'Segment', exact: true }).selectOption({ label: SEGMENT_NAME });
    await expect
      .poll(() => settledCount(audienceCount), { timeout: 15_000 })
      .toBe(`This audience has ${EXPECTED.length} contact${EXPECTED.length === 1 ? '' : 's'} now`);
    expect(await page.locator('.react-flow__node[data-id="audience"] .campaign-node__summary').textContent()).toBe('Saved segment');
    await page.screenshot({ path: `${ARTIFACTS}segment-audience-node.png` });

    // Saving the flow keeps the choice as the audience source.
    await page.getByRole('toolbar', { name: 'Flow' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await api<{ graph: { nodes: { id: string; config: unknown }[] } }>('GET', `/api/flows/${flow.id}`)).graph.nodes.find((node) => node.id === 'audience')?.config).toEqual({
      source: 'segment',
      segmentId,
    });

    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('reopens a saved segment in the builder, edits and updates it, is refused its delete while a flow uses it, then deletes it', async () => {
    const rule = { op: 'and', rules: [{ kind: 'customer', value: false }, { op: 'not', rule: { kind: 'subscribed', topic: TOPIC.code } }] };
    const segment = await api<{ id: string }>('POST', '/api/segments', { name: 'Leads not opted in', rule });
    // No contact has ordered yet, so every one is a lead.
    const notSubscribed = PEOPLE.filter((person) => person.networkEquipment !== 'subscribed').length;
    const subscribed = PEOPLE.length - notSubscribed;

    const page = await signedInPage(browser!, baseUrl, stack!.admin, { viewport: { width: 1440, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/segments/${segment.id}`);
    await page.getByRole('heading', { name: 'Leads not opted in' }).waitFor();
    const chosen = (row: Locator, label: string) => row.getByLabel(label, { exact: true }).locator('option:checked').textContent();
    const lead = page.getByRole('group', { name: 'Condition 1', exact: true });
    expect(await chosen(lead, 'Field')).toBe('Customer or lead');
    expect(await chosen(lead, 'Is')).toBe('a lead (never ordered)');
    // NOT of one condition opens as a NOT group holding it.
    expect(await page.getByRole('checkbox', { name: 'NOT (Group 2)' }).isChecked()).toBe(true);
    expect(await chosen(page.getByRole('group', { name: 'Condition 2.1', exact: true }), 'Topic')).toBe(TOPIC.name);
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(`${notSubscribed} contacts match`);

    await page.getByRole('checkbox', { name: 'NOT (Group 2)' }).uncheck();
    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(`${subscribed} contacts match`);
    expect(await page.getByRole('status', { name: 'Save status' }).textContent()).toBe('Unsaved changes');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Save status' }).textContent()).toBe('Saved');
    expect((await api<{ rule: unknown }>('GET', `/api/segments/${segment.id}`)).rule).toEqual({
      op: 'and',
      rules: [{ kind: 'customer', value: false }, { op: 'and', rules: [{ kind: 'subscribed', topic: TOPIC.code }] }],
    });

    // A saved flow's audience draws on it: the delete is refused, the flow named at the top of the form.
    const graphOf = (audience: Record<string, unknown>) => ({
      type: FLOW_DOCUMENT_TYPE,
      version: FLOW_SCHEMA_VERSION,
      nodes: [
        { id: 'a', type: 'audience', config: audience, position: { x: 0, y: 0 } },
        { id: 'e', type: 'end', config: { finalStatus: 'completed' }, position: { x: 240, y: 0 } },
      ],
      edges: [{ id: 'e1', source: 'a', sourceHandle: 'out', target: 'e' }],
    });
    const flow = await api<{ id: string }>('POST', '/api/flows', { name: 'Leads follow-up', graph: graphOf({ source: 'segment', segmentId: segment.id }) });
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Yes, delete' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Could not delete' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('Could not delete: Segment "Leads not opted in" is used by flow "Leads follow-up"; change their audience first');
    expect((await fetch(`${baseUrl}/api/segments/${segment.id}`, { headers: bearer(stack!.admin) })).status).toBe(200);

    await api('PUT', `/api/flows/${flow.id}`, { name: 'Leads follow-up', graph: graphOf({ match: 'all', rules: [] }) });
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Yes, delete' }).click();
    await page.waitForURL(`${baseUrl}/segments`);
    await page.getByRole('heading', { name: 'Segments' }).waitFor();
    expect((await fetch(`${baseUrl}/api/segments/${segment.id}`, { headers: bearer(stack!.admin) })).status).toBe(404);
    expect(await page.getByRole('link', { name: 'Leads not opted in' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('the audience node embeds the builder: nested OR group, NOT, and the count follows every change', async () => {
    const youngOrRed = (person: Person) => (typeof person.attributes.age === 'number' && person.attributes.age < 30) || person.attributes.favouriteColour === 'red';
    const subscribed = PEOPLE.filter((person) => person.networkEquipment === 'subscribed');
    const countText = (count: number) => `This audience has ${count} contact${count === 1 ? '' : 's'} now`;
    const flow = await api<{ id: string }>('POST', '/api/flows', {
      name: 'Inline rules',
      graph: {
        type: FLOW_DOCUMENT_TYPE,
        version: FLOW_SCHEMA_VERSION,
        nodes: [
          { id: 'audience', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
          { id: 'end', type: 'end', config: { finalStatus: 'done' }, position: { x: 320, y: 0 } },
        ],
        edges: [{ id: 'e1', source: 'audience', sourceHandle: 'out', target: 'end' }],
      },
    });
    const page = await signedInPage(browser!, baseUrl, stack!.admin, { viewport: { width: 1440, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/flows/${flow.id}`);
    await page.locator('.react-flow__node[data-id="audience"]').click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    const audienceCount = inspector.getByRole('region', { name: 'Audience count' });
    await inspector.getByRole('radio', { name: 'Rule tree' }).check();

    await inspector.getByRole('button', { name: 'Add condition to rules' }).click();
    const topic = inspector.getByRole('group', { name: 'Condition 1', exact: true });
    await topic.getByLabel('Field', { exact: true }).selectOption({ label: 'Subscribed to topic' });
    await topic.getByLabel('Topic').selectOption({ label: TOPIC.name });
    await expect.poll(() => settledCount(audienceCount), { timeout: 15_000 }).toBe(countText(subscribed.length));

    await inspector.getByRole('button', { name: 'Add group to rules' }).click();
    await inspector.getByRole('radiogroup', { name: 'Match for Group 2' }).getByRole('radio', { name: 'Any (OR)' }).check();
    const young = inspector.getByRole('group', { name: 'Condition 2.1', exact: true });
    await young.getByLabel('Field', { exact: true }).selectOption({ label: 'Age' });
    await young.getByLabel('Operator').selectOption({ label: 'is less than' });
    await young.getByLabel('Value').fill('30');
    await inspector.getByRole('button', { name: 'Add condition to group 2' }).click();
    const red = inspector.getByRole('group', { name: 'Condition 2.2', exact: true });
    await red.getByLabel('Field', { exact: true }).selectOption({ label: 'Favourite colour' });
    await red.getByLabel('Value').fill('red');
    await expect.poll(() => settledCount(audienceCount), { timeout: 15_000 }).toBe(countText(subscribed.filter(youngOrRed).length));

    await inspector.getByRole('checkbox', { name: 'NOT (Group 2)' }).check();
    await expect.poll(() => settledCount(audienceCount), { timeout: 15_000 }).toBe(countText(subscribed.filter((person) => !youngOrRed(person)).length));
    await page.screenshot({ path: `${ARTIFACTS}segment-audience-rule-tree.png` });

    await page.getByRole('toolbar', { name: 'Flow' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await api<{ graph: { nodes: { id: string; config: unknown }[] } }>('GET', `/api/flows/${flow.id}`)).graph.nodes.find((node) => node.id === 'audience')?.config).toEqual({
      source: 'rules',
      rule: {
        op: 'and',
        rules: [
          { kind: 'subscribed', topic: TOPIC.code },
          { op: 'not', rule: { op: 'or', rules: [{ field: 'attributes.age', operator: 'lt', value: 30 }, { field: 'attributes.favouriteColour', operator: 'eq', value: 'red' }] } },
        ],
      },
    });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('a contact list (as made from a customer-code file) is an audience source with its member count', async () => {
    const { rows } = await stack!.db.query<{ id: string }>(`INSERT INTO contact_lists (name, source) VALUES ('Codes from the fair', 'customer_codes') RETURNING id`);
    const members = ['red@s0.test', 'too.old@s0.test', 'match.one@s0.test'];
    await stack!.db.query('INSERT INTO contact_list_members (list_id, contact_id) SELECT $1, id FROM contacts WHERE email = ANY($2::text[])', [rows[0]!.id, members]);
    const flow = await api<{ id: string }>('POST', '/api/flows', {
      name: 'Fair follow-up',
      graph: {
        type: FLOW_DOCUMENT_TYPE,
        version: FLOW_SCHEMA_VERSION,
        nodes: [
          { id: 'audience', type: 'audience', config: { match: 'all', rules: [] }, position: { x: 0, y: 0 } },
          { id: 'end', type: 'end', config: { finalStatus: 'done' }, position: { x: 320, y: 0 } },
        ],
        edges: [{ id: 'e1', source: 'audience', sourceHandle: 'out', target: 'end' }],
      },
    });

    const page = await signedInPage(browser!, baseUrl, stack!.admin, { viewport: { width: 1440, height: 1000 } });
    await page.goto(`${baseUrl}/flows/${flow.id}`);
    await page.locator('.react-flow__node[data-id="audience"]').click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await inspector.getByRole('radio', { name: 'Contact list' }).check();
    await inspector.getByRole('combobox', { name: 'Contact list', exact: true }).selectOption({ label: 'Codes from the fair (3 members)' });
    await inspector.getByText('3 members in this list.').waitFor();
    const audienceCount = inspector.getByRole('region', { name: 'Audience count' });
    await expect.poll(() => settledCount(audienceCount), { timeout: 15_000 }).toBe('This audience has 3 contacts now');
    expect(await page.locator('.react-flow__node[data-id="audience"] .campaign-node__summary').textContent()).toBe('Contact list');
    await page.close();
  });
});
