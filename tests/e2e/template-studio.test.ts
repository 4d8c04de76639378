/**
 * The template studio in Chromium against the real stack (API, worker, Temporal dev server,
 * Postgres, dev outbox): a designer opens a template from the Templates list, edits its
 * Hungarian variant (a misspelt field is refused on the tab and field it names; the salutation
 * is written with the completion after `{{`), previews it for a Slovenian contact (the template's
 * default language, said so) and a Hungarian one (her salutation from the matrix, in Hungarian,
 * inside the sandboxed frame), sends a test, and reads the test mail in the outbox with its
 * List-Unsubscribe header. The salutation matrix is edited and the preview follows.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser-stack';
import { eventually } from '../support/campaign-env';
import { ARTIFACTS } from '../support/chromium';
import { requestJson } from '../support/segment-builder-page';
import { bearer, createSignedInUser, signedInPage } from '../support/sign-in';

const NAME = 'Studio spring offer';
const TEST_ADDRESS = 'studio-test@example.test';

describe('the template studio (Chromium)', () => {
  const running = useBrowserStack({ seed: false });
  const api = <T>(method: string, path: string, body?: unknown) => requestJson<T>(running.baseUrl(), method, path, body, bearer(running.stack().admin));

  async function seed(): Promise<{ templateId: string }> {
    await api('POST', '/api/contacts', { email: 'anna.kovacs@example.test', firstName: 'Anna', lastName: 'Kovács', gender: 'female', language: 'hu', city: 'Budapest' });
    await api('POST', '/api/contacts', { email: 'jan.novak@example.test', firstName: 'Jan', lastName: 'Novak', gender: 'male', language: 'sl' });
    const template = await api<{ id: string }>('POST', '/api/templates', {
      name: NAME,
      channel: 'email',
      language: 'en',
      formality: 'formal',
      variants: [
        { language: 'en', subject: 'Spring offer for {{contact.firstName}}', html: '<p>{{salutation}},</p><p>Our <a href="https://shop.example/spring">spring offer</a> is here.</p>' },
        { language: 'hu', subject: 'Tavaszi ajánlat', html: '<p>Tavaszi ajánlat.</p>' },
      ],
    });
    return { templateId: template.id };
  }

  /** The preview's contact: search, pick from the list. */
  async function previewFor(page: Page, search: string, name: string) {
    const preview = page.getByRole('region', { name: 'Preview' });
    const change = preview.getByRole('button', { name: 'Change contact' });
    if (await change.isVisible()) await change.click();
    await preview.getByLabel('Preview for a contact').fill(search);
    await preview.getByRole('list', { name: 'Contacts found' }).getByRole('button', { name }).click();
    return preview;
  }

  it('edits a variant, previews it for a chosen contact, test-sends it and finds it in the outbox', async () => {
    const { templateId } = await seed();
    const designer = await createSignedInUser(running.stack().db, 'designer');
    const page = await signedInPage(running.browser(), running.baseUrl(), designer, { viewport: { width: 1600, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // From the navigation to the template.
    await page.goto(`${running.baseUrl()}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    const list = page.getByRole('table', { name: 'Templates' });
    const row = list.getByRole('row').filter({ hasText: NAME });
    expect(await row.textContent()).toContain('hu');
    await row.getByRole('link', { name: NAME }).click();
    await page.getByRole('heading', { level: 1, name: `Template: ${NAME}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/templates/${templateId}`);

    // The Hungarian tab: a misspelt field is refused on its tab and under its field.
    const variants = page.getByRole('tablist', { name: 'Language variants' });
    await variants.getByRole('tab', { name: /^hu/ }).click();
    const panel = page.getByRole('tabpanel');
    const subject = panel.getByRole('combobox', { name: 'Subject' });
    await subject.fill('Tavaszi ajánlat, {{contact.fristName}}');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByRole('alert').filter({ hasText: 'contact.fristName' }).waitFor();
    await variants.getByRole('tab', { name: /^hu.*1 problem/ }).waitFor();

    // Fixed with the completion: "{{contact.fi" offers contact.firstName, Enter writes it closed.
    await subject.fill('Tavaszi ajánlat, ');
    await subject.press('End');
    await subject.pressSequentially('{{contact.fi');
    const suggestions = page.getByRole('listbox', { name: 'Fields and helpers' });
    await suggestions.getByRole('option', { name: /contact\.firstName/ }).waitFor();
    await subject.press('Enter');
    expect(await subject.inputValue()).toBe('Tavaszi ajánlat, {{contact.firstName}}');
    // Rewritten, the field no longer shows what the server refused.
    expect(await panel.getByRole('alert').filter({ hasText: 'contact.fristName' }).count()).toBe(0);
    expect(await variants.getByRole('tab', { name: /problem/ }).count()).toBe(0);

    // The HTML body: the salutation through the list with the arrow keys and the mouse-free Enter.
    const html = panel.getByRole('combobox', { name: 'HTML body' });
    await html.fill('<h1 style="color: #2f5bea">');
    await html.press('End');
    await html.pressSequentially('{{salu');
    await suggestions.getByRole('option', { name: /^salutation/ }).waitFor();
    await html.press('Enter');
    await html.pressSequentially(',</h1><p>Tavaszi ajánlat {{contact.ci');
    await suggestions.getByRole('option', { name: /contact\.city/ }).click();
    await html.pressSequentially(' számára.</p>');
    expect(await html.inputValue()).toBe('<h1 style="color: #2f5bea">{{salutation}},</h1><p>Tavaszi ajánlat {{contact.city}} számára.</p>');
    // Esc closes the list and leaves the text as typed.
    await html.pressSequentially('{{con');
    await suggestions.waitFor();
    await html.press('Escape');
    await suggestions.waitFor({ state: 'hidden' });
    for (let i = 0; i < 5; i += 1) await html.press('Backspace');

    // Preview for a Slovenian contact: no sl variant, so the template's default (en), said so.
    let preview = await previewFor(page, 'Novak', 'Jan Novak');
    await preview.getByText("en: the template's default language — no variant in the contact's language (sl)").waitFor();
    expect(await preview.locator('.template-preview__subject').textContent()).toBe('Spring offer for Jan');

    // Preview for the Hungarian contact: her variant and her salutation, in the sandboxed frame.
    preview = await previewFor(page, 'Kovács', 'Anna Kovács');
    await preview.getByText("hu: the contact's language").waitFor();
    await expect.poll(() => preview.locator('.template-preview__subject').textContent()).toBe('Tavaszi ajánlat, Anna');
    const frame = preview.locator('iframe[title="HTML part"]');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await expect.poll(() => frame.contentFrame().locator('h1').textContent()).toBe('Tisztelt Kovács Anna asszony,');
    // As sent: the mail's own inline style applies inside the frame (the designer's CSP lets it).
    // (The page's getComputedStyle, typed by hand: the server typecheck has no DOM types.)
    const color = await frame.contentFrame().locator('h1').evaluate((h1) => (globalThis as unknown as { getComputedStyle(element: unknown): { color: string } }).getComputedStyle(h1).color);
    expect(color).toBe('rgb(47, 91, 234)');
    expect(await frame.contentFrame().locator('body').textContent()).toContain('Tavaszi ajánlat Budapest számára.');
    await preview.getByRole('tab', { name: 'Text' }).click();
    // The text part derived from the HTML (headings in capitals), with the footer in Hungarian.
    const text = await preview.getByLabel('Text part').textContent();
    expect(text).toMatch(/Tisztelt Kovács Anna asszony/i);
    expect(text).toContain('Tavaszi ajánlat Budapest számára.');
    await preview.getByRole('tab', { name: 'Headers' }).click();
    await preview.getByRole('tab', { name: 'HTML' }).click();
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}template-studio.png`, fullPage: true });

    // Test send: the changes are unsaved, so it saves first, then says where the test went.
    const testSend = page.getByRole('form', { name: 'Test send' });
    await testSend.getByLabel('Send a test to').fill(TEST_ADDRESS);
    await testSend.getByRole('button', { name: 'Save and send test' }).click();
    const answer = testSend.getByRole('status').or(testSend.getByRole('alert'));
    await answer.waitFor();
    expect(await answer.textContent()).toBe(`Test sent to ${TEST_ADDRESS} (hu): “[Test] Tavaszi ajánlat, Anna”`);
    const saved = await api<{ variants: { language: string; subject: string; html: string | null }[] }>('GET', `/api/templates/${templateId}`);
    expect(saved.variants.find((variant) => variant.language === 'hu')?.subject).toBe('Tavaszi ajánlat, {{contact.firstName}}');

    // The test mail in the outbox, as sent: its subject, the salutation, the unsubscribe header.
    const mail = await eventually(async () => (await running.stack().outbox.list()).find((item) => item.to === TEST_ADDRESS) ?? null, 30_000, 'the test mail');
    expect(mail.subject).toBe('[Test] Tavaszi ajánlat, Anna');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('button', { name: '[Test] Tavaszi ajánlat, Anna' }).click();
    const view = page.getByRole('region', { name: 'Selected mail' });
    const headers = view.getByRole('definition').filter({ hasText: '/u/' });
    await view.getByText('List-Unsubscribe', { exact: true }).waitFor();
    expect(await headers.first().textContent()).toMatch(/^<https?:\/\/[^>]+\/u\/[^>]+>/);
    const shown = view.locator('iframe[title="Mail as the contact sees it"]');
    expect(await shown.getAttribute('sandbox')).toBe('');
    await expect.poll(() => shown.contentFrame().locator('h1').textContent()).toBe('Tisztelt Kovács Anna asszony,');
    await page.screenshot({ path: `${ARTIFACTS}template-studio-outbox.png`, fullPage: true });

    expect(pageErrors).toEqual([]);
  });

  it('edits the salutation matrix, and the preview greets with the new wording', async () => {
    const designer = await createSignedInUser(running.stack().db, 'designer');
    const page = await signedInPage(running.browser(), running.baseUrl(), designer, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${running.baseUrl()}/templates`);
    await page.getByRole('link', { name: 'Salutation matrix' }).click();
    const hungarian = page.getByRole('table', { name: 'Salutations in hu' });
    const wording = hungarian.getByRole('textbox', { name: 'Wording of hu formal female', exact: true });
    expect(await wording.inputValue()).toBe('Tisztelt {{lastName}} {{firstName}} asszony');

    // An empty wording is refused on its row before anything is sent.
    await wording.fill('');
    await page.getByRole('button', { name: 'Save the matrix' }).click();
    await hungarian.getByRole('alert').filter({ hasText: 'Write the wording' }).waitFor();
    await wording.fill('Kedves {{firstName}}');
    await page.getByRole('button', { name: 'Save the matrix' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}salutation-matrix.png`, fullPage: true });
    const matrix = await api<{ language: string; formality: string; gender: string; qualifier: string; wording: string }[]>('GET', '/api/salutations');
    expect(matrix.find((row) => row.language === 'hu' && row.formality === 'formal' && row.gender === 'female' && row.qualifier === '')?.wording).toBe('Kedves {{firstName}}');

    await page.getByRole('link', { name: 'Templates' }).first().click();
    await page.getByRole('table', { name: 'Templates' }).getByRole('link', { name: NAME }).click();
    const preview = await previewFor(page, 'Kovács', 'Anna Kovács');
    await expect.poll(() => preview.locator('iframe[title="HTML part"]').contentFrame().locator('h1').textContent()).toBe('Kedves Anna,');
  });
});
