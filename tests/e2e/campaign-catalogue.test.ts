/**
 * The campaign catalogue in Chromium against the real stack: a designer-level user creates a
 * campaign with its code, flow, validity, product and script, sees it listed, edits it, is told
 * when a code is taken; starting the demo flow asks first with the audience split into with and
 * without e-mail, as the API counts it, and Cancel starts nothing. Fails, never skips, when
 * Chromium is missing.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_FLOW_NAME } from '../../scripts/seed-demo';
import { useBrowserStack } from '../support/browser-stack';
import { requestJson } from '../support/segment-builder-page';
import { bearer } from '../support/sign-in';

describe('the campaign catalogue in the designer', () => {
  const running = useBrowserStack();
  const api = <T>(method: string, path: string, body?: unknown) => requestJson<T>(running.baseUrl(), method, path, body, bearer(running.stack().admin));

  it('creates, lists and edits a campaign; a code already used is refused in the form', async () => {
    const page = await running.adminPage({ viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${running.baseUrl()}/campaigns`);
    await page.getByRole('button', { name: 'New campaign' }).click();
    const form = page.getByRole('form', { name: 'New campaign' });
    await form.getByLabel('Code', { exact: true }).fill('WEB-01');
    await form.getByLabel('Name', { exact: true }).fill('Web pre-sale');
    await form.getByLabel('Flow', { exact: true }).selectOption({ label: DEMO_FLOW_NAME });
    await form.getByLabel('Valid from', { exact: true }).fill('2026-01-01');
    await form.getByLabel('Valid to', { exact: true }).fill('2099-12-31');
    await form.getByLabel('Call script', { exact: true }).fill('Good morning, a word about our pre-sale.');
    await form.getByRole('button', { name: 'Create campaign' }).click();

    const table = page.getByRole('table', { name: 'Campaigns' });
    const row = table.getByRole('row').filter({ hasText: 'WEB-01' });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(['WEB-01', 'Web pre-sale', 'direct', '2026-01-01 – 2099-12-31', '—', 'Marketing · no topic', '—', 'never run', 'EditPlanAnalysis']);

    await row.getByRole('button', { name: 'Edit Web pre-sale' }).click();
    const edit = page.getByRole('form', { name: 'Edit campaign WEB-01' });
    expect(await edit.getByLabel('Call script', { exact: true }).inputValue()).toBe('Good morning, a word about our pre-sale.');
    await edit.getByLabel('Name', { exact: true }).fill('Web pre-sale, second week');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await table.getByRole('cell', { name: 'Web pre-sale, second week', exact: true }).waitFor();
    const saved = (await api<{ code: string; name: string; script: string }[]>('GET', '/api/campaigns')).find((campaign) => campaign.code === 'WEB-01');
    expect(saved).toMatchObject({ name: 'Web pre-sale, second week', script: 'Good morning, a word about our pre-sale.' });

    await page.getByRole('button', { name: 'New campaign' }).click();
    const again = page.getByRole('form', { name: 'New campaign' });
    await again.getByLabel('Code', { exact: true }).fill('web-01');
    await again.getByLabel('Name', { exact: true }).fill('Copy');
    await again.getByLabel('Flow', { exact: true }).selectOption({ label: DEMO_FLOW_NAME });
    await again.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(() => again.getByRole('alert').textContent()).toContain('Another campaign already has the code web-01');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('asks before a start, with the audience split into with and without e-mail; Cancel starts nothing', async () => {
    const demo = (await api<{ id: string; name: string }[]>('GET', '/api/flows')).find((flow) => flow.name === DEMO_FLOW_NAME)!;
    const page = await running.adminPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${running.baseUrl()}/flows/${demo.id}`);
    await page.locator('.react-flow__node').first().waitFor();
    const panel = page.getByRole('region', { name: 'Run' });
    await panel.getByRole('button', { name: 'Start run' }).click();
    const confirm = panel.getByRole('group', { name: 'Confirm start' });
    await confirm.waitFor();

    const campaign = (await api<{ id: string; flowId: string; latestRun: unknown }[]>('GET', '/api/campaigns')).find((candidate) => candidate.flowId === demo.id && candidate.latestRun === null)!;
    const preview = await api<{ audience: number; withEmail: number; withoutEmail: number }>('GET', `/api/campaigns/${campaign.id}/start-preview`);
    expect(preview.audience).toBeGreaterThan(0);
    expect(await confirm.getByRole('paragraph').textContent()).toBe('Start a run of this campaign?');
    expect(await confirm.getByLabel('Audience').textContent()).toBe(
      `The run will reach ${preview.audience.toLocaleString('en')} contacts: ${preview.withEmail.toLocaleString('en')} with e-mail, ${preview.withoutEmail.toLocaleString('en')} without.`,
    );
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await confirm.count()).toBe(0);
    expect((await api<{ runs: unknown[] }>('GET', `/api/campaigns/${campaign.id}`)).runs).toEqual([]);
    await page.close();
  });
});
