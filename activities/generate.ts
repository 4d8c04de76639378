import { ApplicationFailure } from '@temporalio/common';
import { moveMembers } from '../db/cohorts';
import { cohortContactsPage, insertDrafts, type DraftMessage } from '../db/messages';
import { inTransaction } from '../db/pool';
import { getTemplate } from '../db/templates';
import type { GenerateConfig } from '../flow/node-types';
import type { NodeHandler } from './deps';
import { pageDone, resumePoint } from './progress';
import { compileTemplate, TemplateError } from './render/template-renderer';

const PAGE_SIZE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Render one message per member from the node's template (compiled once), in pages: drafts
 * are inserted in one batch per page and the page's members move to `ready` (or `skipped`
 * when they have no address) in the same transaction.
 */
export const runGenerate: NodeHandler = async ({ db }, { runId, node, inputCohortId, outputs }) => {
  const config = node.config as GenerateConfig;
  const ready = outputs.ready;
  const skipped = outputs.skipped;
  if (!inputCohortId || !ready || !skipped) throw new Error(`Generate ${node.id} needs an input and ready/skipped cohorts`);
  const template = UUID.test(config.templateId) ? await getTemplate(db, config.templateId) : undefined;
  if (!template) {
    throw ApplicationFailure.nonRetryable(`Template ${config.templateId} of node ${node.id} does not exist`, 'TEMPLATE_NOT_FOUND');
  }
  let render: ReturnType<typeof compileTemplate>;
  try {
    render = compileTemplate(template);
  } catch (error) {
    if (error instanceof TemplateError) throw ApplicationFailure.nonRetryable(error.message, 'TEMPLATE_INVALID');
    throw error;
  }
  const progress = resumePoint();
  for (;;) {
    const contacts = await cohortContactsPage(db, inputCohortId, progress.lastContactId, PAGE_SIZE);
    if (contacts.length === 0) break;
    const drafts: DraftMessage[] = [];
    const noAddress: string[] = [];
    for (const contact of contacts) {
      if (!contact.email) {
        noAddress.push(contact.id);
        continue;
      }
      const message = render(contact);
      drafts.push({ contact_id: contact.id, to_address: contact.email, subject: message.subject, body_text: message.text });
    }
    await inTransaction(db, async (client) => {
      await insertDrafts(client, runId, node.id, config.channel, drafts);
      const move = { runId, nodeId: node.id, fromCohortId: inputCohortId };
      await moveMembers(client, { ...move, toCohortId: ready.cohortId, handle: 'ready', contactIds: drafts.map((d) => d.contact_id) });
      await moveMembers(client, { ...move, toCohortId: skipped.cohortId, handle: 'skipped', contactIds: noAddress });
    });
    progress.lastContactId = contacts[contacts.length - 1]!.id;
    progress.processed += contacts.length;
    pageDone(progress);
  }
};
