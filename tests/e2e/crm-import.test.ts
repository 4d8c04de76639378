/**
 * The CRM screens in a real browser against the real stack (Postgres, Temporal, worker, API with
 * the built designer; no demo data): import a contacts CSV whose line 3 is bad and read the
 * report that names it (nothing loaded), import the fixed file and see its count, then find one
 * imported person in the contacts list and read their card. Needs Debian's Chromium; fails,
 * never skips, when it is missing.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_PAGE_SIZE } from '../../designer/src/contacts/timeline-model';
import { startStack } from '../support/stack';
import { ARTIFACTS, launchChromium, requireChromium } from '../support/chromium';
import { bearer, signedInPage } from '../support/sign-in';


/** Contacts generated after the three named people, so the import has rows enough to show progress. */
const GENERATED = 500;
const HEADER = 'E-Mail,First Name,Last Name,Customer No,City,Shoe size,Notes';
const NAMED = [
  'ana.pop@example.test,Ana,Pop,C-001,Cluj,38,call back',
  'ION.IONESCU(at)example.test,Ion,Ionescu,C-002,Iași,44,',
  'maria.rossi@example.test,Maria,Rossi,C-003,Milano,39,"VIP, prefers e-mail"',
];
const generated = Array.from({ length: GENERATED }, (_, index) => `person${index}@example.test,Person,No ${index},G-${index},Brașov,40,`);

const csv = (lines: string[]) => Buffer.from(`${[HEADER, ...lines].join('\r\n')}\r\n`);
/** Line 3 of the file (the header is line 1) has an e-mail without an @. */
const BAD_FILE = csv([...NAMED, ...generated]);
const FIXED_FILE = csv([NAMED[0]!, NAMED[1]!.replace('ION.IONESCU(at)example.test', 'ion.ionescu@example.test'), NAMED[2]!, ...generated]);
const IMPORTED = NAMED.length + GENERATED;

interface ContactPage {
  items: { id: string; email: string; firstName: string }[];
  nextCursor: string | null;
}

let stack: Awaited<ReturnType<typeof startStack>> | undefined;
let browser: Browser | undefined;

