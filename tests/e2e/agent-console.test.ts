/**
 * The agent console in Chromium against the real stack (API, worker, Temporal dev server,
 * Postgres): an admin runs `audience → callback → end` through the API, making one call per
 * contact of the agent's store; the agent opens My tasks and works the three calls — answers the
 * questionnaire (a missing required answer is refused by the API and said under its question)
 * and marks one interested, claims one, logs a call note on it and moves it +2 h, closes the
 * last with "objective met" — and after each the queue, its totals and the API agree. The admin's
 * owner's view then counts the agent's calls; a call closed elsewhere while open in the console is
 * said to have changed, and the queue is read again. Fails, never skips, when Chromium is missing.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callbackNode, type CallbackConfig } from '../../flow/nodes/callback';
import { useBrowserStack } from '../support/browser-stack';
import { eventually } from '../support/campaign-env';
import { graphOf } from '../support/campaign-harness';
import { requestJson } from '../support/segment-builder-page';
import { bearer, createSignedInUser, sessionCookie, signedInPage, type TestCredentials } from '../support/sign-in';

const TAG = 'console';

const QUESTIONS: CallbackConfig['questions'] = [
  { key: 'size', label: 'Which size do you wear?', type: 'choice', required: true, options: ['S', 'M', 'L'] },
  { key: 'budget', label: 'How much would you spend?', type: 'number', required: false },
  { key: 'calls_ok', label: 'May we call again?', type: 'yes-no', required: false },
];

const SCRIPT = 'Good morning, this is the store: our sweater pre-sale starts on Friday.';

interface ApiTask {
  id: string;
  status: string;
  outcome: string | null;
  contactName: string;
  assigneeId: string | null;
  dueAt: string;
  contactId: string;
  answers: Record<string, unknown>;
  comment: string | null;
}
interface Queue {
  items: ApiTask[];
  totals: { open: number; dueToday: number; overdue: number; withEmail: number; withoutEmail: number };
}

/** audience (the tagged contacts) → callback (the store's agents, due at once) → interested: convert (the campaign's product) → end; objective met → end. */
function consoleFlow() {
  return graphOf(
    [
      { id: 'audience', type: 'audience', config: { match: 'all', rules: [{ field: 'attributes.cohort', operator: 'eq', value: TAG }] } },
      { id: 'call', type: 'callback', config: { ...callbackNode.defaultConfig, script: SCRIPT, questions: QUESTIONS, assignTo: 'store', dueInHours: 0.0001 } },
      { id: 'convert', type: 'convert', config: { productId: '', stage: 'qualification' } },
      { id: 'won', type: 'end', config: { finalStatus: 'interested' } },
      { id: 'met', type: 'end', config: { finalStatus: 'objective met' } },
    ],
    ['audience:out->call', 'call:interested->convert', 'convert:created->won', 'call:objective_met->met'],
  );
}

/** The numbers at the top of the queue, by label. */
async function totals(page: Page): Promise<Record<string, string>> {
  const labels = await page.locator('.queue-totals dt').allTextContents();
  const values = await page.locator('.queue-totals dd').allTextContents();
  return Object.fromEntries(labels.map((label, i) => [label, values[i] ?? '']));
}

/** A change shows once the API answered and the next call loaded: seconds on a busy machine. */
const SOON = { timeout: 20_000 };

const heading = (page: Page) => page.locator('#task-heading');

