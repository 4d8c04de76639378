/**
 * The Content-Security-Policy in a real browser: every screen of the built designer (the flow
 * canvas included, and its auto-layout) and Swagger UI at /docs render with nothing refused.
 * Chromium reports each refusal as a console message naming the Content Security Policy. And the
 * import page's report download is the server's CSV, formula cells neutralised.
 * Needs Debian's Chromium; fails, never skips, when it is missing.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_FLOW_NAME } from '../../scripts/seed-demo';
import { useBrowserStack, type BrowserStack } from '../support/browser-stack';

let running: BrowserStack;

/** A page that records every CSP refusal and script error it meets. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await running.adminPage({ viewport: { width: 1440, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems };
}

describe('CSP and safe downloads in Chromium', () => {
  running = useBrowserStack();

  it('the designer runs every screen with nothing refused', async () => {
    const base = running.baseUrl();
    const { page, problems } = await watchedPage();
    const response = await page.goto(base);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    await page.getByRole('link', { name: DEMO_FLOW_NAME, exact: true }).click();
    await page.locator('.react-flow__node').first().waitFor();
    // Auto-layout loads ELK, its own chunk, and moves every node (styles set by React Flow).
    await page.getByRole('button', { name: /auto-layout/i }).click();
    await page.locator('.react-flow__edge').first().waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const screen of ['Contacts', 'Segments', 'Import', 'Outbox']) {
      await nav.getByRole('link', { name: screen, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: screen, exact: true }).waitFor();
    }
    await nav.getByRole('link', { name: 'Contacts', exact: true }).click();
    await page.locator('.contact-table a').first().click();
    await page.waitForURL(/\/contacts\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: 'Contacts', exact: true }).waitFor({ state: 'detached' });

    expect(problems).toEqual([]);
    await page.close();
  });

  it('Swagger UI at /docs renders the API with nothing refused', async () => {
    const base = running.baseUrl();
    const { page, problems } = await watchedPage();
    await page.goto(`${base}/docs`);
    await page.getByRole('heading', { name: /Campaign Studio API/ }).waitFor();
    await page.locator('.opblock').first().waitFor();
    // Swagger UI draws only the operations near the viewport: scroll through the whole document,
    // collecting what it draws, so every operation is rendered (and any refusal is seen) once.
    const seen = new Set<string>();
    for (let step = 0; step < 400; step += 1) {
      for (const text of await page.locator('.opblock-summary').allTextContents()) seen.add(text);
      // A page script as text: this file is type-checked without the DOM's types.
      const atEnd = await page.evaluate<boolean>('window.scrollBy(0, window.innerHeight * 0.8); window.scrollY + window.innerHeight >= document.body.scrollHeight - 2');
      if (atEnd && step > 0) break;
      await page.waitForTimeout(50);
    }
    for (const text of await page.locator('.opblock-summary').allTextContents()) seen.add(text);
    const documented = Object.values((await (await fetch(`${base}/docs/json`)).json() as { paths: Record<string, object> }).paths).reduce((sum, operations) => sum + Object.keys(operations).length, 0);
    expect(seen.size).toBe(documented);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("downloads a refused import's report with the file's formula cells neutralised", async () => {
    const base = running.baseUrl();
    const { page, problems } = await watchedPage();
    // More bad lines than the page lists inline, so it offers the whole report as a download.
    const bad = Array.from({ length: 25 }, (_, index) => `=cmd|' /C calc'!A${index},Eve`);
    const file = Buffer.from(['email,firstName', ...bad].join('\n'));
    await page.goto(`${base}/import`);
    await page.getByRole('radio', { name: 'Contacts', exact: true }).check();
    await page.getByLabel('Contacts CSV file').setInputFiles({ name: 'formulas.csv', mimeType: 'text/csv', buffer: file });
    await page.getByLabel('Field for column email', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Start import' }).click();
    const refused = page.getByRole('region', { name: 'Nothing was imported' });
    await refused.waitFor({ timeout: 30_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), refused.getByRole('link', { name: 'Download all 25 problems (CSV)' }).click()]);
    const rows: Record<string, string>[] = parse(await readFile((await download.path())!), { columns: true });
    expect(rows).toHaveLength(25);
    expect(rows[0]).toMatchObject({ line: '2', column: 'email', value: "'=cmd|' /C calc'!A0" });
    expect(rows.every((row) => row.value!.startsWith("'="))).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
