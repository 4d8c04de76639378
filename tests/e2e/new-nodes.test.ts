/**
 * A designer builds a flow with every node type of the human steps in Chromium, against the
 * real stack: each new node (review, call-back, branch, update, convert) dragged from the
 * palette and configured through its inspector — outcomes, questionnaire, assignment, a random
 * split that first does not add up to 100 (the editor and the save say so) and is then fixed,
 * update operations, the product — connected, saved, and read back through the API.
 */
import { mkdir } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { nodeType } from '../../flow/registry';
import { useBrowserStack } from '../support/browser-stack';
import { ARTIFACTS } from '../support/chromium';
import { requestJson } from '../support/segment-builder-page';
import { bearer } from '../support/sign-in';

interface SavedFlow {
  version: number;
  graph: { nodes: { id: string; type: string; config: Record<string, unknown> }[]; edges: { source: string; sourceHandle: string; target: string }[] };
  problems: { nodeId: string | null; field?: string; message: string }[];
}

function label(type: string): string {
  const definition = nodeType(type);
  if (!definition) throw new Error(`no node type ${type}`);
  return definition.label;
}

/** Drag `type` from the palette onto the pane at (x, y) of the pane; the dropped node is then the selected one. */
async function dropNode(page: Page, type: string, x: number, y: number): Promise<void> {
  const pane = page.locator('.react-flow__pane');
  const button = page.getByRole('complementary', { name: 'Palette' }).getByRole('button', { name: label(type), exact: true });
  await button.dragTo(pane, { targetPosition: { x, y } });
  await page.locator(`.react-flow__node[data-id="${type}-1"]`).waitFor({ state: 'visible' });
  await expect.poll(() => page.getByRole('region', { name: 'Inspector' }).locator('.inspector__type code').textContent()).toBe(`${type}-1`);
}

/** Draw an edge from a node's output handle to another node's input. */
async function connect(page: Page, source: string, handle: string, target: string): Promise<void> {
  const from = page.locator(`.react-flow__node[data-id="${source}"] .react-flow__handle.source[data-handleid="${handle}"]`);
  const to = page.locator(`.react-flow__node[data-id="${target}"] .react-flow__handle.target`);
  await from.dragTo(to);
  await page.locator(`.react-flow__edge[data-id="${source}.${handle}->${target}"]`).waitFor({ state: 'attached' });
}

/** Auto-layout, then wait until it is done and the nodes have stopped moving (it animates the view). */
async function layOut(page: Page): Promise<void> {
  const button = page.getByRole('toolbar', { name: 'Flow' }).getByRole('button', { name: 'Auto-layout' });
  await button.click();
  await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
  const boxes = async () => JSON.stringify(await Promise.all((await page.locator('.react-flow__node').all()).map((node) => node.boundingBox())));
  let last = '';
  await expect.poll(async () => {
    const now = await boxes();
    const still = now === last;
    last = now;
    return still;
  }, { interval: 300 }).toBe(true);
}

async function select(page: Page, id: string): Promise<Locator> {
  await page.locator(`.react-flow__node[data-id="${id}"] .campaign-node__header`).click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect.poll(() => inspector.locator('.inspector__type code').textContent()).toBe(id);
  return inspector;
}

