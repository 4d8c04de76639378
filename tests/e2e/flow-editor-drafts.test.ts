/**
 * The flow editor as a newcomer uses it, in Chromium against the real stack with the demo data:
 * nodes added by clicking the palette land where there is room (and stay clear of each other
 * when they grow with their problems), their id tag shows whole, an unfinished flow is saved as
 * a draft with its problems, a run of it is refused naming them, and a second start of a
 * campaign that already ran asks first, saying how many contacts were mailed.
 */
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { nodeType } from '../../flow/registry';
import { DEMO_FLOW_NAME, DEMO_MAILED_COUNT } from '../../scripts/seed-demo';
import { useBrowserStack } from '../support/browser-stack';
import { ARTIFACTS } from '../support/chromium';
import { requestJson } from '../support/segment-builder-page';
import { bearer } from '../support/sign-in';

type Box = { x: number; y: number; width: number; height: number };

function label(type: string): string {
  const definition = nodeType(type);
  if (!definition) throw new Error(`no node type ${type}`);
  return definition.label;
}

/** Every pair of canvas nodes whose boxes overlap, by id. */
async function overlappingNodes(page: Page): Promise<string[]> {
  const nodes = page.locator('.react-flow__node');
  const boxes: { id: string; box: Box }[] = [];
  for (const node of await nodes.all()) boxes.push({ id: (await node.getAttribute('data-id'))!, box: (await node.boundingBox())! });
  const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  return boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlaps(a.box, b.box)).map((b) => `${a.id} × ${b.id}`));
}

/** The node's id tag is shown whole: not clipped by an ellipsis, and inside its node. */
async function expectWholeIdTag(node: Locator, id: string): Promise<void> {
  const tag = node.locator('.campaign-node__id');
  expect(await tag.textContent()).toBe(id);
  // Tests compile without the DOM library: the element is read for the two widths it has.
  const widths = await tag.evaluate((element) => {
    const { scrollWidth, clientWidth } = element as unknown as { scrollWidth: number; clientWidth: number };
    return { scrollWidth, clientWidth };
  });
  expect(widths.clientWidth).toBeGreaterThan(0);
  expect(widths.scrollWidth).toBeLessThanOrEqual(widths.clientWidth);
  const [nodeBox, tagBox] = [(await node.boundingBox())!, (await tag.boundingBox())!];
  expect(tagBox.x).toBeGreaterThanOrEqual(nodeBox.x);
  expect(tagBox.x + tagBox.width).toBeLessThanOrEqual(nodeBox.x + nodeBox.width);
}

describe('flow editor drafts, palette and runs (Chromium)', () => {
  const running = useBrowserStack();
  const api = <T>(method: string, path: string, body?: unknown) => requestJson<T>(running.baseUrl(), method, path, body, bearer(running.stack().admin));

  it('places clicked palette nodes apart, saves the unfinished flow as a draft with its problems, and refuses to run it', async () => {
    const base = running.baseUrl();
    const page = await running.adminPage({ viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/flows/new?name=${encodeURIComponent('Half-built offer')}`);
    const palette = page.getByRole('complementary', { name: 'Palette' });
    await palette.waitFor();

    const types = ['audience', 'generate', 'send', 'wait', 'end'];
    const nodes = page.locator('.react-flow__node');
    for (const [index, type] of types.entries()) {
      await palette.getByRole('button', { name: label(type), exact: true }).click();
      await expect.poll(() => nodes.count()).toBe(index + 1);
    }
    await expect.poll(() => overlappingNodes(page)).toEqual([]);

    // Saved although unfinished: a draft, with its problems on the nodes and in the list.
    const toolbar = page.getByRole('toolbar', { name: 'Flow' });
    await toolbar.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/flows\/[0-9a-f-]{36}$/);
    const flowId = page.url().split('/').pop()!;
    const saved = await api<{ version: number; problems: { nodeId: string | null; message: string }[] }>('GET', `/api/flows/${flowId}`);
    expect(saved.version).toBe(1);
    expect(saved.problems.length).toBeGreaterThan(0);
    const count = saved.problems.length;
    await expect.poll(() => toolbar.getByRole('status').textContent()).toBe(`Draft saved as version 1 · ${count} problem${count === 1 ? '' : 's'} to fix before it can run`);
    const problems = page.getByRole('region', { name: 'Problems' });
    expect(await problems.getByRole('heading').textContent()).toBe(`${count} problem${count === 1 ? '' : 's'} to fix before it can run`);
    expect(await page.locator('.campaign-node--invalid').count()).toBeGreaterThan(0);
    // Grown by their problems, the nodes still keep clear of each other.
    await expect.poll(() => overlappingNodes(page)).toEqual([]);
    for (const type of types) await expectWholeIdTag(page.locator(`.react-flow__node[data-id="${type}-1"]`), `${type}-1`);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}flow-editor-draft.png` });

    // Starting it is refused, naming the problems.
    await page.getByRole('region', { name: 'Run' }).getByRole('button', { name: 'Start run' }).click();
    const refusal = page.getByRole('region', { name: 'Run' }).getByRole('alert');
    await expect.poll(() => refusal.textContent()).toContain(`Version 1 of the flow has ${count} problem${count === 1 ? '' : 's'} and cannot run; fix and save it first`);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('asks before a second run of a campaign that already ran, saying how many contacts were mailed', async () => {
    const base = running.baseUrl();
    const demo = (await api<{ id: string; name: string }[]>('GET', '/api/flows')).find((flow) => flow.name === DEMO_FLOW_NAME)!;
    const campaign = (await api<{ id: string; flowId: string }[]>('GET', '/api/campaigns')).find((candidate) => candidate.flowId === demo.id)!;
    const runs = async () => (await api<{ runs: unknown[] }>('GET', `/api/campaigns/${campaign.id}`)).runs.length;
    expect(await runs()).toBe(0);

    const page = await running.adminPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/flows/${demo.id}`);
    await page.locator('.react-flow__node').first().waitFor();
    await expectWholeIdTag(page.locator('.react-flow__node[data-id="generate"]'), 'generate');
    const panel = page.getByRole('region', { name: 'Run' });
    const confirm = panel.getByRole('group', { name: 'Confirm start' });

    // The first run asks too, with the audience split by e-mail, but names no earlier mailing.
    await panel.getByRole('button', { name: 'Start run' }).click();
    await confirm.waitFor();
    expect(await confirm.getByRole('paragraph').first().textContent()).toBe('Start a run of this campaign?');
    await confirm.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Run status' }).textContent(), { timeout: 60_000, interval: 500 }).toBe('completed');
    expect(await confirm.count()).toBe(0);
    expect(await runs()).toBe(1);

    // The second asks, naming whom the first one mailed; "Cancel" starts nothing.
    await panel.getByRole('button', { name: 'Start run' }).click();
    await confirm.waitFor();
    expect(await confirm.getByRole('paragraph').textContent()).toBe(
      `This campaign already ran once: ${DEMO_MAILED_COUNT} contacts were already mailed by earlier runs. Start another run?`,
    );
    await page.screenshot({ path: `${ARTIFACTS}flow-editor-second-start.png` });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await confirm.count()).toBe(0);
    expect(await runs()).toBe(1);

    await panel.getByRole('button', { name: 'Start run' }).click();
    await confirm.getByRole('button', { name: 'Yes, start another run' }).click();
    await expect.poll(runs, { timeout: 15_000 }).toBe(2);
    await page.close();
  });
});
