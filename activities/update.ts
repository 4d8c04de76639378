import { ApplicationFailure } from '@temporalio/common';
import { checkAttributeValue, loadAttributeRules } from '../db/contact-attributes';
import { existingContactListIds } from '../db/contact-lists';
import { addContactsToList, logRunContactEvents, patchContactAttributes, subscribeContacts, unsubscribeContacts } from '../db/member-updates';
import type { Db, DbClient } from '../db/pool';
import { findTopic } from '../db/topics';
import { CAMPAIGN_CONSENT_SOURCE, type UpdateOperation } from '../flow/nodes/update';
import { writeInPages } from './cohort-pages';
import type { NodeHandler } from './deps';

/** One operation, resolved for the batch: what it writes for a page's members. */
type Write = (client: DbClient, contactIds: string[]) => Promise<void>;

/**
 * Apply the node's operations to every member, in order, page by page: each page's writes and
 * its move to `out` commit together (see `writeInPages`), so a retry writes nothing twice.
 * What cannot work however often it is tried (an unknown topic or list, a value its attribute's
 * definition refuses) fails the run at once, before anything is written.
 */
export const runUpdate: NodeHandler<'update'> = async (deps, run) => {
  const writes = await resolveOperations(deps.db, run.runId, run.node.id, run.node.config.operations);
  return writeInPages(deps, run, 'out', async (client, contactIds) => {
    for (const write of writes) await write(client, contactIds);
  });
};

async function resolveOperations(db: Db, runId: string, nodeId: string, operations: UpdateOperation[]): Promise<Write[]> {
  const refuse = (message: string, code: string) => ApplicationFailure.nonRetryable(`Update ${nodeId}: ${message}`, code);
  const attributeRules = await loadAttributeRules(db);
  const topicId = async (code: string) => {
    const topic = await findTopic(db, code);
    if (!topic) throw refuse(`no topic has the code "${code}"`, 'TOPIC_NOT_FOUND');
    return topic.id;
  };
  const writes: Write[] = [];
  for (const operation of operations) {
    switch (operation.kind) {
      case 'setAttribute': {
        const rule = attributeRules.get(operation.key);
        const checked = rule ? checkAttributeValue(rule, operation.value) : { value: operation.value };
        if ('error' in checked) throw refuse(`attribute ${operation.key} ${checked.error}`, 'ATTRIBUTE_INVALID');
        writes.push((client, ids) => patchContactAttributes(client, ids, { [operation.key]: checked.value }));
        break;
      }
      case 'clearAttribute':
        writes.push((client, ids) => patchContactAttributes(client, ids, { [operation.key]: null }));
        break;
      case 'subscribe': {
        const consent = { topicId: await topicId(operation.topic), source: CAMPAIGN_CONSENT_SOURCE, textShown: operation.textShown ?? null };
        writes.push(async (client, ids) => void (await subscribeContacts(client, ids, consent)));
        break;
      }
      case 'unsubscribe': {
        const consent = { topicId: await topicId(operation.topic), source: CAMPAIGN_CONSENT_SOURCE };
        writes.push(async (client, ids) => void (await unsubscribeContacts(client, ids, consent)));
        break;
      }
      case 'addToList': {
        if (!(await existingContactListIds(db, [operation.listId])).has(operation.listId.toLowerCase())) throw refuse(`contact list ${operation.listId} does not exist`, 'LIST_NOT_FOUND');
        writes.push((client, ids) => addContactsToList(client, operation.listId, ids));
        break;
      }
      case 'logEvent':
        writes.push((client, ids) => logRunContactEvents(client, ids, { runId, nodeId, kind: operation.eventKind, title: operation.title, body: operation.body }));
        break;
    }
  }
  return writes;
}