describe('the agent console (Chromium)', () => {
  const running = useBrowserStack({ seed: false });

  it('an agent works three calls: interested with answers, +2 h after a note, objective met; the queue, totals and API follow', async () => {
    const { db, admin } = running.stack();
    const base = running.baseUrl();
    const asAdmin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(base, method, path, body, bearer(admin));

    const store = (await db.query<{ id: string }>(`INSERT INTO stores (code, name) VALUES ('CONSOLE', 'Console store') RETURNING id`)).rows[0]!.id;
    const agent: TestCredentials = await createSignedInUser(db, 'agent', { storeId: store });
    // The agent's reads go by their session, as the browser's do: an API token has no queue of its own (claimed calls are the person's).
    const asAgent = <T>(path: string) => requestJson<T>(base, 'GET', path, undefined, { cookie: sessionCookie(agent) });
    await db.query(
      `INSERT INTO contacts (email, first_name, last_name, phone, store_id, abc_class, attributes)
       VALUES ('ada.console@example.test', 'Ada', 'Lovelace', '+40 721 000 001', $1, 'A', $2), (NULL, 'Bruno', 'Neri', '+39 02 1234', $1, 'B', $3),
              ('cleo.console@example.test', 'Cleo', 'Verdi', NULL, $1, NULL, $3)`,
      [store, JSON.stringify({ cohort: TAG, loyalty_tier: 'Gold' }), JSON.stringify({ cohort: TAG })],
    );
    await db.query(`INSERT INTO sales_orders (order_number, contact_id, ordered_at, total_amount) SELECT 'CONSOLE-1', id, '2026-03-01', 120.50 FROM contacts WHERE first_name = 'Ada'`);

    // The campaign promotes a sweater priced from this year's list: an interested call opens an opportunity for it.
    const product = await asAdmin<{ id: string }>('POST', '/api/products', { code: 'SWEATER', name: 'Wool sweater', kind: 'product' });
    await asAdmin('POST', '/api/price-lists', { name: 'This year', validFrom: '2021-01-01', validTo: null, items: [{ productId: product.id, price: '85.00' }] });
    const flow = await asAdmin<{ id: string }>('POST', '/api/flows', { name: 'Console calls', graph: consoleFlow() });
    const campaign = await asAdmin<{ id: string }>('POST', '/api/campaigns', { name: 'Sweater pre-sale', flowId: flow.id, productId: product.id });
    const { runId } = await asAdmin<{ runId: string }>('POST', `/api/campaigns/${campaign.id}/runs`);
    const queue = () => asAgent<Queue>(`/api/tasks?runId=${runId}`);
    // Due a moment after they are made: once all three exist and are overdue, the totals hold still.
    const first = await eventually(async () => {
      const now = await queue();
      return now.items.length === 3 && now.totals.overdue === 3 ? now : undefined;
    }, 60_000, 'three overdue calls');
    expect(first.totals).toMatchObject({ open: 3, overdue: 3, withEmail: 2, withoutEmail: 1 });
    const task = async (id: string) => asAgent<{ task: ApiTask }>(`/api/tasks/${id}`).then((detail) => detail.task);

    const page = await signedInPage(running.browser(), base, agent, { viewport: { width: 1440, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/tasks`);
    await expect.poll(() => totals(page), SOON).toMatchObject({ Open: '3', Overdue: '3', 'With e-mail': '2', 'Without e-mail': '1' });
    const queueNames = async () => page.locator('.queue-item__name').allTextContents();
    expect(await queueNames()).toEqual(first.items.map((item) => item.contactName));

    // The first call opens by itself, with everything the agent needs.
    const [one, two, three] = first.items as [ApiTask, ApiTask, ApiTask];
    await expect.poll(() => heading(page).textContent(), SOON).toBe(one.contactName);
    await expect.poll(() => page.locator('.task-script').textContent(), SOON).toBe(SCRIPT);

    // Call 1: "Interested" without the required size is refused by the API, said under the question.
    await page.getByLabel('How much would you spend?').fill('85');
    await page.getByLabel('May we call again?').selectOption('yes');
    await page.getByRole('button', { name: 'Interested', exact: true }).click();
    const sizeError = page.locator('#question-size-error');
    await expect.poll(() => sizeError.textContent(), SOON).toContain('is required');
    expect(await page.getByLabel('Which size do you wear?').getAttribute('aria-invalid')).toBe('true');
    expect((await task(one.id)).status).toBe('open');
    await page.getByLabel('Which size do you wear?').selectOption('M');
    await page.getByLabel('Comment', { exact: true }).fill('Will come on Friday');
    await page.getByRole('button', { name: 'Interested', exact: true }).click();
    // The next call opens; the first left the queue; the API has the outcome and the answers.
    await expect.poll(() => heading(page).textContent(), SOON).toBe(two.contactName);
    await expect.poll(() => totals(page), SOON).toMatchObject({ Open: '2', Overdue: '2' });
    expect(await queueNames()).toEqual([two.contactName, three.contactName]);
    expect(await task(one.id)).toMatchObject({ status: 'closed', outcome: 'interested', assigneeId: agent.userId, answers: { size: 'M', budget: 85, calls_ok: true }, comment: 'Will come on Friday' });

    // Call 2: claimed, a call note logged, then "+2 h": it moves to the end of the queue and is no longer overdue.
    await page.getByRole('button', { name: 'Claim this call' }).click();
    await expect.poll(async () => (await task(two.id)).assigneeId, SOON).toBe(agent.userId);
    await expect.poll(() => page.getByRole('button', { name: 'Claim this call' }).count(), SOON).toBe(0);
    await page.getByLabel('Event', { exact: true }).fill('Not at home, back in 1.5 hours');
    await page.getByRole('button', { name: 'Log event' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Recent events' }).textContent(), SOON).toContain('Not at home, back in 1.5 hours');
    const contactTwo = (await asAgent<{ contact: { id: string } }>(`/api/tasks/${two.id}`)).contact.id;
    const events = await asAgent<{ items: { kind: string; title: string }[] }>(`/api/contacts/${contactTwo}/events`);
    expect(events.items).toContainEqual(expect.objectContaining({ kind: 'call', title: 'Not at home, back in 1.5 hours' }));
    const beforeReschedule = Date.now();
    await page.getByRole('button', { name: '+2 h' }).click();
    await expect.poll(() => heading(page).textContent(), SOON).toBe(three.contactName);
    await expect.poll(() => totals(page), SOON).toMatchObject({ Open: '2', Overdue: '1' });
    expect(await queueNames()).toEqual([three.contactName, two.contactName]);
    const moved = await task(two.id);
    expect(moved.status).toBe('open');
    const dueIn = new Date(moved.dueAt).getTime() - beforeReschedule;
    expect(dueIn).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(dueIn).toBeLessThan(2 * 3_600_000 + 60_000);

    // Call 3: "objective met" with a comment closes it; only the rescheduled call is left.
    await page.getByRole('button', { name: 'Objective met…' }).click();
    await page.getByLabel('What was achieved').fill('Booked a fitting for Saturday');
    await page.getByRole('button', { name: 'Close: objective met' }).click();
    await expect.poll(() => totals(page), SOON).toMatchObject({ Open: '1', Overdue: '0' });
    await expect.poll(() => heading(page).textContent(), SOON).toBe(two.contactName);
    expect(await queueNames()).toEqual([two.contactName]);
    expect(await task(three.id)).toMatchObject({ status: 'closed', outcome: 'objective_met', comment: 'Booked a fitting for Saturday' });
    expect((await queue()).totals).toMatchObject({ open: 1, overdue: 0 });

    // The closed filter lists the two closed calls.
    await page.getByLabel('Status', { exact: true }).selectOption('closed');
    await expect.poll(async () => (await queueNames()).sort(), SOON).toEqual([one.contactName, three.contactName].sort());
    expect(pageErrors).toEqual([]);

    // The owner's view counts the agent's calls of the campaign.
    const owner = await running.adminPage({ viewport: { width: 1440, height: 1000 } });
    await owner.goto(`${base}/tasks?view=overview`);
    await owner.getByLabel('Campaign', { exact: true }).selectOption({ label: 'Sweater pre-sale' });
    const agentName = (await db.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [agent.userId])).rows[0]!.name;
    const row = owner.getByRole('table', { name: 'Calls by agent' }).getByRole('row').filter({ hasText: agentName });
    // Open, overdue, done, cancelled, outcomes.
    await expect.poll(async () => (await row.locator('td').allTextContents()).join(' | '), SOON).toBe('1 | 0 | 2 | 0 | interested 1 · objective met 1');

    // Someone else closes the call the agent has open: the agent's "No answer" is refused, said, and the queue read again.
    await page.getByLabel('Status', { exact: true }).selectOption('open');
    await expect.poll(() => heading(page).textContent(), SOON).toBe(two.contactName);
    await asAdmin('POST', `/api/tasks/${two.id}/complete`, { outcome: 'not_interested', answers: { size: 'L' }, comment: 'Called from the office' });
    await page.getByRole('button', { name: 'No answer', exact: true }).click();
    await expect.poll(() => page.locator('.agent-console__notice').textContent(), SOON).toContain('changed elsewhere');
    await expect.poll(() => page.getByText('No calls to make.').count(), SOON).toBe(1);
    expect(await totals(page)).toMatchObject({ Open: '0' });
    expect(await task(two.id)).toMatchObject({ status: 'closed', outcome: 'not_interested' });

    // The interested contact's card: the opportunity the call opened is on their timeline.
    await page.goto(`${base}/contacts/${one.contactId}`);
    await expect.poll(() => page.getByText('Opportunity opened: ', { exact: false }).count(), SOON).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
