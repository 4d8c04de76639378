import { ApplicationFailure } from '@temporalio/common';
import { moveMembers } from '../db/cohorts';
import { draftContactsPage, insertRenderedDrafts, type RenderedDraft } from '../db/message-drafts';
import { inTransaction } from '../db/pool';
import { runRenderContext } from '../db/render-context';
import { listSalutations } from '../db/salutations';
import { refusedForMail } from '../db/send-policy';
import { getTemplate } from '../db/templates';
import { DEFAULT_PUBLIC_URL, trackingSecret } from '../db/tracking-secret';
import { SKIP_REASONS } from '../flow/nodes/generate';
import { compileTemplate, type CompiledTemplate } from '../templating/compile';
import { renderForContact, unsubscribeMailbox } from '../templating/render';
import { messageIdFor } from '../templating/tracking-links';
import type { ActivityDeps, NodeHandler, NodeRun } from './deps';
import { pageDone } from './progress';

const PAGE_SIZE = 500;

interface GenerateState {
  after: string | null;
}

/**
 * Render one message per member from the node's template, in pages. Per page, consent first
 * (db/send-policy.ts: the suppression list, a withdrawn e-mail consent, the campaign topic's
 * subscription for marketing mail): refused members leave by `suppressed` with the reason and
 * nothing is rendered for them. Members without an address, or whose mail would be empty, leave
 * by `skipped`. The rest get their mail in their language (templating/), stored as the draft
 * whose id the links were signed with, and move to `ready`, in the page's one transaction.
 */
export const runGenerate: NodeHandler<'generate'> = async (deps, run) => {
  const { db } = deps;
  const { runId, node, inputCohortId, outputs } = run;
  const { ready, skipped, suppressed } = outputs;
  if (!inputCohortId || !ready || !skipped || !suppressed) throw new Error(`Generate ${node.id} needs an input and ready/skipped/suppressed cohorts`);
  const setup = await batchSetup(deps, run);
  const state: GenerateState = { after: (run.state as GenerateState | null)?.after ?? null };
  let handled = 0;
  for (;;) {
    const contacts = await draftContactsPage(db, inputCohortId, state.after, PAGE_SIZE);
    if (contacts.length === 0) return { done: true };
    const refused = await refusedForMail(db, runId, contacts.map((contact) => contact.id));
    const drafts: RenderedDraft[] = [];
    const leaving = new Map<string, { handle: 'skipped' | 'suppressed'; contactIds: string[] }>();
    const leave = (handle: 'skipped' | 'suppressed', detail: string, contactId: string) => {
      const key = `${handle}:${detail}`;
      const group = leaving.get(key) ?? { handle, contactIds: [] };
      group.contactIds.push(contactId);
      leaving.set(key, group);
    };
    for (const contact of contacts) {
      const reason = refused.get(contact.id);
      if (reason !== undefined) {
        leave('suppressed', reason, contact.id);
        continue;
      }
      if (!contact.email) {
        leave('skipped', SKIP_REASONS.noAddress, contact.id);
        continue;
      }
      const messageId = messageIdFor(inputCohortId, contact.id);
      const mail = renderForContact(setup.compiled, contact, setup.campaign, { messageId, keys: setup.keys, mailto: setup.mailto, marketing: setup.marketing });
      if (mail.empty === 'subject') leave('skipped', SKIP_REASONS.emptySubject, contact.id);
      else if (mail.empty === 'body') leave('skipped', SKIP_REASONS.emptyBody, contact.id);
      else {
        drafts.push({
          contactId: contact.id,
          toAddress: contact.email,
          subject: mail.subject,
          bodyText: mail.text,
          bodyHtml: mail.html,
          language: mail.language,
          headers: mail.headers,
          links: mail.links,
          marketing: setup.marketing,
        });
      }
    }
    await inTransaction(db, async (client) => {
      await insertRenderedDrafts(client, { runId, nodeId: node.id, arrivalId: inputCohortId, channel: node.config.channel }, drafts);
      const move = { runId, nodeId: node.id, fromCohortId: inputCohortId };
      await moveMembers(client, {
        ...move,
        toCohortId: ready.cohortId,
        handle: 'ready',
        contactIds: drafts.map((draft) => draft.contactId),
        messageArrivalId: inputCohortId,
      });
      for (const [key, group] of leaving) {
        const detail = key.slice(group.handle.length + 1);
        const target = group.handle === 'suppressed' ? suppressed : skipped;
        await moveMembers(client, { ...move, toCohortId: target.cohortId, handle: group.handle, contactIds: group.contactIds, detail });
      }
    });
    state.after = contacts[contacts.length - 1]!.id;
    handled += contacts.length;
    pageDone(state);
    if (run.batchOver(handled)) return { done: false, state };
  }
};

interface BatchSetup {
  compiled: CompiledTemplate;
  campaign: NonNullable<Awaited<ReturnType<typeof runRenderContext>>>;
  keys: { publicUrl: string; secret: string };
  mailto: string;
  marketing: boolean;
}

/**
 * What every message of the batch shares, read once: the template compiled with the salutation
 * matrix, the campaign's context (its product priced today), the signing keys and the
 * List-Unsubscribe mailbox. A template that does not exist or does not compile fails the run at
 * once: retrying cannot fix it.
 */
async function batchSetup(deps: ActivityDeps, run: NodeRun<'generate'>): Promise<BatchSetup> {
  const { db } = deps;
  const { node } = run;
  const [template, salutations, campaign] = await Promise.all([getTemplate(db, node.config.templateId), listSalutations(db), runRenderContext(db, run.runId)]);
  if (!template) {
    throw ApplicationFailure.nonRetryable(`Template ${node.config.templateId} of node ${node.id} does not exist`, 'TEMPLATE_NOT_FOUND');
  }
  if (!campaign) throw ApplicationFailure.nonRetryable(`Run ${run.runId} has no campaign`, 'RUN_NOT_FOUND');
  const result = compileTemplate(template, { salutations });
  if ('problems' in result) {
    const list = result.problems.map((problem) => `${problem.field}${problem.line ? ` line ${problem.line}` : ''}: ${problem.message}`).join('; ');
    throw ApplicationFailure.nonRetryable(`Node ${node.id}: Template does not compile ("${template.name}"): ${list}`, 'TEMPLATE_INVALID');
  }
  const keys = {
    publicUrl: deps.tracking?.publicUrl ?? DEFAULT_PUBLIC_URL,
    secret: deps.tracking?.secret ?? (await trackingSecret(db, undefined)),
  };
  return { compiled: result.compiled, campaign, keys, mailto: unsubscribeMailbox(deps.mailFrom, deps.unsubscribeMailto), marketing: campaign.mailPurpose === 'marketing' };
}
