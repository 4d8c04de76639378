/**
 * The reviewer's screen in Chromium against the real stack (API, worker, Temporal dev server,
 * Postgres, dev outbox): a run stops at a review naming one designer; that designer finds it
 * under Reviews, edits one message, excludes one contact and approves after the confirmation
 * says how many go on. The outbox receives the edited text; the excluded contact gets nothing.
 * Another designer is not shown the review at all.
 */
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { graphOf, seedContacts, taggedAudience, taggedContacts } from '../support/campaign-harness';
import { eventually } from '../support/campaign-env';
import { useBrowserStack } from '../support/browser-stack';
import { ARTIFACTS } from '../support/chromium';
import { requestJson } from '../support/segment-builder-page';
import { bearer, createSignedInUser, signedInPage } from '../support/sign-in';

const CAMPAIGN = 'Autumn offer, reviewed';

describe("the reviewer's screen (Chromium)", () => {
  const running = useBrowserStack({ seed: false });
  const api = <T>(method: string, path: string, body?: unknown) => requestJson<T>(running.baseUrl(), method, path, body, bearer(running.stack().admin));

  /** A run of audience → generate → review (by `reviewerId` only) → send → end over three contacts. */
  async function startReviewedRun(reviewerId: string): Promise<{ runId: string }> {
    const { db } = running.stack();
    await seedContacts(db, taggedContacts(3, 'rvw'));
    const template = await api<{ id: string }>('POST', '/api/templates', {
      name: 'Autumn offer',
      channel: 'email',
      subject: 'Hello {{contact.firstName}}',
      body: 'Dear {{contact.firstName}}, our autumn offer is here.',
    });
    const graph = graphOf(
      [
        { id: 'audience', type: 'audience', config: taggedAudience('rvw') },
        { id: 'generate', type: 'generate', config: { templateId: template.id, channel: 'email' } },
        { id: 'check', type: 'review', config: { instructions: 'Check the tone of each greeting', reviewers: 'users', userIds: [reviewerId], deadlineHours: 48 } },
        { id: 'send', type: 'send', config: { channel: 'email', ratePerSecond: 0 } },
        { id: 'end', type: 'end', config: { finalStatus: 'mailed' } },
        { id: 'dropped', type: 'end', config: { finalStatus: 'not mailed' } },
      ],
      ['audience:out->generate', 'generate:ready->check', 'check:approved->send', 'send:sent->end', 'check:excluded->dropped'],
    );
    const flow = await api<{ id: string }>('POST', '/api/flows', { name: 'Reviewed autumn offer', graph });
    const campaign = await api<{ id: string }>('POST', '/api/campaigns', { name: CAMPAIGN, flowId: flow.id, mailPurpose: 'service' });
    return api<{ runId: string }>('POST', `/api/campaigns/${campaign.id}/runs`);
  }

  it('edits one message, excludes one contact and approves: the outbox gets the edited text', async () => {
    const { db, outbox } = running.stack();
    const reviewer = await createSignedInUser(db, 'designer');
    const outsider = await createSignedInUser(db, 'designer');
    const run = await startReviewedRun(reviewer.userId);
    await eventually(async () => (await api<{ runId: string; counts: { messages: number } }[]>('GET', '/api/reviews')).find((r) => r.runId === run.runId && r.counts.messages === 3), 60_000, 'the review task');

    // Another designer is not among the reviewers: nothing waits for them.
    const other = await signedInPage(running.browser(), running.baseUrl(), outsider);
    await other.goto(`${running.baseUrl()}/reviews`);
    await other.getByText('No reviews waiting for you.').waitFor();

    const page = await signedInPage(running.browser(), running.baseUrl(), reviewer, { viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${running.baseUrl()}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reviews' }).click();
    const list = page.getByRole('table', { name: 'Open reviews' });
    const row = list.getByRole('row').filter({ hasText: CAMPAIGN });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('check');
    await row.getByRole('link', { name: CAMPAIGN }).click();
    await page.getByRole('heading', { level: 1, name: `Review: ${CAMPAIGN}` }).waitFor();
    await page.getByText('Check the tone of each greeting').waitFor();

    const messages = page.getByRole('region', { name: 'Messages' });
    const preview = page.getByRole('region', { name: 'Selected message' });
    // Search finds one contact by name.
    await messages.getByRole('searchbox', { name: 'Search messages' }).fill('F1 L1');
    await messages.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => messages.getByRole('row').count()).toBe(2);
    await messages.getByRole('button', { name: 'F1 L1' }).click();
    await preview.getByRole('heading', { name: 'Hello F1' }).waitFor();
    expect(await preview.textContent()).toContain('Dear F1, our autumn offer is here.');

    // Edit inline: Cancel leaves it as it was, Save makes it "edited" with the original below.
    await preview.getByRole('button', { name: 'Edit' }).click();
    const form = preview.getByRole('form', { name: 'Edit message' });
    await form.getByLabel('Text').fill('Something else');
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await preview.textContent()).toContain('Dear F1, our autumn offer is here.');
    await preview.getByRole('button', { name: 'Edit' }).click();
    await form.getByLabel('Subject').fill('A word for F1');
    await form.getByLabel('Text').fill('Dear F1, the autumn offer ends on Friday.');
    await form.getByRole('button', { name: 'Save' }).click();
    await preview.getByRole('heading', { name: 'A word for F1' }).waitFor();
    expect(await preview.getByText('edited', { exact: true }).count()).toBeGreaterThan(0);
    expect(await preview.locator('details').textContent()).toContain('Dear F1, our autumn offer is here.');

    // Exclude another contact with a reason, found in the whole list again.
    await messages.getByRole('searchbox', { name: 'Search messages' }).fill('');
    await messages.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => messages.getByRole('row').count()).toBe(4);
    await messages.getByRole('button', { name: 'F2 L2' }).click();
    await preview.getByRole('button', { name: 'Exclude…' }).click();
    await preview.getByLabel('Why must this message not go?').fill('Asked not to be mailed');
    await preview.getByRole('button', { name: 'Exclude', exact: true }).click();
    await preview.getByText('Asked not to be mailed').waitFor();

    // Approve after the confirmation says what happens.
    await page.getByRole('button', { name: 'Approve…' }).click();
    const confirm = page.getByRole('form', { name: 'Confirm approval' });
    await confirm.getByText('Approve: 2 messages go on to be sent, 1 excluded contact gets nothing.').waitFor();
    await messages.getByRole('button', { name: 'F1 L1' }).click();
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}reviewer.png` });
    await confirm.getByRole('button', { name: 'Approve and send' }).click();
    await page.getByRole('status').filter({ hasText: 'This review is approved' }).waitFor();

    const mails = await eventually(async () => {
      const caught = (await outbox.list()).filter((mail) => mail.to.startsWith('rvw'));
      return caught.length >= 2 ? caught : null;
    }, 60_000, 'the approved mails in the outbox');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = (await outbox.list()).filter((mail) => mail.to.startsWith('rvw'));
    expect(all.map((mail) => mail.to).sort()).toEqual(['rvw0@example.test', 'rvw1@example.test']);
    const edited = mails.find((mail) => mail.to === 'rvw1@example.test')!;
    expect(edited.subject).toBe('A word for F1');
    expect(edited.text.trim()).toBe('Dear F1, the autumn offer ends on Friday.');

    expect(pageErrors).toEqual([]);
  });
});
