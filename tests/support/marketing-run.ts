import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { checkFlow } from '../../api/flow-checks';
import { startRun } from '../../api/run-starter';
import { SYSTEM_ACTOR } from '../../db/audit';
import { createCampaign } from '../../db/campaigns';
import { createFlow } from '../../db/flows';
import type { Db } from '../../db/pool';
import { requestSubscription } from '../../db/subscriptions';
import { createTopic } from '../../db/topics';
import type { FlowGraph } from '../../flow/graph';
import type { StartedRun } from './campaign-harness';

/**
 * A marketing topic without double opt-in, and these contacts subscribed to it through the same
 * function the API uses (with its consent record): the consent a marketing campaign needs.
 */
export async function topicWithSubscribers(db: Db, code: string, contactIds: string[]): Promise<string> {
  const created = await createTopic(db, { code, name: `Topic ${code}`, doubleOptIn: false });
  if (!('topic' in created)) throw new Error(`Topic ${code} exists already`);
  for (const contactId of contactIds) {
    const outcome = await requestSubscription(db, SYSTEM_ACTOR, { contactId }, { topic: code, source: 'test', textShown: 'Send me offers' });
    if ('refused' in outcome) throw new Error(`Subscription refused: ${JSON.stringify(outcome)}`);
  }
  return created.topic.id;
}

/**
 * As startCampaignRun (tests/support/campaign-harness.ts), but for a marketing campaign about
 * `topicId`: the run mails only the topic's confirmed subscribers (consent tests).
 */
export async function startMarketingRun(db: Db, client: Client, taskQueue: string, graph: FlowGraph, topicId: string): Promise<StartedRun> {
  const check = await checkFlow(db, graph);
  if (!check.ok) throw new Error(`Test flow cannot run: ${JSON.stringify(check.problems)}`);
  const flow = await createFlow(db, SYSTEM_ACTOR, { name: 'Marketing flow', graph: check.graph });
  const created = await createCampaign(db, SYSTEM_ACTOR, { name: 'Marketing campaign', flowId: flow.id, mailPurpose: 'marketing', topicId });
  if (!('campaign' in created)) throw new Error(`Campaign refused: ${JSON.stringify(created.refused)}`);
  return startRun(
    { db, client, taskQueue },
    { runId: randomUUID(), campaignId: created.campaign.id, flowId: flow.id, flowVersion: flow.version, graph: check.graph, log: console, tuning: {} },
  );
}