describe('the new nodes in the designer (Chromium)', () => {
  // No demo data: the test makes the product, team, attribute and topic it picks.
  const running = useBrowserStack({ seed: false });
  const api = <T>(method: string, path: string, body?: unknown) => requestJson<T>(running.baseUrl(), method, path, body, bearer(running.stack().admin));

  it('a designer drags each new node from the palette and configures it', async () => {
    const product = await api<{ id: string }>('POST', '/api/products', { code: 'VAC-BOX', name: 'Vacation box', kind: 'product' });
    const team = await api<{ id: string }>('POST', '/api/teams', { name: 'Call centre' });
    await api('POST', '/api/attribute-definitions', { key: 'budget', label: 'Budget', type: 'number' });
    await api('POST', '/api/topics', { code: 'news', name: 'Newsletter' });
    const reviewer = await api<{ id: string }>('POST', '/api/users', { email: 'rita@example.test', name: 'Rita Reviewer', role: 'designer' });
    await api('POST', '/api/users', { email: 'andy@example.test', name: 'Andy Agent', role: 'agent' });

    const page = await running.adminPage({ viewport: { width: 1800, height: 1100 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${running.baseUrl()}/flows/new?name=${encodeURIComponent('Call-back campaign')}`);
    await page.getByRole('complementary', { name: 'Palette' }).waitFor();
    const inspector = page.getByRole('region', { name: 'Inspector' });

    // --- Review: named reviewers (only people who may review are offered), instructions, deadline.
    await page.getByRole('complementary', { name: 'Palette' }).getByRole('button', { name: label('audience'), exact: true }).click();
    await dropNode(page, 'review', 120, 420);
    await inspector.getByLabel('Reviewers').selectOption('users');
    const reviewers = inspector.getByRole('group', { name: 'Reviewing people' });
    await reviewers.getByLabel('Rita Reviewer').waitFor();
    expect(await reviewers.getByLabel('Andy Agent').count()).toBe(0);
    await reviewers.getByLabel('Rita Reviewer').check();
    await inspector.getByLabel('Instructions').fill('Check the greeting and the offer');
    await inspector.getByLabel('Deadline (h)').fill('48');
    await inspector.getByLabel('On deadline').selectOption('expire');

    // --- Call-back: script, questionnaire, outcomes, assignment, timing.
    await dropNode(page, 'callback', 380, 150);
    await inspector.getByLabel('Script').fill('Hello, this is the travel shop calling about your trip.');
    const questionnaire = inspector.getByRole('group', { name: 'Questionnaire' });
    await questionnaire.getByRole('button', { name: 'Add question' }).click();
    await questionnaire.getByLabel('Question 1', { exact: true }).fill('Budget this year?');
    expect(await questionnaire.getByLabel('Question 1 key').inputValue()).toBe('budget_this_year');
    await questionnaire.getByLabel('Question 1 key').fill('budget');
    await questionnaire.getByLabel('Question 1 type').selectOption('number');
    await questionnaire.getByLabel('Question 1 required').check();
    await questionnaire.getByLabel('Question 1 writes to').selectOption('budget');
    await questionnaire.getByRole('button', { name: 'Add question' }).click();
    await questionnaire.getByLabel('Question 2', { exact: true }).fill('Trip length');
    await questionnaire.getByLabel('Question 2 type').selectOption('choice');
    await questionnaire.getByLabel('Question 2 options').fill('Weekend\nOne week\nTwo weeks');

    const outcomes = inspector.getByRole('group', { name: 'Outcomes' });
    await outcomes.getByRole('button', { name: 'Add outcome' }).click();
    await outcomes.getByLabel('Outcome 5 label').fill('Call later');
    // A reserved name is refused as it is typed, saying why; the outcome keeps its last good name.
    await outcomes.getByLabel('Outcome 5 output').fill('timeout');
    await expect.poll(() => outcomes.getByRole('alert').textContent()).toBe('"timeout" is an output of the node itself: name the outcome otherwise');
    await outcomes.getByLabel('Outcome 5 output').fill('call_later');
    expect(await outcomes.getByRole('alert').count()).toBe(0);
    await outcomes.getByLabel('Outcome 5 reached the contact').uncheck();
    await outcomes.getByRole('button', { name: 'Move outcome 5 up' }).click();
    await outcomes.getByRole('button', { name: 'Remove outcome 5' }).click(); // wrong_number, now fifth

    await inspector.getByLabel('Assign calls to').selectOption('round-robin');
    await inspector.getByLabel('Team', { exact: true }).selectOption(team.id);
    await inspector.getByLabel('Due in (h)').fill('4');
    await inspector.getByLabel('Max attempts').fill('2');
    const callbackNode = page.locator('.react-flow__node[data-id="callback-1"]');
    await expect.poll(() => callbackNode.locator('.campaign-node__outputs').textContent()).toBe('interestednot_interestedno_answercall_laterobjective_mettimeoutunreachable');
    await mkdir(ARTIFACTS, { recursive: true });
    await inspector.screenshot({ path: `${ARTIFACTS}new-nodes-callback-inspector.png` });

    // --- Branch: a random split that adds up to 110%.
    await dropNode(page, 'branch', 700, 120);
    const split = inspector.getByRole('group', { name: 'Split variants' });
    await split.getByLabel('Variant 1 percent').fill('60');
    await split.getByLabel('Variant 2 name').fill('control');
    await expect.poll(() => split.getByRole('status', { name: 'Split total' }).textContent()).toBe('Adds up to 110%: 10% too much; it must be 100%');
    // Rules instead: one branch on the segment builder plus "else"; back to random, the variants are as they were.
    const branchOutputs = page.locator('.react-flow__node[data-id="branch-1"] .campaign-node__outputs');
    await inspector.getByLabel('By rules').check();
    await inspector.getByRole('group', { name: 'Branches' }).getByRole('radiogroup', { name: 'Match for Rules' }).waitFor();
    await expect.poll(() => branchOutputs.textContent()).toBe('matchelse');
    await inspector.getByLabel('At random (A/B split)').check();
    await expect.poll(() => branchOutputs.textContent()).toBe('acontrol');
    expect(await split.getByLabel('Variant 1 percent').inputValue()).toBe('60');

    // --- Update: set the budget attribute, subscribe to the newsletter, log an event.
    await dropNode(page, 'update', 1000, 80);
    const operations = inspector.getByRole('group', { name: 'Operations' });
    await operations.getByRole('button', { name: 'Add operation' }).click();
    await operations.getByLabel('Operation 1 attribute').fill('budget');
    await operations.getByLabel('Operation 1 value').fill('1500');
    await operations.getByRole('button', { name: 'Add operation' }).click();
    await operations.getByLabel('Operation 2', { exact: true }).selectOption('subscribe');
    await operations.getByLabel('Operation 2 topic').selectOption('news');
    await operations.getByRole('button', { name: 'Add operation' }).click();
    await operations.getByLabel('Operation 3', { exact: true }).selectOption('logEvent');
    await operations.getByLabel('Operation 3 event title').fill('Joined the A group');

    // --- Convert: the product, a stage and the odds.
    await dropNode(page, 'convert', 1000, 420);
    await inspector.getByLabel('Product').selectOption(product.id);
    await inspector.getByLabel('Stage').selectOption('proposal');
    await inspector.getByLabel('Probability').fill('40');

    await layOut(page);
    await connect(page, 'audience-1', 'out', 'review-1');
    await connect(page, 'review-1', 'approved', 'callback-1');
    await connect(page, 'callback-1', 'interested', 'branch-1');
    await connect(page, 'branch-1', 'a', 'update-1');
    await connect(page, 'branch-1', 'control', 'convert-1');

    // Saved as a draft: the split's sum is a problem on the branch, in the inspector and on the node.
    const toolbar = page.getByRole('toolbar', { name: 'Flow' });
    await toolbar.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/flows\/[0-9a-f-]{36}$/);
    const flowId = page.url().split('/').pop()!;
    const sumProblem = 'Branch: the percentages add up to 110, not 100';
    const draft = await api<SavedFlow>('GET', `/api/flows/${flowId}`);
    expect(draft.problems).toContainEqual(expect.objectContaining({ nodeId: 'branch-1', field: 'variants', message: sumProblem }));
    const branchNode = page.locator('.react-flow__node[data-id="branch-1"]');
    await expect.poll(() => branchNode.locator('.campaign-node__problems').textContent()).toContain(sumProblem);
    await select(page, 'branch-1');
    await expect.poll(() => inspector.getByRole('alert').allTextContents()).toContain(sumProblem);
    await page.screenshot({ path: `${ARTIFACTS}new-nodes-split-problem.png` });

    // Fixed: the total says 100% and the problem leaves the node.
    await split.getByLabel('Variant 2 percent').fill('40');
    await expect.poll(() => split.getByRole('status', { name: 'Split total' }).textContent()).toBe('Adds up to 100%');
    await expect.poll(() => branchNode.locator('.campaign-node__problems').count()).toBe(0);
    await toolbar.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await api<SavedFlow>('GET', `/api/flows/${flowId}`)).version).toBe(2);
    await page.screenshot({ path: `${ARTIFACTS}new-nodes-saved.png` });

    const saved = await api<SavedFlow>('GET', `/api/flows/${flowId}`);
    const config = (id: string) => saved.graph.nodes.find((node) => node.id === id)?.config;
    expect(config('review-1')).toEqual({ instructions: 'Check the greeting and the offer', reviewers: 'users', userIds: [reviewer.id], deadlineHours: 48, onDeadline: 'expire' });
    expect(config('callback-1')).toEqual({
      script: 'Hello, this is the travel shop calling about your trip.',
      questions: [
        { key: 'budget', label: 'Budget this year?', type: 'number', required: true, attribute: 'budget' },
        { key: 'trip_length', label: 'Trip length', type: 'choice', required: false, options: ['Weekend', 'One week', 'Two weeks'] },
      ],
      outcomes: [
        { key: 'interested', label: 'Interested', reached: true },
        { key: 'not_interested', label: 'Not interested', reached: true },
        { key: 'no_answer', label: 'No answer', reached: false },
        { key: 'call_later', label: 'Call later', reached: false },
      ],
      assignTo: 'round-robin',
      teamId: team.id,
      dueInHours: 4,
      deadlineHours: 168,
      maxAttempts: 2,
    });
    expect(config('branch-1')).toEqual({ mode: 'random', variants: [{ name: 'a', percent: 60 }, { name: 'control', percent: 40 }] });
    expect(config('update-1')).toEqual({
      operations: [
        { kind: 'setAttribute', key: 'budget', value: 1500 },
        { kind: 'subscribe', topic: 'news' },
        { kind: 'logEvent', eventKind: 'campaign_note', title: 'Joined the A group' },
      ],
    });
    expect(config('convert-1')).toEqual({ productId: product.id, stage: 'proposal', probability: 40 });
    expect(saved.graph.edges.map((edge) => `${edge.source}.${edge.sourceHandle}->${edge.target}`).sort()).toEqual(
      ['audience-1.out->review-1', 'branch-1.a->update-1', 'branch-1.control->convert-1', 'callback-1.interested->branch-1', 'review-1.approved->callback-1'],
    );
    // What is left to fix is elsewhere (the audience's review has no messages to check, the ends are open), never a config entered here.
    const configProblems = saved.problems.filter((problem) => problem.field !== undefined && ['review-1', 'callback-1', 'branch-1', 'update-1', 'convert-1'].includes(problem.nodeId ?? ''));
    expect(configProblems).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