async function api<T>(path: string, init?: { method: string; body: unknown }): Promise<T> {
  const response = await fetch(`${stack!.url.replace(/\/$/, '')}${path}`, {
    method: init?.method ?? 'GET',
    headers: init ? { ...bearer(stack!.admin), 'content-type': 'application/json' } : bearer(stack!.admin),
    body: init ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Every value the import's progress bar and status line take, recorded in the page as they
 * change (a small file passes through them faster than the test could look). Plain JS in a
 * string: it runs in the browser, which the tests' Node types do not describe.
 */
const RECORD_PROGRESS = `
  window.progressSeen = [];
  new MutationObserver(() => {
    const bar = document.querySelector('progress[aria-label="Import progress"]');
    const status = bar && bar.closest('section').querySelector('[role="status"]');
    if (bar) window.progressSeen.push(bar.getAttribute('value') + '% ' + (status ? status.textContent : ''));
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
`;

describe('CRM import and contacts in Chromium', () => {
  beforeAll(async () => {
    await requireChromium();
    stack = await startStack({ seed: false });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('reports the bad line of a refused file, imports the fixed one, and shows an imported person', async () => {
    const base = stack!.url.replace(/\/$/, '');
    await stack!.db.query(`INSERT INTO attribute_definitions (key, label, type) VALUES ('shoeSize', 'Shoe size', 'number')`);
    await mkdir(ARTIFACTS, { recursive: true });

    const page = await signedInPage(browser!, stack!.url, stack!.admin, { viewport: { width: 1280, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // 1. The file with a bad e-mail on line 3: the mapping is guessed from the header.
    await page.goto(`${base}/import`);
    await page.getByRole('radio', { name: 'Contacts', exact: true }).check();
    const fileInput = page.getByLabel('Contacts CSV file');
    await fileInput.setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: BAD_FILE });
    const target = (column: string) => page.getByLabel(`Field for column ${column}`, { exact: true });
    await target('E-Mail').waitFor();
    expect(await target('E-Mail').inputValue()).toBe('email');
    expect(await target('First Name').inputValue()).toBe('firstName');
    expect(await target('Last Name').inputValue()).toBe('lastName');
    expect(await target('Customer No').inputValue()).toBe('customerCode');
    expect(await target('City').inputValue()).toBe('city');
    await expect.poll(() => target('Shoe size').inputValue()).toBe('attributes.shoeSize');
    expect(await target('Notes').inputValue()).toBe('ignore');
    await page.screenshot({ path: `${ARTIFACTS}crm-import-mapping.png` });

    await page.getByRole('button', { name: 'Start import' }).click();
    const refused = page.getByRole('region', { name: 'Nothing was imported' });
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.getByRole('alert').textContent()).toBe('1 line is not valid; nothing was imported');
    const reportRows = refused.getByRole('row');
    expect(await reportRows.count()).toBe(2); // header + the one bad line
    expect(await reportRows.nth(1).getByRole('cell').allTextContents()).toEqual(['3', 'E-Mail', 'ION.IONESCU(at)example.test', 'is not a valid e-mail address']);
    await page.screenshot({ path: `${ARTIFACTS}crm-import-refused.png` });

    // All or nothing: not one line of the refused file was written.
    expect((await api<ContactPage>('/api/contacts?limit=10')).items).toEqual([]);

    // 2. The fixed file, picked again: same guesses, a progress bar, then the counts.
    await fileInput.setInputFiles({ name: 'people-fixed.csv', mimeType: 'text/csv', buffer: FIXED_FILE });
    await expect.poll(() => target('Shoe size').inputValue()).toBe('attributes.shoeSize');
    await expect.poll(() => refused.count()).toBe(0);
    await page.evaluate(RECORD_PROGRESS);
    await page.getByRole('button', { name: 'Start import' }).click();
    const done = page.getByRole('region', { name: 'Import complete' });
    await done.waitFor({ timeout: 60_000 });
    expect(await done.getByRole('status').textContent()).toBe(`${IMPORTED} contacts created, 0 updated.`);
    const progress = (await page.evaluate('window.progressSeen')) as string[];
    expect(progress.some((state) => state.includes('Step 1 of 2.'))).toBe(true);
    expect(progress.some((state) => state.includes('Step 2 of 2.'))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}crm-import-done.png` });

    const all: ContactPage['items'] = [];
    for (let after: string | null | undefined; after !== null; ) {
      const batch: ContactPage = await api<ContactPage>(`/api/contacts?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      all.push(...batch.items);
      after = batch.nextCursor;
    }
    expect(all).toHaveLength(IMPORTED);

    // What the CRM adds to an imported person later: a company, an ABC class, consent, a note.
    const maria = (await api<ContactPage>('/api/contacts?q=rossi')).items[0]!;
    const company = await api<{ id: string }>('/api/companies', { method: 'POST', body: { name: 'Rossi Moda', kind: 'client', code: 'RMODA' } });
    await stack!.db.query(`UPDATE contacts SET company_id = $2, abc_class = 'A', abc_computed_at = now() WHERE id = $1`, [maria.id, company.id]);
    await api('/api/topics', { method: 'POST', body: { code: 'newsletter', name: 'Monthly newsletter', doubleOptIn: false } });
    await api(`/api/contacts/${maria.id}/subscriptions`, { method: 'POST', body: { topic: 'newsletter', textShown: 'Yes, send me the monthly newsletter', source: 'web_form' } });
    // More calls than one page of the timeline holds, so the consent above is only on the second page.
    for (let attempt = 1; attempt <= HISTORY_PAGE_SIZE; attempt += 1) {
      await api(`/api/contacts/${maria.id}/events`, { method: 'POST', body: { kind: 'call', title: `Call attempt ${attempt}` } });
    }
    await api(`/api/contacts/${maria.id}/events`, { method: 'POST', body: { kind: 'note', title: 'Met at the Milano fair', body: 'Wants the spring catalogue.' } });

    // 3. The contacts list: search one imported person, with the search in the URL.

    await done.getByRole('link', { name: 'Show the contacts' }).click();
    await page.waitForURL('**/contacts');
    await page.getByRole('cell', { name: 'Person', exact: false }).first().waitFor();
    expect(await page.getByRole('navigation', { name: 'Contact pages' }).getByRole('status').textContent()).toBe('Showing 1–50');
    await page.getByRole('navigation', { name: 'Contact pages' }).getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Contact pages' }).getByRole('status').textContent()).toBe('Showing 51–100');
    await page.getByRole('navigation', { name: 'Contact pages' }).getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Contact pages' }).getByRole('status').textContent()).toBe('Showing 1–50');

    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('rossi');
    await page.waitForURL('**/contacts?q=rossi');
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).getByRole('cell').allTextContents()).toEqual(['Maria Rossi', 'maria.rossi@example.test', 'Rossi Moda', 'ABC class A', 'en', 'Milano']);
    await page.screenshot({ path: `${ARTIFACTS}crm-contacts-search.png` });

    // 4. Their card: the fields from the file and the CRM, the typed attribute under its label,
    // consent with the wording agreed to, and the timeline.
    await rows.nth(1).getByRole('link', { name: 'Maria Rossi' }).click();
    await page.waitForURL(`**/contacts/${maria.id}`);
    await page.getByRole('heading', { level: 1, name: 'Maria Rossi' }).waitFor();
    const person = page.getByRole('region', { name: 'Person' });
    expect(await person.getByRole('definition').allTextContents()).toEqual(['Maria Rossi', '—', '—', 'maria.rossi@example.test', '—', 'en', '—', 'Milano']);
    const customer = page.getByRole('region', { name: 'Customer' });
    await expect.poll(() => customer.getByRole('definition').first().textContent()).toBe('Rossi Moda');
    const customerFacts = await customer.getByRole('definition').allTextContents();
    expect(customerFacts.slice(1, 4)).toEqual(['C-003', '—', '—']);
    expect(customerFacts[4]).toMatch(/^ABC class A computed /);
    const attributes = page.getByRole('region', { name: 'Attributes' });
    await expect.poll(() => attributes.getByRole('term').allTextContents()).toEqual(['Shoe size']);
    expect(await attributes.getByRole('definition').allTextContents()).toEqual(['39']);
    const timeline = page.getByRole('list', { name: 'Timeline, newest first' });
    await timeline.getByText('Met at the Milano fair').waitFor();
    expect(await timeline.getByText('Wants the spring catalogue.').isVisible()).toBe(true);
    const consent = page.getByRole('region', { name: 'Consent' });
    const subscriptions = consent.getByRole('table', { name: 'Subscriptions' }).getByRole('row');
    await subscriptions.nth(1).waitFor();
    expect((await subscriptions.nth(1).getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['Monthly newsletter (newsletter)', 'subscribed']);
    const records = consent.getByRole('table', { name: 'Consent records' }).getByRole('row');
    const record = await records.nth(1).getByRole('cell').allTextContents();
    expect(record.slice(1)).toEqual(['newsletter / any', 'granted', 'web_form', 'Yes, send me the monthly newsletter']);
    // Newest first: the note, then the calls; the consent is older than one page.
    const entries = timeline.getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(HISTORY_PAGE_SIZE);
    expect(await entries.first().textContent()).toContain('Met at the Milano fair');
    expect(await entries.nth(1).textContent()).toContain(`Call attempt ${HISTORY_PAGE_SIZE}`);
    await page.screenshot({ path: `${ARTIFACTS}crm-contact-page.png` });
    await page.getByRole('button', { name: 'Load older' }).click();
    await expect.poll(() => entries.count()).toBe(HISTORY_PAGE_SIZE + 2);
    expect(await entries.last().textContent()).toContain('Consent granted: Monthly newsletter');
    expect(await page.getByRole('button', { name: 'Load older' }).count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}crm-contact-timeline-older.png` });

    // An id nobody has: the card says so instead of failing.
    await page.goto(`${base}/contacts/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('heading', { level: 1, name: 'Contact not found' }).waitFor();

    expect(pageErrors).toEqual([]);
    await page.close();
  });

  // Runs after the test above: its customer codes C-001 and C-003 are on file.
  it('imports companies and sales under their own column names, and makes a list from a customer-code file', async () => {
    const base = stack!.url.replace(/\/$/, '');
    const page = await signedInPage(browser!, stack!.url, stack!.admin, { viewport: { width: 1280, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/import`);
    const target = (column: string) => page.getByLabel(`Field for column ${column}`, { exact: true });
    const start = page.getByRole('button', { name: 'Start import' });

    // Companies: the file goes as it is, with the mapping; a column that fits no field is ignored.
    await page.getByRole('radio', { name: 'Companies', exact: true }).check();
    await page.getByLabel('Companies CSV file').setInputFiles({
      name: 'companies.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('\uFEFFCompany name,Company code,Sector,Type,Notes\nAcme Ltd,ACME,Retail,client,x\nGlobex,GLBX,Energy,prospect,y\n'),
    });
    await target('Company name').waitFor();
    expect(await target('Company code').inputValue()).toBe('code');
    expect(await target('Sector').inputValue()).toBe('industry');
    expect(await target('Type').inputValue()).toBe('kind');
    expect(await target('Notes').inputValue()).toBe('ignore');
    expect(await start.isDisabled()).toBe(false);
    await start.click();
    const done = page.getByRole('region', { name: 'Import complete' });
    await done.waitFor({ timeout: 30_000 });
    expect(await done.getByRole('status').textContent()).toBe('2 companies created, 0 updated.');
    const companies = await api<{ items: { name: string; code: string; kind: string; industry: string }[] }>('/api/companies?q=Acme');
    expect(companies.items.map(({ name, code, kind, industry }) => ({ name, code, kind, industry }))).toEqual([{ name: 'Acme Ltd', code: 'ACME', kind: 'client', industry: 'Retail' }]);

    // Sales: guessed from everyday headers, written as orders.
    await page.getByRole('radio', { name: 'Sales', exact: true }).check();
    await page.getByLabel('Sales CSV file').setInputFiles({
      name: 'sales.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Order,Customer No,Date,Qty,Total\r\nO-1,C-001,2024-05-01,2,19.90\r\nO-1,C-001,2024-05-01,1,5\r\nO-2,C-003,2024-06-11,1,120\r\n'),
    });
    await expect.poll(() => target('Date').inputValue()).toBe('orderedAt');
    await start.click();
    await done.waitFor({ timeout: 30_000 });
    expect(await done.getByRole('status').textContent()).toBe('2 orders with 3 lines imported.');

    // A customer-code file: a contact list of the matches, the unknown codes by line.
    await page.getByRole('radio', { name: 'Customer-code file', exact: true }).check();
    await page.getByLabel('Text file of customer codes').setInputFiles({ name: 'codes.txt', mimeType: 'text/plain', buffer: Buffer.from('C-001\nC-003\n\nNOPE-9\n') });
    await page.getByRole('region', { name: 'Codes' }).getByText('3 codes, starting with').waitFor();
    await start.click();
    const list = page.getByRole('region', { name: 'Contact list created' });
    await list.waitFor({ timeout: 30_000 });
    expect(await list.getByRole('status').textContent()).toBe('2 contacts matched; 1 code matched no contact.');
    expect(await list.getByRole('definition').first().textContent()).toBe('Customer codes: codes.txt');
    const unmatched = list.getByRole('table', { name: 'Codes that matched no contact' }).getByRole('row');
    expect(await unmatched.nth(1).getByRole('cell').allTextContents()).toEqual(['4', 'NOPE-9']);
    await page.screenshot({ path: `${ARTIFACTS}crm-import-customer-codes.png` });

    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
