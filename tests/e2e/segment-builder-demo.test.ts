/**
 * The demo's saved segment opened in the segment builder, as a newcomer meets it after
 * `npm start`: it opens with its live count and the operators it was saved with, a value edit
 * recounts, and the preview's first rows fit in their panel. Needs Debian's Chromium.
 */
import { mkdir } from 'node:fs/promises';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SegmentRule } from '../../flow/segment-rule';
import { DEMO_SEGMENT_NAME, DEMO_SEGMENT_RULE } from '../../scripts/seed-demo-crm';
import { useBrowserStack } from '../support/browser-stack';
import { ARTIFACTS } from '../support/chromium';
import { requestJson, settledCount } from '../support/segment-builder-page';
import { bearer } from '../support/sign-in';

const matchText = (count: number) => `${count.toLocaleString('en')} contact${count === 1 ? '' : 's'} match`;
const chosen = (row: Locator, label: string) => row.getByLabel(label, { exact: true }).locator('option:checked').textContent();

/** The preview's table fits its panel: the ABC column is not cut off, nor pushed past the panel's edge. */
async function expectPreviewInsideItsPanel(panel: Locator, preview: Locator): Promise<void> {
  const abc = preview.getByRole('columnheader', { name: 'ABC' });
  await abc.waitFor();
  const [panelBox, tableBox, abcBox] = [await panel.boundingBox(), await preview.getByRole('table').boundingBox(), await abc.boundingBox()];
  for (const box of [tableBox!, abcBox!]) {
    expect(box.x).toBeGreaterThanOrEqual(panelBox!.x);
    expect(box.x + box.width).toBeLessThanOrEqual(panelBox!.x + panelBox!.width);
  }
}

describe('the demo segment in the builder (Chromium)', () => {
  const running = useBrowserStack();
  const api = <T>(method: string, path: string, body?: unknown) => requestJson<T>(running.baseUrl(), method, path, body, bearer(running.stack().admin));

  it('opens with its live count and the saved operators, recounts after an edit, and its preview fits the panel', async () => {
    const segments = await api<{ id: string; name: string; rule: SegmentRule }[]>('GET', '/api/segments');
    const demo = segments.find((segment) => segment.name === DEMO_SEGMENT_NAME);
    expect(demo?.rule).toEqual(DEMO_SEGMENT_RULE);
    const saved = await api<{ count: number }>('GET', `/api/segments/${demo!.id}/preview`);
    expect(saved.count).toBeGreaterThan(0);

    const baseUrl = running.baseUrl();
    const page = await running.adminPage({ viewport: { width: 1440, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/segments`);
    await page.getByRole('link', { name: DEMO_SEGMENT_NAME }).click();
    await page.getByRole('heading', { name: DEMO_SEGMENT_NAME }).waitFor();

    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(matchText(saved.count));
    // Nothing to fix in a saved segment: no condition is flagged.
    expect(await page.locator('.segment-page__form').getByRole('alert').count()).toBe(0);

    // Each condition shows the operator it was saved with ("favouriteColour eq blue" is "is", not "includes").
    const colour = page.getByRole('group', { name: 'Condition 4', exact: true });
    expect(await chosen(colour, 'Field')).toBe('Favourite colour');
    expect(await chosen(colour, 'Operator')).toBe('is');
    expect(await chosen(page.getByRole('group', { name: 'Condition 3', exact: true }), 'Operator')).toBe('is less than');

    await expectPreviewInsideItsPanel(page.locator('.segment-page__preview'), preview);

    // Editing a value recounts; the operator stays the saved one, and saving keeps it.
    const age = page.getByRole('group', { name: 'Condition 3', exact: true });
    await age.getByLabel('Value').fill('60');
    const { rules } = DEMO_SEGMENT_RULE as { rules: SegmentRule[] };
    expect(rules[2]).toEqual({ field: 'attributes.age', operator: 'lt', value: 45 });
    const edited: SegmentRule = { op: 'and', rules: rules.map((rule, index) => (index === 2 ? { field: 'attributes.age', operator: 'lt', value: 60 } : rule)) };
    const recounted = await api<{ count: number }>('POST', '/api/segments/preview', { rule: edited });
    expect(recounted.count).not.toBe(saved.count);
    await expect.poll(() => settledCount(preview), { timeout: 15_000 }).toBe(matchText(recounted.count));
    // The new sample fits too.
    await expectPreviewInsideItsPanel(page.locator('.segment-page__preview'), preview);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}segment-builder-demo.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save segment' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Save status' }).textContent()).toBe('Saved');
    expect((await api<{ rule: unknown }>('GET', `/api/segments/${demo!.id}`)).rule).toEqual(edited);

    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
