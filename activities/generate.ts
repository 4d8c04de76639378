import { ApplicationFailure } from '@temporalio/common';
import { moveMembers } from '../db/cohorts';
import { cohortContactsPage, insertDrafts, type DraftMessage } from '../db/messages';
import { inTransaction } from '../db/pool';
import { getTemplate } from '../db/templates';
import { SKIP_REASONS } from '../flow/nodes/generate';
import type { NodeHandler } from './deps';
import { pageDone } from './progress';
import { compileTemplate, TemplateError } from './render/template-renderer';

const PAGE_SIZE = 500;

interface GenerateState {
  after: string | null;
}

/**
 * Render one message per member from the node's template (compiled once), in pages: drafts are
 * inserted in one batch per page (ids made from this arrival and the contact) and the page's
 * members move to `ready`, pointing at their new message, or to `skipped` with the reason (no
 * address, an empty subject or body: an empty mail is never sent), in the same transaction.
 */
export const runGenerate: NodeHandler<'generate'> = async ({ db }, run) => {
  const { runId, node, inputCohortId, outputs } = run;
  const ready = outputs.ready;
  const skipped = outputs.skipped;
  if (!inputCohortId || !ready || !skipped) throw new Error(`Generate ${node.id} needs an input and ready/skipped cohorts`);
  const template = await getTemplate(db, node.config.templateId);
  if (!template) {
    throw ApplicationFailure.nonRetryable(`Template ${node.config.templateId} of node ${node.id} does not exist`, 'TEMPLATE_NOT_FOUND');
  }
  let render: ReturnType<typeof compileTemplate>;
  try {
    render = compileTemplate(template);
  } catch (error) {
    if (error instanceof TemplateError) throw ApplicationFailure.nonRetryable(error.message, 'TEMPLATE_INVALID');
    throw error;
  }
  const state: GenerateState = { after: (run.state as GenerateState | null)?.after ?? null };
  let rendered = 0;
  for (;;) {
    const contacts = await cohortContactsPage(db, inputCohortId, state.after, PAGE_SIZE);
    if (contacts.length === 0) return { done: true };
    const drafts: DraftMessage[] = [];
    const skips = new Map<string, string[]>();
    const skip = (reason: string, contactId: string) => skips.set(reason, [...(skips.get(reason) ?? []), contactId]);
    for (const contact of contacts) {
      if (!contact.email) {
        skip(SKIP_REASONS.noAddress, contact.id);
        continue;
      }
      const message = render(contact);
      if (message.subject.trim() === '') skip(SKIP_REASONS.emptySubject, contact.id);
      else if (message.text.trim() === '') skip(SKIP_REASONS.emptyBody, contact.id);
      else drafts.push({ contact_id: contact.id, to_address: contact.email, subject: message.subject, body_text: message.text });
    }
    await inTransaction(db, async (client) => {
      await insertDrafts(client, { runId, nodeId: node.id, arrivalId: inputCohortId, channel: node.config.channel }, drafts);
      const move = { runId, nodeId: node.id, fromCohortId: inputCohortId };
      await moveMembers(client, {
        ...move,
        toCohortId: ready.cohortId,
        handle: 'ready',
        contactIds: drafts.map((d) => d.contact_id),
        messageArrivalId: inputCohortId,
      });
      for (const [detail, contactIds] of skips) {
        await moveMembers(client, { ...move, toCohortId: skipped.cohortId, handle: 'skipped', contactIds, detail });
      }
    });
    state.after = contacts[contacts.length - 1]!.id;
    rendered += contacts.length;
    pageDone(state);
    if (run.batchOver(rendered)) return { done: false, state };
  }
};
