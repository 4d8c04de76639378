/**
 * The designer in a real browser against the real stack (Postgres, Temporal, worker, API with
 * the built designer and the demo data): open the demo flow, see its nodes on the canvas, drop
 * a node from the palette. Needs Debian's Chromium; fails, never skips, when it is missing.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeType } from '../../flow/registry';
import { DEMO_AUDIENCE_COUNT, DEMO_FLOW_NAME, DEMO_MAILED_COUNT } from '../../scripts/seed-demo';
import { startStack } from '../support/stack';
import { ARTIFACTS, launchChromium, requireChromium } from '../support/chromium';
import { bearer, signedInPage } from '../support/sign-in';


interface FlowSummary {
  id: string;
  name: string;
}
interface FlowRecord {
  id: string;
  graph: { nodes: { id: string; type: string }[] };
}

let stack: Awaited<ReturnType<typeof startStack>> | undefined;
let browser: Browser | undefined;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: bearer(stack!.admin) });
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
  return (await response.json()) as T;
}

function label(type: string): string {
  const definition = nodeType(type);
  if (!definition) throw new Error(`no node type ${type}`);
  return definition.label;
}

describe('designer in Chromium', () => {
  beforeAll(async () => {
    await requireChromium();
    stack = await startStack();
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the demo flow on the canvas and takes a Wait dropped from the palette', async () => {
    const base = stack!.url.replace(/\/$/, '');
    const demo = (await getJson<FlowSummary[]>(`${base}/api/flows`)).find((flow) => flow.name === DEMO_FLOW_NAME);
    expect(demo, `the seeded "${DEMO_FLOW_NAME}" flow`).toBeDefined();
    const flow = await getJson<FlowRecord>(`${base}/api/flows/${encodeURIComponent(demo!.id)}`);

    const page: Page = await signedInPage(browser!, stack!.url, stack!.admin, { viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(base);
    await page.getByRole('link', { name: DEMO_FLOW_NAME, exact: true }).click();
    await page.waitForURL(`**/flows/${encodeURIComponent(demo!.id)}`);

    const nodes = page.locator('.react-flow__node');
    await nodes.first().waitFor();
    await expect.poll(() => nodes.count()).toBe(flow.graph.nodes.length);
    for (const type of ['audience', 'generate', 'send', 'end']) {
      const node = page.locator('.react-flow__node .campaign-node__label').getByText(label(type), { exact: true });
      await node.first().waitFor({ state: 'visible' });
    }
    for (const node of flow.graph.nodes) {
      await page.locator(`.react-flow__node[data-id="${node.id}"]`).waitFor({ state: 'visible' });
    }

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}designer-flow.png` });

    const wait = page.getByRole('complementary', { name: 'Palette' }).getByRole('button', { name: label('wait'), exact: true });
    const pane = page.locator('.react-flow__pane');
    const box = await pane.boundingBox();
    expect(box).not.toBeNull();
    await wait.dragTo(pane, { targetPosition: { x: box!.width / 2, y: box!.height - 140 } });

    await expect.poll(() => nodes.count()).toBe(flow.graph.nodes.length + 1);
    const dropped = page.locator('.react-flow__node[data-id^="wait-"]');
    await dropped.getByText(label('wait'), { exact: true }).waitFor({ state: 'visible' });
    await page.screenshot({ path: `${ARTIFACTS}designer-dropped-wait.png` });

    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('starts the demo campaign from the canvas and shows each node’s counts as it runs', async () => {
    const base = stack!.url.replace(/\/$/, '');
    const demo = (await getJson<FlowSummary[]>(`${base}/api/flows`)).find((flow) => flow.name === DEMO_FLOW_NAME)!;
    const flow = await getJson<FlowRecord>(`${base}/api/flows/${encodeURIComponent(demo.id)}`);
    // The demo mails the Offers subscribers; one of them is on the suppression list.
    const mailed = DEMO_MAILED_COUNT;
    const suppressed = DEMO_AUDIENCE_COUNT - DEMO_MAILED_COUNT;
    const nodeOf = (type: string) => flow.graph.nodes.find((node) => node.type === type)!.id;

    const page: Page = await signedInPage(browser!, stack!.url, stack!.admin, { viewport: { width: 1440, height: 900 } });
    await page.goto(`${base}/flows/${encodeURIComponent(demo.id)}`);
    await page.locator('.react-flow__node').first().waitFor();
    await page.getByRole('region', { name: 'Run' }).getByRole('button', { name: 'Start run' }).click();
    // Every start asks first, with the audience split by e-mail.
    await page.getByRole('group', { name: 'Confirm start' }).getByRole('button', { name: 'Start', exact: true }).click();

    const status = page.getByRole('status', { name: 'Run status' });
    await expect.poll(() => status.textContent(), { timeout: 60_000, interval: 500 }).toBe('completed');
    const badge = (type: string) => page.locator(`.react-flow__node[data-id="${nodeOf(type)}"] .node-progress__outcomes`);
    await expect.poll(() => badge('send').textContent(), { timeout: 10_000 }).toBe(`sent ${mailed} · bounced 0 · failed 0 · suppressed 0`);
    expect(await badge('generate').textContent()).toBe(`ready ${mailed} · skipped 0 · suppressed ${suppressed}`);
    expect(await badge('end').textContent()).toBe(`finished ${mailed}`);
    await page.screenshot({ path: `${ARTIFACTS}designer-run-completed.png` });

    // The mails are in the dev outbox, one per subscriber not suppressed.
    const outbox = await getJson<{ items: { to: string }[] }>(`${base}/api/outbox`);
    expect(new Set(outbox.items.map((mail) => mail.to)).size).toBe(mailed);
    await page.close();
  });
});
